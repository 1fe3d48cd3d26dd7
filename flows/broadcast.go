package flows

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FlowBroadcast is /siaran: an admin writes a message, chooses who gets
// it and when, sees it as recipients will with the count and the time it
// takes, and confirms twice. The buttons under a queued broadcast show its
// progress and cancel it.
const FlowBroadcast = "siaran"

const prefixBroadcast = "sr"

const (
	stepBcText    = "text"
	stepBcTextEN  = "text_en"
	stepBcPhoto   = "photo"
	stepBcRoles   = "roles"
	stepBcAge     = "age"
	stepBcArea    = "area"
	stepBcWhen    = "when"
	stepBcConfirm = "confirm"
	stepBcSure    = "sure"
)

// maxBroadcastText is Telegram's limit on a message; maxBroadcastCaption
// on a photo's caption, which the texts become when there is a photo.
const (
	maxBroadcastText    = 4096
	maxBroadcastCaption = 1024
)

type broadcastState struct {
	Draft  BroadcastDraft `json:"draft"`
	Count  int            `json:"count"`
	ETA    time.Duration  `json:"eta"`
	editID int            // the roles question being toggled, this turn only
}

// Broadcast is the /siaran flow.
func Broadcast() *Flow[broadcastState] {
	return &Flow[broadcastState]{
		Name:  FlowBroadcast,
		Start: broadcastStart,
		Steps: map[string]Step[broadcastState]{
			stepBcText:    {Ask: askBcText, Handle: handleBcText},
			stepBcTextEN:  {Ask: askBcTextEN, Handle: handleBcTextEN},
			stepBcPhoto:   {Ask: askBcPhoto, Handle: handleBcPhoto, TakesPhoto: true},
			stepBcRoles:   {Ask: askBcRoles, Handle: handleBcRoles},
			stepBcAge:     {Ask: askBcAge, Handle: handleBcAge},
			stepBcArea:    {Ask: askBcArea, Handle: handleBcArea},
			stepBcWhen:    {Ask: askBcWhen, Handle: handleBcWhen},
			stepBcConfirm: {Ask: askBcConfirm, Handle: handleBcConfirm},
			stepBcSure:    {Ask: askBcSure, Handle: handleBcSure},
		},
	}
}

func broadcastStart(env *Env, in Input) (broadcastState, Result, error) {
	var s broadcastState
	action, id, ok := pressed(in, prefixBroadcast)
	if !ok {
		return s, Next(stepBcText), nil
	}
	var r BroadcastReport
	var err error
	switch action {
	case "status":
		r, err = env.Svc.BroadcastProgress(env.Ctx, id)
	case "stop":
		r, err = env.Svc.CancelBroadcast(env.Ctx, id)
	default:
		return s, End(Say(T(MsgStaleButton))), nil
	}
	if errors.Is(err, ErrNotFound) {
		return s, End(Say(T(MsgNotFound))), nil
	}
	if err != nil {
		return s, Result{}, err
	}
	return s, End(broadcastReport(r)), nil
}

// broadcastReport is a broadcast's progress, with the buttons to follow it.
func broadcastReport(r BroadcastReport) Reply {
	state := MsgBcStateSending
	switch {
	case r.Cancelled:
		state = MsgBcStateCancelled
	case r.Pending == 0:
		state = MsgBcStateDone
	}
	reply := Say(T(MsgBcReport, "Number", r.ID, "State", T(state), "Count", r.Total, "Sent", r.Sent,
		"Blocked", r.Blocked, "Failed", r.Failed, "Waiting", r.Pending))
	if !r.Cancelled && r.Pending > 0 {
		reply.Buttons = [][]Button{Row(
			Choice(button(prefixBroadcast, "status", r.ID), MsgBcButtonStatus),
			Choice(button(prefixBroadcast, "stop", r.ID), MsgBcButtonStop),
		)}
	}
	return reply
}

func askBcText(*Env, *broadcastState) (Reply, error) { return Say(T(MsgBcAskText)), nil }

// broadcastText reads a typed text for a broadcast; ok is false (with why)
// when it cannot be one.
func broadcastText(in Input) (string, *Text) {
	if in.Kind != KindText {
		t := wrongKind(in)
		return "", &t
	}
	text := strings.TrimSpace(in.Text)
	if n := utf8.RuneCountInString(text); n > maxBroadcastText {
		t := T(MsgBcTooLong, "Max", maxBroadcastText)
		return "", &t
	}
	return text, nil
}

func handleBcText(_ *Env, s *broadcastState, in Input) (Result, error) {
	text, why := broadcastText(in)
	if why != nil {
		return Stay(*why), nil
	}
	s.Draft.TextID = text
	return Next(stepBcTextEN), nil
}

func askBcTextEN(*Env, *broadcastState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgBcAskTextEN)}, Buttons: [][]Button{
		Row(Choice(button(prefixBroadcast, "skip"), MsgBcButtonSkip)),
	}}, nil
}

func handleBcTextEN(_ *Env, s *broadcastState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixBroadcast); ok && action == "skip" {
		s.Draft.TextEN = ""
		return Next(stepBcPhoto), nil
	}
	text, why := broadcastText(in)
	if why != nil {
		return Stay(*why), nil
	}
	s.Draft.TextEN = text
	return Next(stepBcPhoto), nil
}

func askBcPhoto(*Env, *broadcastState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgBcAskPhoto)}, Buttons: [][]Button{
		Row(Choice(button(prefixBroadcast, "nophoto"), MsgBcButtonNoPhoto)),
	}}, nil
}

// handleBcPhoto takes a photo the admin sends (its texts become the
// caption, so they must fit one) or none.
func handleBcPhoto(_ *Env, s *broadcastState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixBroadcast); ok && action == "nophoto" {
		s.Draft.PhotoFileID = ""
		return Next(stepBcRoles), nil
	}
	if in.PhotoFileID == "" {
		return Stay(wrongKind(in)), nil
	}
	for _, t := range []string{s.Draft.TextID, s.Draft.TextEN} {
		if utf8.RuneCountInString(t) > maxBroadcastCaption {
			return Stay(T(MsgBcCaptionTooLong, "Max", maxBroadcastCaption)), nil
		}
	}
	s.Draft.PhotoFileID = in.PhotoFileID
	return Next(stepBcRoles), nil
}

// broadcastRoles are the audiences /siaran offers: several may be chosen,
// or everyone.
var broadcastRoles = []Role{RoleParent, RolePregnant, RoleAdolescent, RoleKader, RoleNakes}

func askBcRoles(_ *Env, s *broadcastState) (Reply, error) {
	r := Reply{Texts: []Text{T(MsgBcAskRoles)}, EditMessageID: s.editID}
	for _, role := range broadcastRoles {
		b := Choice(button(prefixBroadcast, "role_"+string(role)), MsgBcRoleLabelPrefix+string(role))
		b.Checked = slices.Contains(s.Draft.Roles, role)
		r.Buttons = append(r.Buttons, Row(b))
	}
	r.Buttons = append(r.Buttons,
		Row(Choice(button(prefixBroadcast, "roles_done"), MsgBcButtonRolesDone)),
		Row(Choice(button(prefixBroadcast, "role_all"), MsgBcButtonEveryone)))
	return r, nil
}

// handleBcRoles toggles a role (the question is edited in place), takes
// the chosen ones, or everyone. Parents are then asked their children's age.
func handleBcRoles(_ *Env, s *broadcastState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixBroadcast)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	switch role, isRole := strings.CutPrefix(action, "role_"); {
	case action == "roles_done" && len(s.Draft.Roles) == 0:
		return Stay(T(MsgBcRolesNone)), nil
	case action == "roles_done":
	case isRole && role == "all":
		s.Draft.Roles = nil
		return Next(stepBcArea), nil
	case isRole && slices.Contains(broadcastRoles, Role(role)):
		s.Draft.Roles = toggleRole(s.Draft.Roles, Role(role))
		s.editID = in.MessageID
		return Stay(), nil
	default:
		return Stay(T(MsgStaleButton)), nil
	}
	if slices.Contains(s.Draft.Roles, RoleParent) {
		return Next(stepBcAge), nil
	}
	return Next(stepBcArea), nil
}

// broadcastAges are the age bands of the parents' children /siaran offers
// (the bands of the F2 report; 6–11 months is MPASI age), in months.
var broadcastAges = [][2]int{{0, 5}, {6, 11}, {12, 23}, {24, 59}}

func askBcAge(*Env, *broadcastState) (Reply, error) {
	r := Reply{Texts: []Text{T(MsgBcAskAge)}}
	for _, a := range broadcastAges {
		r.Buttons = append(r.Buttons, Row(Choice(button(prefixBroadcast, "age_"+strconv.Itoa(a[0])+"_"+strconv.Itoa(a[1])), MsgBcButtonAge, "From", a[0], "To", a[1])))
	}
	r.Buttons = append(r.Buttons, Row(Choice(button(prefixBroadcast, "age_any"), MsgBcButtonAnyAge)))
	return r, nil
}

func handleBcAge(_ *Env, s *broadcastState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixBroadcast)
	band, isAge := strings.CutPrefix(action, "age_")
	if !ok || !isAge {
		return Stay(wrongKind(in)), nil
	}
	s.Draft.ChildMinMonths, s.Draft.ChildMaxMonths = 0, 0
	if band != "any" {
		from, to, _ := strings.Cut(band, "_")
		lo, err1 := strconv.Atoi(from)
		hi, err2 := strconv.Atoi(to)
		if err1 != nil || err2 != nil || !slices.Contains(broadcastAges, [2]int{lo, hi}) {
			return Stay(T(MsgStaleButton)), nil
		}
		s.Draft.ChildMinMonths, s.Draft.ChildMaxMonths = lo, hi
	}
	return Next(stepBcArea), nil
}

func askBcArea(*Env, *broadcastState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgBcAskArea)}, Buttons: [][]Button{
		Row(Choice(button(prefixBroadcast, "area_all"), MsgBcButtonAllArea)),
	}}, nil
}

func handleBcArea(env *Env, s *broadcastState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixBroadcast); ok && action == "area_all" {
		s.Draft.Area, s.Draft.Posyandu = "", 0
		return Next(stepBcWhen), nil
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	text := strings.TrimSpace(in.Text)
	if rest, ok := strings.CutPrefix(strings.ToLower(text), "posyandu "); ok {
		id, err := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
		if err != nil || id <= 0 {
			return Stay(T(MsgBcAreaUnreadable)), nil
		}
		s.Draft.Area, s.Draft.Posyandu = "", id
		return bcAreaChosen(env, s, in)
	}
	for _, r := range text {
		if (r < '0' || r > '9') && r != '.' {
			return Stay(T(MsgBcAreaUnreadable)), nil
		}
	}
	s.Draft.Area, s.Draft.Posyandu = text, 0
	return bcAreaChosen(env, s, in)
}

// bcAreaChosen checks a typed area at once: it must exist and lie within
// the admin's own region.
func bcAreaChosen(env *Env, s *broadcastState, in Input) (Result, error) {
	d := s.Draft
	d.SendAt = time.Time{}
	_, err := env.Svc.PlanBroadcast(env.Ctx, d, in.Now)
	switch {
	case errors.Is(err, ErrOutOfRegion):
		return Stay(T(MsgBcOutOfRegion)), nil
	case errors.Is(err, ErrBroadcastInvalid):
		return Stay(T(MsgBcAreaUnknown)), nil
	case err != nil:
		return Result{}, err
	}
	return Next(stepBcWhen), nil
}

func askBcWhen(*Env, *broadcastState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgBcAskWhen)}, Buttons: [][]Button{
		Row(Choice(button(prefixBroadcast, "now"), MsgBcButtonNow)),
	}}, nil
}

func handleBcWhen(env *Env, s *broadcastState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixBroadcast); ok && action == "now" {
		s.Draft.SendAt = time.Time{}
	} else if in.Kind == KindText {
		user, err := env.Svc.CurrentUser(env.Ctx)
		if err != nil {
			return Result{}, err
		}
		at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(in.Text), user.Zone())
		if err != nil || !at.After(in.Now) {
			return Stay(T(MsgBcWhenUnreadable)), nil
		}
		s.Draft.SendAt = at
	} else {
		return Stay(wrongKind(in)), nil
	}
	plan, err := env.Svc.PlanBroadcast(env.Ctx, s.Draft, in.Now)
	switch {
	case errors.Is(err, ErrOutOfRegion):
		return Next(stepBcArea, T(MsgBcOutOfRegion)), nil
	case errors.Is(err, ErrBroadcastInvalid):
		return Next(stepBcArea, T(MsgBcAreaUnknown)), nil
	case err != nil:
		return Result{}, err
	}
	s.Count, s.ETA = plan.Count, plan.ETA
	if s.Count == 0 {
		return Next(stepBcRoles, T(MsgBcNobody)), nil
	}
	// The messages exactly as recipients get them, ahead of the summary.
	as := func(text string) Reply { return Reply{Texts: []Text{Lit(text)}, PhotoFileID: s.Draft.PhotoFileID} }
	preview := []Reply{Say(T(MsgBcPreviewID)), as(s.Draft.TextID)}
	if s.Draft.TextEN != "" {
		preview = append(preview, Say(T(MsgBcPreviewEN)), as(s.Draft.TextEN))
	}
	return Next(stepBcConfirm).Before(preview...), nil
}

func bcWhen(env *Env, s *broadcastState) Text {
	if s.Draft.SendAt.IsZero() {
		return T(MsgBcWhenNow)
	}
	user, _ := env.Svc.CurrentUser(env.Ctx) // on an error, UTC: the time is still right
	at := s.Draft.SendAt.In(user.Zone())
	return T(MsgBcWhenAt, "Date", Day(at), "Time", Lit(at.Format("15.04 MST")))
}

// bcDuration is the ETA in words: "less than a minute", "about 3 minutes".
func bcDuration(s *broadcastState) Text {
	if s.ETA < time.Minute {
		return T(MsgBcDurationShort)
	}
	return T(MsgBcDuration, "Count", int(math.Ceil(s.ETA.Minutes())))
}

func askBcConfirm(env *Env, s *broadcastState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgBcSummary, "Count", s.Count, "Duration", bcDuration(s), "When", bcWhen(env, s))},
		Buttons: [][]Button{Row(
			Choice(button(prefixBroadcast, "send"), MsgBcButtonSend),
			Choice(button(prefixBroadcast, "cancel"), MsgBcButtonCancel),
		)}}, nil
}

func handleBcConfirm(_ *Env, _ *broadcastState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixBroadcast)
	switch {
	case ok && action == "send":
		return Next(stepBcSure), nil
	case ok && action == "cancel":
		return End(Say(T(MsgCancelled))), nil
	}
	return Stay(wrongKind(in)), nil
}

func askBcSure(_ *Env, s *broadcastState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgBcSure, "Count", s.Count)}, Buttons: [][]Button{Row(
		Choice(button(prefixBroadcast, "yes"), MsgBcButtonYes),
		Choice(button(prefixBroadcast, "cancel"), MsgBcButtonCancel),
	)}}, nil
}

func handleBcSure(env *Env, s *broadcastState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixBroadcast)
	switch {
	case ok && action == "cancel":
		return End(Say(T(MsgCancelled))), nil
	case !ok || action != "yes":
		return Stay(wrongKind(in)), nil
	}
	id, n, err := env.Svc.QueueBroadcast(env.Ctx, s.Draft, in.Now)
	if errors.Is(err, ErrBroadcastInvalid) || errors.Is(err, ErrOutOfRegion) {
		return End(Say(T(MsgBcAreaUnknown))), nil
	}
	if err != nil {
		return Result{}, err
	}
	return End(Reply{Texts: []Text{T(MsgBcQueued, "Number", id, "Count", n)}, Buttons: [][]Button{Row(
		Choice(button(prefixBroadcast, "status", id), MsgBcButtonStatus),
		Choice(button(prefixBroadcast, "stop", id), MsgBcButtonStop),
	)}}), nil
}

package flows

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/measure"
)

// FlowPosGizi is a cadre's (or health worker's) pos gizi round in chat: /posgizi opens a round
// (place, first day, number of days, hours), enrols children by button and
// invites their parents; during the round it ticks who came to the day's
// session; at the last day it takes each child's weight and says "lulus"
// or "ikut putaran berikutnya" to the cadre and the parents.
const FlowPosGizi = "posgizi"

const prefixPosGizi = "posgizi"

// The steps of /posgizi.
const (
	stepPGWhich    = "which"
	stepPGPlace    = "place"
	stepPGStart    = "start"
	stepPGDays     = "days"
	stepPGHours    = "hours"
	stepPGChildren = "children"
	stepPGAttend   = "attend"
	stepPGWeigh    = "weigh"
)

// DefaultPosGiziDays is the usual length of a round (DOMAIN.md: about 12
// days over two weeks).
const DefaultPosGiziDays = 12

// Message IDs of /posgizi (locales/posgizi.*.json).
const (
	MsgCmdPosGizi           = "cmd.posgizi"
	MsgPosGiziPlaceAsk      = "posgizi.place.ask"
	MsgPosGiziAtPosyandu    = "posgizi.button.here"
	MsgPosGiziStartAsk      = "posgizi.start.ask"
	MsgPosGiziTomorrow      = "posgizi.button.tomorrow"
	MsgPosGiziMonday        = "posgizi.button.monday"
	MsgPosGiziStartInvalid  = "posgizi.start.invalid"
	MsgPosGiziDaysAsk       = "posgizi.days.ask"
	MsgPosGiziDaysInvalid   = "posgizi.days.invalid"
	MsgPosGiziHoursAsk      = "posgizi.hours.ask"
	MsgPosGiziHoursInvalid  = "posgizi.hours.invalid"
	MsgPosGiziChildrenAsk   = "posgizi.children.ask"
	MsgPosGiziNoCandidates  = "posgizi.children.none"
	MsgPosGiziCandidate     = "posgizi.children.candidate"
	MsgPosGiziReasonPrefix  = "posgizi.reason." // + 2T, T, BGM, underweight, referral
	MsgPosGiziOpenButton    = "posgizi.button.open"
	MsgPosGiziChooseOne     = "posgizi.children.choose"
	MsgPosGiziNameNone      = "posgizi.children.noname"
	MsgPosGiziOpened        = "posgizi.opened"
	MsgPosGiziInvite        = "posgizi.invite"
	MsgPosGiziNotYet        = "posgizi.notyet"
	MsgPosGiziAttendAsk     = "posgizi.attend.ask"
	MsgPosGiziDoneButton    = "posgizi.button.done"
	MsgPosGiziWeighButton   = "posgizi.button.weigh"
	MsgPosGiziAttendSaved   = "posgizi.attend.saved"
	MsgPosGiziWeighAsk      = "posgizi.weigh.ask"
	MsgPosGiziWeightInvalid = "posgizi.weigh.invalid"
	MsgPosGiziGain          = "posgizi.result.gain"
	MsgPosGiziNoStart       = "posgizi.result.nostart"
	MsgPosGiziLulus         = "posgizi.result.lulus"
	MsgPosGiziNextRound     = "posgizi.result.next"
	MsgPosGiziParentResult  = "posgizi.result.parent"
	MsgPosGiziAllWeighed    = "posgizi.result.all"
)

// PosGiziService is what /posgizi uses.
type PosGiziService interface {
	// PosGiziPosyandu lists where the person may run rounds: a cadre's
	// posyandu, a health worker's those of their puskesmas; Code is the id.
	PosGiziPosyandu(ctx context.Context) ([]Place, error)
	// PosGiziCandidates lists the posyandu's children who may join a round.
	PosGiziCandidates(ctx context.Context, posyanduID int64) ([]PosGiziCandidate, error)
	// FindPosGiziChildren lists children of the posyandu by a part of
	// their name (up to 5), to enrol a child who is on no list.
	FindPosGiziChildren(ctx context.Context, posyanduID int64, name string) ([]PosGiziCandidate, error)
	// OpenPosGiziRound plans a round and returns it.
	OpenPosGiziRound(ctx context.Context, r NewPosGiziRound) (PosGiziRound, error)
	// CurrentPosGiziRound is the posyandu's round still without every
	// result; ErrNotFound when none.
	CurrentPosGiziRound(ctx context.Context, posyanduID int64) (PosGiziRound, error)
	// TogglePosGiziAttendance ticks or unticks a child at a session and
	// reports whether the child is now present.
	TogglePosGiziAttendance(ctx context.Context, sessionID, childID int64, now time.Time) (bool, error)
	// PosGiziPresent lists the children ticked at a session.
	PosGiziPresent(ctx context.Context, sessionID int64) ([]int64, error)
	// RecordPosGiziResult stores a child's result.
	RecordPosGiziResult(ctx context.Context, roundID, childID int64, r PosGiziResult, now time.Time) error
}

// PosGiziCandidate is a child who may join a round, and why.
type PosGiziCandidate struct {
	ID   int64
	Name string
	// Reason: "2T", "T", "BGM", "underweight", "referral", or "name"
	// (found by name).
	Reason string
}

// NewPosGiziRound is a round to open.
type NewPosGiziRound struct {
	PosyanduID int64
	Place      string
	Start      time.Time
	Days       int
	From, To   time.Duration
	Children   []int64
}

// PosGiziRound is a round with its sessions and children.
type PosGiziRound struct {
	ID       int64
	Place    string
	Sessions []PosGiziSession
	Children []PosGiziChild
}

// PosGiziSession is a session day.
type PosGiziSession struct {
	ID     int64
	Number int
	Day    time.Time
}

// PosGiziChild is a child of a round.
type PosGiziChild struct {
	ID         int64
	Name       string
	BirthDate  time.Time
	StartGrams int // the last weight before the round; 0 when unknown
	Done       bool
	Guardians  []int64
}

// PosGiziResult is a child's result at the end of a round.
type PosGiziResult struct {
	StartGrams, EndGrams, TargetGrams int
	Lulus                             bool
}

type posGiziState struct {
	PosyanduID int64     `json:"posyandu_id"`
	Posyandu   string    `json:"posyandu"`
	Place      string    `json:"place,omitempty"`
	Start      time.Time `json:"start,omitempty"`
	Days       int       `json:"days,omitempty"`
	From       int64     `json:"from,omitempty"` // minutes
	To         int64     `json:"to,omitempty"`
	Chosen     []int64   `json:"chosen,omitempty"`
	// Found are children found by name, shown after the lists.
	Found     []PosGiziCandidate `json:"found,omitempty"`
	RoundID   int64              `json:"round_id,omitempty"`
	SessionID int64              `json:"session_id,omitempty"`
	Number    int                `json:"number,omitempty"`
	Total     int                `json:"total,omitempty"`
	Day       time.Time          `json:"day,omitempty"`
	// Weighing: the child asked now.
	ChildID int64 `json:"child_id,omitempty"`
}

// PosGizi is the flow behind /posgizi.
func PosGizi() *Flow[posGiziState] {
	return &Flow[posGiziState]{
		Name:  FlowPosGizi,
		Start: posGiziStart,
		Steps: map[string]Step[posGiziState]{
			stepPGWhich:    {Ask: askPGWhich, Handle: handlePGWhich},
			stepPGPlace:    {Ask: askPGPlace, Handle: handlePGPlace},
			stepPGStart:    {Ask: askPGStart, Handle: handlePGStart},
			stepPGDays:     {Ask: askPGDays, Handle: handlePGDays},
			stepPGHours:    {Ask: askPGHours, Handle: handlePGHours},
			stepPGChildren: {Ask: askPGChildren, Handle: handlePGChildren},
			stepPGAttend:   {Ask: askPGAttend, Handle: handlePGAttend},
			stepPGWeigh:    {Ask: askPGWeigh, Handle: handlePGWeigh},
		},
	}
}

func posGiziStart(env *Env, in Input) (posGiziState, Result, error) {
	var s posGiziState
	if in.Kind == KindButton {
		return s, End(Say(T(MsgStaleButton))), nil
	}
	ps, err := env.Svc.PosGiziPosyandu(env.Ctx)
	if err != nil {
		return s, Result{}, err
	}
	if len(ps) == 0 {
		return s, End(Say(T(MsgNotForYou))), nil
	}
	if len(ps) > 1 {
		return s, Next(stepPGWhich), nil
	}
	s.PosyanduID, _ = strconv.ParseInt(ps[0].Code, 10, 64)
	s.Posyandu = ps[0].Name
	res, err := posGiziAt(env, &s, in.Now)
	return s, res, err
}

func askPGWhich(env *Env, _ *posGiziState) (Reply, error) {
	ps, err := env.Svc.PosGiziPosyandu(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Texts: []Text{T(MsgJadwalWhich)}}
	for _, p := range ps {
		id, _ := strconv.ParseInt(p.Code, 10, 64)
		r.Buttons = append(r.Buttons, Row(Button{Label: Lit(p.Name), Data: button(prefixPosGizi, "pos", id)}))
	}
	return r, nil
}

func handlePGWhich(env *Env, s *posGiziState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixPosGizi)
	if !ok || action != "pos" {
		return Stay(wrongKind(in)), nil
	}
	ps, err := env.Svc.PosGiziPosyandu(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	if p, ok := placeByID(ps, id); ok {
		s.PosyanduID, s.Posyandu = id, p.Name
		return posGiziAt(env, s, in.Now)
	}
	return Stay(T(MsgStaleButton)), nil
}

// posGiziAt goes on at the chosen posyandu: the day's session of the round
// under way, or opening a new round.
func posGiziAt(env *Env, s *posGiziState, now time.Time) (Result, error) {
	r, err := env.Svc.CurrentPosGiziRound(env.Ctx, s.PosyanduID)
	if errors.Is(err, ErrNotFound) {
		return Next(stepPGPlace), nil
	}
	if err != nil {
		return Result{}, err
	}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	today := user.Today(now)
	s.RoundID, s.Total = r.ID, len(r.Sessions)
	var cur *PosGiziSession
	for i := range r.Sessions {
		if !r.Sessions[i].Day.After(today) {
			cur = &r.Sessions[i]
		}
	}
	if cur == nil {
		first := r.Sessions[0]
		return End(Say(T(MsgPosGiziNotYet, "Date", Day(first.Day), "Count", len(r.Children)))), nil
	}
	s.SessionID, s.Number, s.Day = cur.ID, cur.Number, cur.Day
	return Next(stepPGAttend), nil
}

func askPGPlace(_ *Env, s *posGiziState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgPosGiziPlaceAsk, "Posyandu", Lit(s.Posyandu))},
		Buttons: [][]Button{Row(Choice(button(prefixPosGizi, "here"), MsgPosGiziAtPosyandu, "Posyandu", Lit(s.Posyandu)))}}, nil
}

func handlePGPlace(_ *Env, s *posGiziState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixPosGizi); ok && action == "here" {
		s.Place = s.Posyandu
		return Next(stepPGStart), nil
	}
	if in.Kind != KindText || len([]rune(in.Text)) > 80 || in.Text == "" {
		return Stay(wrongKind(in)), nil
	}
	s.Place = in.Text
	return Next(stepPGStart), nil
}

func askPGStart(env *Env, _ *posGiziState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgPosGiziStartAsk)}, Buttons: [][]Button{Row(
		Choice(button(prefixPosGizi, "tomorrow"), MsgPosGiziTomorrow),
		Choice(button(prefixPosGizi, "monday"), MsgPosGiziMonday))}}, nil
}

func handlePGStart(env *Env, s *posGiziState, in Input) (Result, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	today := user.Today(in.Now)
	var d time.Time
	switch action, _, ok := pressed(in, prefixPosGizi); {
	case ok && action == "tomorrow":
		d = today.AddDate(0, 0, 1)
	case ok && action == "monday":
		d = today.AddDate(0, 0, 1)
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, 1)
		}
	case in.Kind == KindText:
		d, err = measure.Date(in.Text, today)
		if err != nil || d.Before(today) || d.After(today.AddDate(0, 3, 0)) {
			return Stay(T(MsgPosGiziStartInvalid)), nil
		}
	default:
		return Stay(wrongKind(in)), nil
	}
	if d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1) // no sessions on Sundays
	}
	s.Start = d
	return Next(stepPGDays), nil
}

func askPGDays(_ *Env, _ *posGiziState) (Reply, error) {
	var row []Button
	for _, n := range []int{DefaultPosGiziDays, 10, 14} {
		row = append(row, Button{Label: Lit(strconv.Itoa(n)), Data: button(prefixPosGizi, "days", int64(n))})
	}
	return Reply{Texts: []Text{T(MsgPosGiziDaysAsk, "Default", DefaultPosGiziDays)}, Buttons: [][]Button{row}}, nil
}

func handlePGDays(_ *Env, s *posGiziState, in Input) (Result, error) {
	n := 0
	if action, id, ok := pressed(in, prefixPosGizi); ok && action == "days" {
		n = int(id)
	} else if in.Kind == KindText {
		n, _ = strconv.Atoi(in.Text)
	} else {
		return Stay(wrongKind(in)), nil
	}
	if n < 1 || n > 30 {
		return Stay(T(MsgPosGiziDaysInvalid)), nil
	}
	s.Days = n
	return Next(stepPGHours), nil
}

func askPGHours(_ *Env, _ *posGiziState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgPosGiziHoursAsk)}, Buttons: [][]Button{Row(
		Button{Label: Lit("09.00–11.00"), Data: button(prefixPosGizi, "hours", 9*60, 11*60)},
		Button{Label: Lit("10.00–12.00"), Data: button(prefixPosGizi, "hours", 10*60, 12*60)})}}, nil
}

var hoursPattern = regexp.MustCompile(`^\s*(\d{1,2})[.:](\d{2})\s*[-–]\s*(\d{1,2})[.:](\d{2})\s*$`)

func handlePGHours(_ *Env, s *posGiziState, in Input) (Result, error) {
	if in.Kind == KindButton {
		parts := strings.Split(in.Data, ":")
		if len(parts) == 4 && parts[0] == prefixPosGizi && parts[1] == "hours" {
			from, err1 := strconv.ParseInt(parts[2], 10, 64)
			to, err2 := strconv.ParseInt(parts[3], 10, 64)
			// Only the offered hours are pressed; anything else is stale.
			if err1 != nil || err2 != nil || from < 0 || to <= from || to >= 24*60 {
				return Stay(T(MsgStaleButton)), nil
			}
			s.From, s.To = from, to
			return Next(stepPGChildren), nil
		}
		return Stay(wrongKind(in)), nil
	}
	m := hoursPattern.FindStringSubmatch(in.Text)
	if m == nil {
		return Stay(T(MsgPosGiziHoursInvalid)), nil
	}
	n := make([]int64, 4)
	for i := range n {
		n[i], _ = strconv.ParseInt(m[i+1], 10, 64)
	}
	from, to := n[0]*60+n[1], n[2]*60+n[3]
	if n[0] > 23 || n[2] > 23 || n[1] > 59 || n[3] > 59 || to <= from {
		return Stay(T(MsgPosGiziHoursInvalid)), nil
	}
	s.From, s.To = from, to
	return Next(stepPGChildren), nil
}

func askPGChildren(env *Env, s *posGiziState) (Reply, error) {
	kids, err := env.Svc.PosGiziCandidates(env.Ctx, s.PosyanduID)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Texts: []Text{T(MsgPosGiziChildrenAsk)}}
	if len(kids) == 0 {
		r.Texts = []Text{T(MsgPosGiziNoCandidates), T(MsgPosGiziChildrenAsk)}
	}
	for _, f := range s.Found {
		if !slices.ContainsFunc(kids, func(k PosGiziCandidate) bool { return k.ID == f.ID }) {
			kids = append(kids, f)
		}
	}
	for _, k := range kids {
		r.Buttons = append(r.Buttons, Row(Button{
			Label:   T(MsgPosGiziCandidate, "Name", Lit(k.Name), "Reason", T(MsgPosGiziReasonPrefix+k.Reason)),
			Data:    button(prefixPosGizi, "pick", k.ID),
			Checked: slices.Contains(s.Chosen, k.ID)}))
	}
	r.Buttons = append(r.Buttons, Row(Choice(button(prefixPosGizi, "open"), MsgPosGiziOpenButton)))
	return r, nil
}

func handlePGChildren(env *Env, s *posGiziState, in Input) (Result, error) {
	if in.Kind == KindText {
		name := strings.TrimSpace(in.Text)
		if len([]rune(name)) < 2 || len([]rune(name)) > 60 {
			return Stay(T(MsgPosGiziNameNone)), nil
		}
		found, err := env.Svc.FindPosGiziChildren(env.Ctx, s.PosyanduID, name)
		if err != nil {
			return Result{}, err
		}
		if len(found) == 0 {
			return Stay(T(MsgPosGiziNameNone)), nil
		}
		for _, f := range found {
			if !slices.ContainsFunc(s.Found, func(x PosGiziCandidate) bool { return x.ID == f.ID }) {
				s.Found = append(s.Found, f)
			}
			if len(found) == 1 && !slices.Contains(s.Chosen, f.ID) {
				s.Chosen = append(s.Chosen, f.ID) // one match: chosen at once
			}
		}
		return Stay(), nil
	}
	action, id, ok := pressed(in, prefixPosGizi)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	switch action {
	case "pick":
		if i := slices.Index(s.Chosen, id); i >= 0 {
			s.Chosen = slices.Delete(s.Chosen, i, i+1)
		} else {
			s.Chosen = append(s.Chosen, id)
		}
		return Stay(), nil
	case "open":
	default:
		return Stay(wrongKind(in)), nil
	}
	if len(s.Chosen) == 0 {
		return Stay(T(MsgPosGiziChooseOne)), nil
	}
	r, err := env.Svc.OpenPosGiziRound(env.Ctx, NewPosGiziRound{PosyanduID: s.PosyanduID, Place: s.Place, Start: s.Start,
		Days: s.Days, From: time.Duration(s.From) * time.Minute, To: time.Duration(s.To) * time.Minute, Children: s.Chosen})
	if errors.Is(err, ErrNotFound) {
		return Stay(T(MsgNotFound)), nil
	}
	if err != nil {
		return Result{}, err
	}
	first, last := r.Sessions[0].Day, r.Sessions[len(r.Sessions)-1].Day
	hours := Lit(clockText(time.Duration(s.From)*time.Minute) + "–" + clockText(time.Duration(s.To)*time.Minute))
	res := End(Say(T(MsgPosGiziOpened, "Count", len(r.Children), "First", Day(first), "Last", Day(last),
		"Days", len(r.Sessions), "Hours", hours, "Place", Lit(r.Place))))
	for _, k := range r.Children {
		for _, g := range k.Guardians {
			res = res.Notify(Notice{UserID: g, Key: "posgizi-invite:" + strconv.FormatInt(r.ID, 10) + ":" + strconv.FormatInt(k.ID, 10) + ":" + strconv.FormatInt(g, 10),
				Replies: []Reply{Say(T(MsgPosGiziInvite, "Name", Lit(k.Name), "Posyandu", Lit(s.Posyandu), "First", Day(first),
					"Last", Day(last), "Days", len(r.Sessions), "Hours", hours, "Place", Lit(r.Place)))}})
		}
	}
	return res, nil
}

func askPGAttend(env *Env, s *posGiziState) (Reply, error) {
	r, err := env.Svc.CurrentPosGiziRound(env.Ctx, s.PosyanduID)
	if err != nil {
		return Reply{}, err
	}
	present, err := env.Svc.PosGiziPresent(env.Ctx, s.SessionID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Texts: []Text{T(MsgPosGiziAttendAsk, "Number", s.Number, "Total", s.Total, "Date", Day(s.Day), "Present", len(present), "Count", len(r.Children))}}
	for _, k := range r.Children {
		rep.Buttons = append(rep.Buttons, Row(Button{Label: Lit(k.Name), Data: button(prefixPosGizi, "came", k.ID), Checked: slices.Contains(present, k.ID)}))
	}
	row := Row(Choice(button(prefixPosGizi, "done"), MsgPosGiziDoneButton))
	if s.Number == s.Total {
		row = append(row, Choice(button(prefixPosGizi, "weigh"), MsgPosGiziWeighButton))
	}
	rep.Buttons = append(rep.Buttons, row)
	return rep, nil
}

func handlePGAttend(env *Env, s *posGiziState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixPosGizi)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	switch action {
	case "came":
		_, err := env.Svc.TogglePosGiziAttendance(env.Ctx, s.SessionID, id, in.Now)
		if errors.Is(err, ErrNotFound) {
			return Stay(T(MsgStaleButton)), nil
		}
		if err != nil {
			return Result{}, err
		}
		return Stay(), nil
	case "done":
		present, err := env.Svc.PosGiziPresent(env.Ctx, s.SessionID)
		if err != nil {
			return Result{}, err
		}
		return End(Say(T(MsgPosGiziAttendSaved, "Number", s.Number, "Present", len(present)))), nil
	case "weigh":
		if s.Number == s.Total {
			return Next(stepPGWeigh), nil
		}
	}
	return Stay(wrongKind(in)), nil
}

// nextToWeigh is the first child of the round without a result.
func nextToWeigh(r PosGiziRound) *PosGiziChild {
	for i := range r.Children {
		if !r.Children[i].Done {
			return &r.Children[i]
		}
	}
	return nil
}

func askPGWeigh(env *Env, s *posGiziState) (Reply, error) {
	r, err := env.Svc.CurrentPosGiziRound(env.Ctx, s.PosyanduID)
	if err != nil {
		return Reply{}, err
	}
	k := nextToWeigh(r)
	if k == nil {
		return Say(T(MsgPosGiziAllWeighed)), nil
	}
	s.ChildID = k.ID
	return Say(T(MsgPosGiziWeighAsk, "Name", Lit(k.Name))), nil
}

func handlePGWeigh(env *Env, s *posGiziState, in Input) (Result, error) {
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	kg, err := measure.Weight(in.Text)
	if err != nil {
		return Stay(T(MsgPosGiziWeightInvalid)), nil
	}
	r, err := env.Svc.CurrentPosGiziRound(env.Ctx, s.PosyanduID)
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgPosGiziAllWeighed))), nil
	}
	if err != nil {
		return Result{}, err
	}
	var k *PosGiziChild
	for i := range r.Children {
		if r.Children[i].ID == s.ChildID && !r.Children[i].Done {
			k = &r.Children[i]
		}
	}
	if k == nil {
		return Stay(), nil // asks for the next child
	}
	days := 1
	if len(r.Sessions) > 0 {
		days = growth.DaysBetween(r.Sessions[0].Day, r.Sessions[len(r.Sessions)-1].Day) + 1
	}
	end := int(kg*1000 + 0.5)
	age := growth.CompletedMonths(k.BirthDate, s.Day)
	res := PosGiziResult{StartGrams: k.StartGrams, EndGrams: end, TargetGrams: growth.PosGiziTarget(age, days)}
	// A child never weighed before the round has no gain to judge: it
	// joins the next round, with this weight as its start.
	res.Lulus = k.StartGrams > 0 && growth.PosGiziPassed(end-k.StartGrams, age, days)
	if err := env.Svc.RecordPosGiziResult(env.Ctx, r.ID, k.ID, res, in.Now); err != nil {
		return Result{}, err
	}
	verdict := T(MsgPosGiziNextRound, "Name", Lit(k.Name))
	if res.Lulus {
		verdict = T(MsgPosGiziLulus, "Name", Lit(k.Name))
	}
	var gain Text
	if k.StartGrams > 0 {
		gain = T(MsgPosGiziGain, "Name", Lit(k.Name), "Gain", end-k.StartGrams, "Target", res.TargetGrams)
	} else {
		gain = T(MsgPosGiziNoStart, "Name", Lit(k.Name))
	}
	out := Stay(gain, verdict)
	if nextToWeigh(withDone(r, k.ID)) == nil {
		out = End(Say(gain, verdict, T(MsgPosGiziAllWeighed)))
	}
	for _, g := range k.Guardians {
		out = out.Notify(Notice{UserID: g, Replies: []Reply{Say(T(MsgPosGiziParentResult, "Name", Lit(k.Name), "Weight", Num(kg, 1)), gain, verdict)}})
	}
	return out, nil
}

func withDone(r PosGiziRound, childID int64) PosGiziRound {
	kids := slices.Clone(r.Children)
	for i := range kids {
		if kids[i].ID == childID {
			kids[i].Done = true
		}
	}
	r.Children = kids
	return r
}

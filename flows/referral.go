package flows

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tumbuh-id/tumbuh/internal/child"
)

// FlowReferral is the referral loop: a cadre's "Rujuk ke puskesmas" under a
// result, the health workers' buttons that move a referral on, and
// /rujukan, the open referrals a person follows.
const FlowReferral = "rujukan"

// prefixReferral owns the buttons of the referral loop: rj:new:<measurement
// id> (the cadre's), and rj:<action>:<referral id> for the rest.
const prefixReferral = "rj"

const stepRefNote = "note"

// The statuses of a referral, in order (internal/referral owns the rules).
const (
	ReferralReferred = "dirujuk"
	ReferralAccepted = "diterima"
	ReferralExamined = "diperiksa"
	ReferralTreated  = "ditangani"
	ReferralClosed   = "selesai"
)

// ReferralFindings and ReferralTreatments are the choices a health worker
// has when examining and handling a referred child.
var (
	ReferralFindings   = []string{"stunting", "gizi_kurang", "gizi_buruk", "normal"}
	ReferralTreatments = []string{"pmt", "pos_gizi", "rujuk_rs", "lainnya"}
)

// maxReferralNote is the longest note a health worker may type, in runes.
const maxReferralNote = 500

// ReferralInfo is a referral as the flow shows it.
type ReferralInfo struct {
	ID                               int64
	Child                            child.Child
	Measurement                      child.Measurement
	Reasons                          []string
	Status, Finding, Note, Treatment string
	Posyandu, Puskesmas              string
	CreatedAt, MovedAt               time.Time
	// ReferredBy is the cadre's user id; Guardians the child's parents';
	// Nakes the health workers of the puskesmas.
	ReferredBy int64
	Guardians  []int64
	Nakes      []int64
	// CanMove tells whether the person asking may move it on.
	CanMove bool
}

// ReferralStep moves a referral to To, with its finding and note (to
// diperiksa) or its treatment (to ditangani).
type ReferralStep struct {
	ID                           int64
	To, Finding, Note, Treatment string
}

// Errors of the referral loop for the flow to explain.
var (
	// ErrNoReferralReason: the measurement advises no referral.
	ErrNoReferralReason = errors.New("no referral advised")
	// ErrReferralMoved: the referral is not where the step starts from; the
	// ReferralInfo returned with it is how it stands now.
	ErrReferralMoved = errors.New("referral moved meanwhile")
)

// ReferralService is what the referral flow uses. Every method re-checks
// who may do what, so forged button data gets ErrNotFound.
type ReferralService interface {
	// CreateReferral refers the child of a measurement (a kader of its
	// posyandu only); it reports false when the measurement was referred
	// already, returning that referral.
	CreateReferral(ctx context.Context, measurementID int64, now time.Time) (ReferralInfo, bool, error)
	// Referral returns a referral the person may see.
	Referral(ctx context.Context, id int64) (ReferralInfo, error)
	// MoveReferral applies a step (a nakes of its puskesmas only).
	MoveReferral(ctx context.Context, step ReferralStep, now time.Time) (ReferralInfo, error)
	// OpenReferrals lists the open referrals the person follows, oldest first.
	OpenReferrals(ctx context.Context) ([]ReferralInfo, error)
}

type referralState struct {
	ID      int64  `json:"id"`
	Finding string `json:"finding"`
}

// Referrals is the referral flow.
func Referrals() *Flow[referralState] {
	return &Flow[referralState]{
		Name:  FlowReferral,
		Start: referralStart,
		Steps: map[string]Step[referralState]{
			stepRefNote: {Ask: askRefNote, Handle: handleRefNote},
		},
	}
}

func referralStart(env *Env, in Input) (referralState, Result, error) {
	var s referralState
	if action, id, ok := pressed(in, prefixReferral); ok {
		res, err := s.press(env, in, action, id)
		return s, res, err
	}
	res, err := referralList(env)
	return s, res, err
}

// press handles any referral button: each carries what it needs, so it
// works under an old message with no conversation waiting.
func (s *referralState) press(env *Env, in Input, action string, id int64) (Result, error) {
	if id == 0 {
		return End(Say(T(MsgStaleButton))), nil
	}
	switch {
	case action == "new":
		return referNew(env, id, in.Now)
	case action == "open":
		r, err := env.Svc.Referral(env.Ctx, id)
		if err != nil {
			return notFoundOr(err)
		}
		return End(referralCard(r, r.CanMove)), nil
	case action == "acc":
		return referMove(env, in, ReferralStep{ID: id, To: ReferralAccepted})
	case action == "exam":
		return referAsk(env, id, ReferralAccepted, findingQuestion)
	case strings.HasPrefix(action, "f_") && slices.Contains(ReferralFindings, action[2:]):
		res, err := referAsk(env, id, ReferralAccepted, nil)
		if err != nil || res.end {
			return res, err
		}
		s.ID, s.Finding = id, action[2:]
		return Next(stepRefNote), nil
	case strings.HasPrefix(action, "nonote_") && slices.Contains(ReferralFindings, action[7:]):
		return referMove(env, in, ReferralStep{ID: id, To: ReferralExamined, Finding: action[7:]})
	case action == "treat":
		return referAsk(env, id, ReferralExamined, treatmentQuestion)
	case strings.HasPrefix(action, "t_") && slices.Contains(ReferralTreatments, action[2:]):
		return referMove(env, in, ReferralStep{ID: id, To: ReferralTreated, Treatment: action[2:]})
	case action == "done":
		return referMove(env, in, ReferralStep{ID: id, To: ReferralClosed})
	}
	return End(Say(T(MsgStaleButton))), nil
}

func notFoundOr(err error) (Result, error) {
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgNotFound))), nil
	}
	return Result{}, err
}

// referAsk shows a question about a referral that stands at status (the
// finding, the treatment) to a person who may move it; ask nil only checks.
func referAsk(env *Env, id int64, status string, ask func(ReferralInfo) Reply) (Result, error) {
	r, err := env.Svc.Referral(env.Ctx, id)
	if err != nil {
		return notFoundOr(err)
	}
	if !r.CanMove {
		return End(Say(T(MsgNotFound))), nil
	}
	if r.Status != status {
		return referMoved(r), nil
	}
	if ask == nil {
		return Result{}, nil
	}
	return End(ask(r)), nil
}

func referNew(env *Env, measurementID int64, now time.Time) (Result, error) {
	r, created, err := env.Svc.CreateReferral(env.Ctx, measurementID, now)
	switch {
	case errors.Is(err, ErrNoReferralReason):
		return End(Say(T(MsgRefNoReason))), nil
	case err != nil:
		return notFoundOr(err)
	case !created:
		return End(Say(T(MsgRefAlready, "Name", r.Child.Name, "Puskesmas", Lit(r.Puskesmas),
			"Status", T(MsgRefStatusPrefix+r.Status)))), nil
	}
	said := []Text{T(MsgRefSent, "Name", r.Child.Name, "Puskesmas", Lit(r.Puskesmas))}
	if len(r.Nakes) == 0 {
		said = append(said, T(MsgRefNoNakes, "Puskesmas", Lit(r.Puskesmas)))
	} else {
		said = append(said, T(MsgRefTold))
	}
	var notices []Notice
	for _, n := range r.Nakes {
		notices = append(notices, Notice{UserID: n, Replies: []Reply{
			referralCard(r, true, T(MsgRefNewHead, "Posyandu", Lit(r.Posyandu))),
			{Texts: []Text{T(MsgChartCaption, "Name", r.Child.Name)}, Chart: &ChartRef{ChildID: r.Child.ID}},
		}})
	}
	notices = append(notices, parentNews(r)...)
	return End(Say(said...)).Notify(notices...), nil
}

// referMove applies a step, says how the referral stands and tells the
// cadre and the parents.
func referMove(env *Env, in Input, step ReferralStep) (Result, error) {
	r, err := env.Svc.MoveReferral(env.Ctx, step, in.Now)
	if errors.Is(err, ErrReferralMoved) {
		return referMoved(r), nil
	}
	if err != nil {
		return notFoundOr(err)
	}
	var replies []Reply
	if in.Kind == KindButton && in.MessageID != 0 {
		replies = append(replies, Reply{ClearButtonsOf: in.MessageID})
	}
	replies = append(replies, referralCard(r, r.CanMove, T(MsgRefMovedTo, "Name", r.Child.Name,
		"Status", T(MsgRefStatusPrefix+r.Status))))
	notices := parentNews(r)
	if r.ReferredBy != 0 {
		notices = append(notices, Notice{UserID: r.ReferredBy, Replies: []Reply{Say(kaderNews(r)...)}})
	}
	return End(replies...).Notify(notices...), nil
}

// referMoved kindly says a button is stale, with how the referral stands.
func referMoved(r ReferralInfo) Result {
	return End(referralCard(r, r.CanMove, T(MsgRefStale, "Name", r.Child.Name, "Status", T(MsgRefStatusPrefix+r.Status))))
}

// kaderNews tells the cadre where the referral they made stands.
func kaderNews(r ReferralInfo) []Text {
	args := []any{"Name", r.Child.Name, "Puskesmas", Lit(r.Puskesmas)}
	if r.Finding != "" {
		args = append(args, "Finding", T(MsgRefFindingPrefix+r.Finding))
	}
	if r.Treatment != "" {
		args = append(args, "Treatment", T(MsgRefTreatPrefix+r.Treatment))
	}
	texts := []Text{T(MsgRefKaderPrefix+r.Status, args...)}
	if r.Status == ReferralExamined && r.Note != "" {
		texts = append(texts, T(MsgRefCardNote, "Note", Lit(r.Note)))
	}
	return texts
}

// parentNews tells the child's parents, warmly and without jargon, what
// happens and what to do.
func parentNews(r ReferralInfo) []Notice {
	id := MsgRefParentPrefix + r.Status
	switch r.Status {
	case ReferralExamined:
		id += "." + r.Finding
	case ReferralTreated:
		id += "." + r.Treatment
	}
	var out []Notice
	for _, g := range r.Guardians {
		out = append(out, Notice{UserID: g, Replies: []Reply{Say(T(id, "Name", r.Child.Name, "Puskesmas", Lit(r.Puskesmas)))}})
	}
	return out
}

// referralCard shows a referral: the child, the weighing, the reasons,
// where it stands, and (for a health worker who may) the next step's button.
func referralCard(r ReferralInfo, canMove bool, head ...Text) Reply {
	m := r.Measurement
	var reasons []Text
	for _, code := range r.Reasons {
		reasons = append(reasons, T(MsgReferralPrefix+code))
	}
	texts := append(head,
		T(MsgRefCardChild, "ID", r.ID, "Name", r.Child.Name, "Sex", sexText(r.Child.Sex),
			"Age", ageText(r.Child.BirthDate, m.On), "Posyandu", Lit(r.Posyandu)),
		T(MsgRefCardMeasured, "Date", Day(m.On), "Measured", measuredText(m)),
		T(MsgRefCardReasons, "Reasons", Text{Lines: reasons, Sep: "; "}),
		T(MsgRefCardStatus, "Status", T(MsgRefStatusPrefix+r.Status), "Puskesmas", Lit(r.Puskesmas), "Since", Day(r.MovedAt)))
	if r.Finding != "" {
		texts = append(texts, T(MsgRefCardFinding, "Finding", T(MsgRefFindingPrefix+r.Finding)))
	}
	if r.Note != "" {
		texts = append(texts, T(MsgRefCardNote, "Note", Lit(r.Note)))
	}
	if r.Treatment != "" {
		texts = append(texts, T(MsgRefCardTreatment, "Treatment", T(MsgRefTreatPrefix+r.Treatment)))
	}
	reply := Reply{Texts: texts}
	if next := nextAction(r.Status); canMove && next != "" {
		reply.Buttons = append(reply.Buttons, Row(Choice(button(prefixReferral, next, r.ID), MsgRefButtonPrefix+next)))
	}
	reply.Buttons = append(reply.Buttons, Row(Choice(button(prefixChart, "child", r.Child.ID), MsgChildChart)))
	return reply
}

// nextAction is the button action that moves a referral on from status.
func nextAction(status string) string {
	switch status {
	case ReferralReferred:
		return "acc"
	case ReferralAccepted:
		return "exam"
	case ReferralExamined:
		return "treat"
	case ReferralTreated:
		return "done"
	}
	return ""
}

func findingQuestion(r ReferralInfo) Reply {
	reply := Reply{Texts: []Text{T(MsgRefFindingAsk, "Name", r.Child.Name)}}
	for _, f := range ReferralFindings {
		reply.Buttons = append(reply.Buttons, Row(Choice(button(prefixReferral, "f_"+f, r.ID), MsgRefFindingPrefix+f)))
	}
	return reply
}

func treatmentQuestion(r ReferralInfo) Reply {
	reply := Reply{Texts: []Text{T(MsgRefTreatAsk, "Name", r.Child.Name)}}
	for _, t := range ReferralTreatments {
		reply.Buttons = append(reply.Buttons, Row(Choice(button(prefixReferral, "t_"+t, r.ID), MsgRefTreatPrefix+t)))
	}
	return reply
}

func askRefNote(_ *Env, s *referralState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgRefNoteAsk, "Finding", T(MsgRefFindingPrefix+s.Finding))},
		Buttons: [][]Button{Row(Choice(button(prefixReferral, "nonote_"+s.Finding, s.ID), MsgButtonSkip))}}, nil
}

func handleRefNote(env *Env, s *referralState, in Input) (Result, error) {
	if action, id, ok := pressed(in, prefixReferral); ok {
		return s.press(env, in, action, id)
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	note := strings.TrimSpace(in.Text)
	if note == "" {
		return Stay(), nil
	}
	if utf8.RuneCountInString(note) > maxReferralNote {
		return Stay(T(MsgRefNoteTooLong, "Max", maxReferralNote)), nil
	}
	return referMove(env, in, ReferralStep{ID: s.ID, To: ReferralExamined, Finding: s.Finding, Note: note})
}

// referralList is /rujukan: the open referrals the person follows, each
// with a button to open it.
func referralList(env *Env) (Result, error) {
	rs, err := env.Svc.OpenReferrals(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	if len(rs) == 0 {
		return End(Say(T(MsgRefListEmpty))), nil
	}
	var lines []Text
	reply := Reply{}
	for i, r := range rs {
		lines = append(lines, T(MsgRefListLine, "N", i+1, "Name", r.Child.Name, "Posyandu", Lit(r.Posyandu),
			"Status", T(MsgRefStatusPrefix+r.Status), "Since", Day(r.CreatedAt)))
		reply.Buttons = append(reply.Buttons, Row(Choice(button(prefixReferral, "open", r.ID), MsgRefListOpen, "N", i+1, "Name", r.Child.Name)))
	}
	reply.Texts = []Text{T(MsgRefListHead, "Count", len(rs)), {Lines: lines}}
	return End(reply), nil
}

// ReferralReminder reminds a health worker of a referral not moved for
// days, with the referral and its next step.
func ReferralReminder(r ReferralInfo, days int) Reply {
	return referralCard(r, true, T(MsgRefRemind, "Name", r.Child.Name, "Days", days))
}

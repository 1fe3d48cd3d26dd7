package flows

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/measure"
	"github.com/tumbuh-id/tumbuh/internal/posyandu"
)

// FlowSession is a cadre's posyandu day (/timbang for a kader): one line
// per child, as many lines a message as they like, each answered with the
// child's result in one line, the parents told.
const FlowSession = "sesi"

const prefixSession = "ks"

const (
	stepSessPosyandu = "posyandu"
	stepSessDate     = "date"
	stepSessLines    = "lines"
	stepSessPick     = "pick"
	stepSessNewSex   = "new_sex"
	stepSessNewBirth = "new_birth"
	stepSessNewPhone = "new_phone"
)

// maxUndo is how many recorded lines a session remembers for undo.
const maxUndo = 50

type sessionState struct {
	PosyanduID int64         `json:"posyandu_id,omitempty"`
	Posyandu   string        `json:"posyandu,omitempty"`
	Date       string        `json:"date,omitempty"`
	Pending    []pendingLine `json:"pending,omitempty"`
	Recorded   []doneLine    `json:"recorded,omitempty"`
	NewSex     child.Sex     `json:"new_sex,omitempty"`
	NewBirth   string        `json:"new_birth,omitempty"`
	// Told is set once the cadre has seen how to write lines; after that
	// only the count is repeated.
	Told bool `json:"told,omitempty"`
}

// pendingLine is a line waiting for the cadre: which of several children
// it means, or the registration of a child not known yet.
type pendingLine struct {
	Raw        string            `json:"raw"`
	Ref        string            `json:"ref"`
	Correction bool              `json:"correction,omitempty"`
	Inputs     child.Measurement `json:"inputs"`
	Candidates []int64           `json:"candidates,omitempty"`
}

// doneLine is a recorded line, for undo.
type doneLine struct {
	ChildID       int64  `json:"child_id"`
	MeasurementID int64  `json:"measurement_id"`
	Name          string `json:"name"`
}

// Session is the cadre's posyandu day.
func Session() *Flow[sessionState] {
	return &Flow[sessionState]{
		Name:  FlowSession,
		Start: sessionStart,
		Steps: map[string]Step[sessionState]{
			stepSessPosyandu: {Ask: askSessPosyandu, Handle: handleSessPosyandu},
			stepSessDate:     {Ask: askSessDate, Handle: handleSessDate},
			stepSessLines:    {Ask: askSessLines, Handle: handleSessLines},
			stepSessPick:     {Ask: askSessPick, Handle: handleSessPick},
			stepSessNewSex:   {Ask: askSessNewSex, Handle: handleSessNewSex},
			stepSessNewBirth: {Ask: askSessNewBirth, Handle: handleSessNewBirth},
			stepSessNewPhone: {Ask: askSessNewPhone, Handle: handleSessNewPhone},
		},
	}
}

func sessionStart(env *Env, _ Input) (sessionState, Result, error) {
	var s sessionState
	places, err := env.Svc.KaderPosyandu(env.Ctx)
	if err != nil {
		return s, Result{}, err
	}
	switch len(places) {
	case 0:
		return s, End(Say(T(MsgNotForYou))), nil
	case 1:
		s.choose(places[0])
		return s, Next(stepSessDate), nil
	}
	return s, Next(stepSessPosyandu), nil
}

func (s *sessionState) choose(p Place) {
	s.PosyanduID, _ = strconv.ParseInt(p.Code, 10, 64)
	s.Posyandu = p.Name
}

func (s *sessionState) day() time.Time {
	t, _ := time.Parse(time.DateOnly, s.Date)
	return t
}

func askSessPosyandu(env *Env, _ *sessionState) (Reply, error) {
	return askKaderPosyandu(env, MsgSessPosyanduAsk, prefixSession, "pos")
}

// askKaderPosyandu asks a cadre of several posyandu which one (question
// msgID), with buttons "<prefix>:<action>:<id>".
func askKaderPosyandu(env *Env, msgID, prefix, action string) (Reply, error) {
	places, err := env.Svc.KaderPosyandu(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Texts: []Text{T(msgID)}}
	for _, p := range places {
		r.Buttons = append(r.Buttons, Row(Button{Label: Lit(p.Name), Data: prefix + ":" + action + ":" + p.Code}))
	}
	return r, nil
}

func handleSessPosyandu(env *Env, s *sessionState, in Input) (Result, error) {
	_, id, ok := pressed(in, prefixSession)
	if !ok || id == 0 {
		return Stay(wrongKind(in)), nil
	}
	places, err := env.Svc.KaderPosyandu(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	if p, ok := placeByID(places, id); ok {
		s.choose(p)
		return Next(stepSessDate), nil
	}
	return Stay(T(MsgStaleButton)), nil
}

// placeByID finds the place whose code is id (a posyandu's).
func placeByID(places []Place, id int64) (Place, bool) {
	code := strconv.FormatInt(id, 10)
	i := slices.IndexFunc(places, func(p Place) bool { return p.Code == code })
	if i < 0 {
		return Place{}, false
	}
	return places[i], true
}

func askSessDate(_ *Env, s *sessionState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgSessDateAsk, "Posyandu", Lit(s.Posyandu))}, Buttons: [][]Button{Row(
		Choice(button(prefixSession, "today"), MsgWeighToday),
		Choice(button(prefixSession, "yesterday"), MsgWeighYesterday),
	)}}, nil
}

func handleSessDate(env *Env, s *sessionState, in Input) (Result, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	today := user.Today(in.Now)
	var d time.Time
	switch action, _, ok := pressed(in, prefixSession); {
	case ok && action == "today":
		d = today
	case ok && action == "yesterday":
		d = today.AddDate(0, 0, -1)
	case in.Kind == KindText:
		if d, err = measure.Date(in.Text, today); err != nil {
			return Stay(T(MsgWeighDateInvalid)), nil
		}
		if d.After(today) {
			return Stay(T(MsgWeighDateFuture, "Date", Day(d))), nil
		}
	default:
		return Stay(wrongKind(in)), nil
	}
	s.Date = d.Format(time.DateOnly)
	return Next(stepSessLines), nil
}

func askSessLines(env *Env, s *sessionState) (Reply, error) {
	counts, err := env.Svc.SessionCounts(env.Ctx, s.PosyanduID, s.day())
	if err != nil {
		return Reply{}, err
	}
	count := T(MsgSessCount, "Weighed", counts.Weighed, "Referral", counts.Referral)
	if s.Told {
		return Reply{Texts: []Text{count}, Buttons: s.controls()}, nil
	}
	s.Told = true
	return Reply{Texts: []Text{T(MsgSessReady, "Posyandu", Lit(s.Posyandu), "Date", Day(s.day())), count},
		Buttons: s.controls()}, nil
}

// controls are the buttons under every answer of the session.
func (s *sessionState) controls() [][]Button {
	rows := [][]Button{}
	if len(s.Recorded) > 0 {
		rows = append(rows, Row(Choice(button(prefixSession, "undo"), MsgSessUndo)))
	}
	return append(rows, Row(Choice(button(prefixSession, "done"), MsgSessDone)))
}

func handleSessLines(env *Env, s *sessionState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixSession); ok {
		switch action {
		case "done":
			return s.finish(env)
		case "undo":
			return s.undo(env)
		}
		return Stay(T(MsgStaleButton)), nil
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	return s.process(env, posyandu.ParseMessage(in.Text))
}

// candidates are the posyandu's children as the matcher reads them.
func candidates(kids []PosyanduChild) []posyandu.Candidate {
	out := make([]posyandu.Candidate, len(kids))
	for i, k := range kids {
		out[i] = posyandu.Candidate{ID: k.Child.ID, Name: k.Child.Name, BirthDate: k.Child.BirthDate, DueNumber: k.Number}
	}
	return out
}

// process records every line it can, answers each in one line, and keeps
// the lines that need the cadre (which child, or a new one) for after.
func (s *sessionState) process(env *Env, lines []posyandu.Line) (Result, error) {
	kids, err := env.Svc.PosyanduChildren(env.Ctx, s.PosyanduID, s.day())
	if err != nil {
		return Result{}, err
	}
	m := posyandu.NewMatcher(candidates(kids))
	var out []Text
	var notices []Notice
	var refer []Button
	for _, l := range lines {
		switch l.Kind {
		case posyandu.Invalid:
			out = append(out, lineProblem(l))
			continue
		case posyandu.Undo:
			text, err := s.undoOne(env)
			if err != nil {
				return Result{}, err
			}
			out = append(out, text)
			continue
		}
		p := pendingLine{Raw: l.Raw, Ref: l.Ref, Correction: l.Kind == posyandu.Correction, Inputs: lineInputs(l)}
		switch r := m.Match(l.Ref); r.Outcome {
		case posyandu.Found:
			res, err := s.record(env, r.ID, p)
			if err != nil {
				return Result{}, err
			}
			out = append(out, res.text)
			notices = append(notices, res.notices...)
			refer = append(refer, res.refer...)
		case posyandu.Ambiguous:
			p.Candidates = r.IDs
			s.Pending = append(s.Pending, p)
		default:
			s.Pending = append(s.Pending, p)
		}
	}
	res := s.afterLines(env)
	if len(out) > 0 {
		res = res.Before(Reply{Texts: []Text{{Lines: out}}, Buttons: referRows(refer)})
	}
	return res.Notify(notices...), nil
}

func referRows(refer []Button) [][]Button {
	var rows [][]Button
	for _, b := range refer {
		rows = append(rows, Row(b))
	}
	return rows
}

// afterLines goes to the first line waiting for the cadre, or back to the
// lines with the count.
func (s *sessionState) afterLines(_ *Env) Result {
	if len(s.Pending) > 0 {
		return Next(stepSessPick)
	}
	return Next(stepSessLines)
}

func lineInputs(l posyandu.Line) child.Measurement {
	m := child.Measurement{WeightKg: l.WeightKg, LenHeiCm: l.LenHeiCm, ArmCm: l.ArmCm, HeadCm: l.HeadCm,
		Source: child.AtPosyandu}
	if l.Standing != nil {
		m.Position = growth.Lying
		if *l.Standing {
			m.Position = growth.Standing
		}
	}
	return m
}

// lineProblem explains a line that could not be read, with an example.
func lineProblem(l posyandu.Line) Text {
	var r *measure.RangeError
	switch {
	case errors.As(l.Err, &r):
		return T(MsgSessLineRange, "Line", Lit(l.Raw), "Min", Num(r.Min, 1), "Max", Num(r.Max, 1), "Unit", Lit(r.Unit))
	case errors.Is(l.Err, posyandu.ErrNoName):
		return T(MsgSessLineNoName, "Line", Lit(l.Raw))
	case errors.Is(l.Err, posyandu.ErrNoWeight):
		return T(MsgSessLineNoWeight, "Line", Lit(l.Raw))
	}
	return T(MsgSessLineUnread, "Line", Lit(l.Raw))
}

// recorded is what recording one line gives.
type recorded struct {
	text    Text
	notices []Notice
	refer   []Button
}

// record stores one line for a child: a correction replaces the day's
// measurement; a second entry of the day is refused with how to correct.
func (s *sessionState) record(env *Env, childID int64, p pendingLine) (recorded, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return recorded{}, err
	}
	in := p.Inputs
	in.On = s.day()
	d := MeasurementDraft{ChildID: childID, Inputs: in, ReplaceSameDay: p.Correction}
	rec, err := env.Svc.RecordMeasurement(env.Ctx, d, user.Today(env.Now))
	switch {
	case errors.Is(err, ErrNotFound):
		return recorded{text: T(MsgSessLineNotFound, "Line", Lit(p.Raw))}, nil
	case errors.Is(err, ErrSameDay) && rec.Replaced != nil:
		return recorded{text: T(MsgSessLineTwice, "Name", rec.Child.Name,
			"Measured", measuredText(*rec.Replaced), "Line", Lit(p.Raw))}, nil
	case err != nil:
		return recorded{}, err
	}
	s.Recorded = append(s.Recorded, doneLine{ChildID: childID, MeasurementID: rec.Saved.ID, Name: rec.Child.Name})
	if len(s.Recorded) > maxUndo {
		s.Recorded = s.Recorded[len(s.Recorded)-maxUndo:]
	}
	out := recorded{text: sessionLine(rec)}
	for _, g := range rec.Guardians {
		out.notices = append(out.notices, Notice{UserID: g, Replies: ResultReplies(nil, rec, true)})
	}
	if rec.Saved.Referral.Needed() {
		out.refer = append(out.refer, Choice(button(prefixReferral, "new", rec.Saved.ID), MsgSessRefer, "Name", rec.Child.Name))
	}
	return out, nil
}

// sessionLine is a child's result in one line for the cadre: age, weight,
// N/T/2T/O/B, BGM, stunting or wasting, the z-scores, and ⚠️ when a
// referral is advised.
func sessionLine(rec RecordedMeasurement) Text {
	m := rec.Saved
	var marks []Text
	if st := m.Status; st.Trend != "" {
		code := string(st.Trend)
		if st.TwoT {
			code = "2T"
		}
		marks = append(marks, Lit(code))
	}
	if m.Status.BGM {
		marks = append(marks, Lit("BGM"))
	}
	for _, c := range []growth.Category{m.CatHFA, m.CatWFH, m.CatWFA} {
		switch c {
		case growth.HFAStunted, growth.HFASeverelyStunted, growth.WFHWasted, growth.WFHSeverelyWasted,
			growth.WFHOverweight, growth.WFHObese:
			marks = append(marks, T(MsgStatusShortPrefix+string(c)))
		}
	}
	if m.ZLen.Valid || m.ZWei.Valid {
		marks = append(marks, T(MsgSessZ, "ZLen", zText(m.ZLen), "ZWei", zText(m.ZWei), "ZWfl", zText(m.ZWfl)))
	}
	id := MsgSessLineOK
	if m.Referral.Needed() {
		id = MsgSessLineRefer
	}
	return T(id, "Name", rec.Child.Name, "Age", ageText(rec.Child.BirthDate, m.On), "Measured", measuredText(m),
		"Marks", Text{Lines: marks, Sep: " · "})
}

func zText(s child.Score) Text {
	if !s.Valid {
		return Lit("–")
	}
	return T(MsgSessZValue, "Z", Num(s.Z, 2))
}

func (s *sessionState) undoOne(env *Env) (Text, error) {
	if len(s.Recorded) == 0 {
		return T(MsgSessUndoNothing), nil
	}
	last := s.Recorded[len(s.Recorded)-1]
	err := env.Svc.RemoveMeasurement(env.Ctx, last.ChildID, last.MeasurementID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Text{}, err
	}
	s.Recorded = s.Recorded[:len(s.Recorded)-1]
	return T(MsgSessUndone, "Name", last.Name), nil
}

func (s *sessionState) undo(env *Env) (Result, error) {
	text, err := s.undoOne(env)
	if err != nil {
		return Result{}, err
	}
	return Next(stepSessLines, text), nil
}

func (s *sessionState) finish(env *Env) (Result, error) {
	counts, err := env.Svc.SessionCounts(env.Ctx, s.PosyanduID, s.day())
	if err != nil {
		return Result{}, err
	}
	return End(Say(T(MsgSessFinished, "Posyandu", Lit(s.Posyandu), "Weighed", counts.Weighed, "Referral", counts.Referral))), nil
}

// askSessPick asks about the first waiting line: which child, or register
// a new one.
func askSessPick(env *Env, s *sessionState) (Reply, error) {
	p := s.Pending[0]
	r := Reply{}
	if len(p.Candidates) > 0 {
		r.Texts = []Text{T(MsgSessWhich, "Line", Lit(p.Raw))}
		for _, id := range p.Candidates {
			k, err := env.Svc.Child(env.Ctx, id)
			if err != nil {
				return Reply{}, err
			}
			r.Buttons = append(r.Buttons, Row(Button{Label: T(MsgSessChildChoice, "Name", k.Child.Name, "Birth", Day(k.Child.BirthDate)),
				Data: button(prefixSession, "pick", id)}))
		}
	} else {
		r.Texts = []Text{T(MsgSessUnknown, "Line", Lit(p.Raw), "Name", Lit(p.Ref))}
		r.Buttons = append(r.Buttons, Row(Choice(button(prefixSession, "new"), MsgSessRegister)))
	}
	r.Buttons = append(r.Buttons, Row(Choice(button(prefixSession, "skip"), MsgSessSkip)))
	return r, nil
}

func handleSessPick(env *Env, s *sessionState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixSession)
	if !ok {
		if in.Kind == KindText {
			// New lines while one waits: read them too; the question stays.
			return s.process(env, posyandu.ParseMessage(in.Text))
		}
		return Stay(wrongKind(in)), nil
	}
	p := s.Pending[0]
	switch {
	case action == "skip":
		s.Pending = s.Pending[1:]
		return s.afterLines(env).Before(Say(T(MsgSessSkipped, "Line", Lit(p.Raw)))), nil
	case action == "new" && len(p.Candidates) == 0:
		return Next(stepSessNewSex), nil
	case action == "pick" && slices.Contains(p.Candidates, id):
		s.Pending = s.Pending[1:]
		res, err := s.record(env, id, p)
		if err != nil {
			return Result{}, err
		}
		return s.afterLines(env).Before(Reply{Texts: []Text{res.text}, Buttons: referRows(res.refer)}).Notify(res.notices...), nil
	}
	return Stay(T(MsgStaleButton)), nil
}

func askSessNewSex(_ *Env, s *sessionState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgAddSexAsk, "Name", Lit(s.Pending[0].Ref))}, Buttons: sexButtons(prefixSession)}, nil
}

func handleSessNewSex(_ *Env, s *sessionState, in Input) (Result, error) {
	sex, ok := pressedSex(in, prefixSession)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	s.NewSex = sex
	return Next(stepSessNewBirth), nil
}

func askSessNewBirth(_ *Env, s *sessionState) (Reply, error) {
	return Say(T(MsgAddBirthAsk, "Name", Lit(s.Pending[0].Ref))), nil
}

func handleSessNewBirth(env *Env, s *sessionState, in Input) (Result, error) {
	birth, bad, err := answerBirthDate(env, in)
	if err != nil || bad != nil {
		return stayOr(bad, err)
	}
	s.NewBirth = birth.Format(time.DateOnly)
	return Next(stepSessNewPhone), nil
}

func askSessNewPhone(_ *Env, s *sessionState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgSessPhoneAsk, "Name", Lit(s.Pending[0].Ref))},
		Buttons: [][]Button{Row(Choice(button(prefixSession, "nophone"), MsgButtonSkip))}}, nil
}

func handleSessNewPhone(env *Env, s *sessionState, in Input) (Result, error) {
	phone := ""
	if action, _, ok := pressed(in, prefixSession); !ok || action != "nophone" {
		if in.Kind != KindText {
			return Stay(wrongKind(in)), nil
		}
		phone = in.Text
	}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	p := s.Pending[0]
	birth, _ := time.Parse(time.DateOnly, s.NewBirth)
	c, parent, err := env.Svc.RegisterChildAtPosyandu(env.Ctx, s.PosyanduID,
		NewChild{Name: p.Ref, Sex: s.NewSex, BirthDate: birth}, phone, user.Today(in.Now))
	if errors.Is(err, ErrInvalidPhone) {
		return Stay(T(MsgRegPhoneInvalid)), nil
	}
	if err != nil {
		return Result{}, err
	}
	s.Pending = s.Pending[1:]
	s.NewSex, s.NewBirth = "", ""
	res, err := s.record(env, c.ID, p)
	if err != nil {
		return Result{}, err
	}
	if parent != 0 {
		res.notices = append(res.notices, Notice{UserID: parent, Replies: []Reply{claimQuestion(c)}})
	}
	return s.afterLines(env).Before(Reply{Texts: []Text{T(MsgSessRegistered, "Name", c.Name), res.text},
		Buttons: referRows(res.refer)}).Notify(res.notices...), nil
}

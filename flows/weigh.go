package flows

import (
	"errors"
	"strings"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/measure"
)

// FlowWeigh is the parent's /timbang: log one measurement of a child, taken
// at home or copied from the Buku KIA after the posyandu.
const FlowWeigh = "timbang"

const prefixWeigh = "tb"

const (
	stepWeighChild   = "child"
	stepWeighWeight  = "weight"
	stepWeighLength  = "length"
	stepWeighDate    = "date"
	stepWeighArm     = "arm"
	stepWeighHead    = "head"
	stepWeighSummary = "summary"
	stepWeighEdit    = "edit"
)

type weighState struct {
	ChildID   int64   `json:"child_id,omitempty"`
	Name      string  `json:"name,omitempty"`
	Birth     string  `json:"birth,omitempty"` // YYYY-MM-DD
	Weight    float64 `json:"weight,omitempty"`
	NoWeight  bool    `json:"no_weight,omitempty"`
	Length    float64 `json:"length,omitempty"`
	NoLength  bool    `json:"no_length,omitempty"`
	Standing  *bool   `json:"standing,omitempty"` // nil: by age
	Date      string  `json:"date,omitempty"`     // YYYY-MM-DD
	Arm       float64 `json:"arm,omitempty"`
	Head      float64 `json:"head,omitempty"`
	Reviewing bool    `json:"reviewing,omitempty"` // a change from the summary: back to it next
	Replaces  int64   `json:"replaces,omitempty"`  // the same day's measurement, shown at the summary
	editID    int
}

// Weigh is the /timbang flow.
func Weigh() *Flow[weighState] {
	return &Flow[weighState]{
		Name:  FlowWeigh,
		Start: weighStart,
		Steps: map[string]Step[weighState]{
			stepWeighChild:   {Ask: askWeighChild, Handle: handleWeighChild},
			stepWeighWeight:  {Ask: askWeight, Handle: handleWeight},
			stepWeighLength:  {Ask: askLength, Handle: handleLength},
			stepWeighDate:    {Ask: askWeighDate, Handle: handleWeighDate},
			stepWeighArm:     {Ask: askArm, Handle: handleArm},
			stepWeighHead:    {Ask: askHead, Handle: handleHead},
			stepWeighSummary: {Ask: askSummary, Handle: handleSummary},
			stepWeighEdit:    {Ask: askWeighEdit, Handle: handleWeighEdit},
		},
	}
}

func weighStart(env *Env, in Input) (weighState, Result, error) {
	var s weighState
	if _, id, ok := pressed(in, prefixWeigh); ok && id != 0 {
		res, err := s.choose(env, id)
		return s, res, err
	}
	res, err := whichChild(env, stepWeighChild, func(id int64) (Result, error) { return s.choose(env, id) })
	return s, res, err
}

// whichChild starts a flow about one child: with no child it ends with the
// add-a-child button, with one it goes on with that child, with several it
// asks at step ask.
func whichChild(env *Env, ask string, one func(id int64) (Result, error)) (Result, error) {
	kids, err := env.Svc.Children(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	switch len(kids) {
	case 0:
		return End(noChildren()), nil
	case 1:
		return one(kids[0].Child.ID)
	}
	return Next(ask), nil
}

func noChildren() Reply {
	return Reply{Texts: []Text{T(MsgWeighNoChildren)},
		Buttons: [][]Button{Row(Choice(button(prefixChildren, "add"), MsgChildrenAdd))}}
}

// choose starts the questions for a child the person may measure.
func (s *weighState) choose(env *Env, id int64) (Result, error) {
	k, err := env.Svc.Child(env.Ctx, id)
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgNotFound))), nil
	}
	if err != nil {
		return Result{}, err
	}
	*s = weighState{ChildID: id, Name: k.Child.Name, Birth: k.Child.BirthDate.Format(time.DateOnly)}
	return Next(stepWeighWeight), nil
}

func askWeighChild(env *Env, s *weighState) (Reply, error) {
	kids, err := env.Svc.Children(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	if len(kids) == 0 {
		return noChildren(), nil
	}
	r := Reply{Texts: []Text{T(MsgWeighChildAsk)}}
	for _, k := range kids {
		r.Buttons = append(r.Buttons, Row(Button{Label: Lit(k.Child.Name), Data: button(prefixWeigh, "child", k.Child.ID)}))
	}
	return r, nil
}

func handleWeighChild(env *Env, s *weighState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixWeigh)
	if ok && action == "child" && id != 0 {
		return s.choose(env, id)
	}
	if in.Kind == KindText {
		kids, err := env.Svc.Children(env.Ctx)
		if err != nil {
			return Result{}, err
		}
		for _, k := range kids {
			if normalise(k.Child.Name) == normalise(in.Text) {
				return s.choose(env, k.Child.ID)
			}
		}
		return Stay(T(MsgUseButtons)), nil
	}
	return Stay(wrongKind(in)), nil
}

func (s *weighState) birth() time.Time {
	t, _ := time.Parse(time.DateOnly, s.Birth)
	return t
}

func (s *weighState) date() time.Time {
	t, _ := time.Parse(time.DateOnly, s.Date)
	return t
}

// standing says how the length is taken: as the person said, or by the
// child's age on the day (today until a date is given).
func (s *weighState) standing(today time.Time) bool {
	if s.Standing != nil {
		return *s.Standing
	}
	on := today
	if s.Date != "" {
		on = s.date()
	}
	return child.DefaultPosition(s.birth(), on) == growth.Standing
}

// next is the step after an answer: the summary when changing one answer
// from it, otherwise the step that follows.
func (s *weighState) next(step string, say ...Text) Result {
	if s.Reviewing {
		return Next(stepWeighSummary, say...)
	}
	return Next(step, say...)
}

func askWeight(_ *Env, s *weighState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgWeighWeightAsk, "Name", s.Name)},
		Buttons: [][]Button{Row(Choice(button(prefixWeigh, "skip"), MsgWeighNotWeighed))}}, nil
}

func handleWeight(_ *Env, s *weighState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixWeigh); ok && action == "skip" {
		if s.NoLength {
			return Stay(T(MsgWeighNothing)), nil
		}
		s.Weight, s.NoWeight = 0, true
		return s.next(stepWeighLength), nil
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	kg, err := measure.Weight(in.Text)
	if bad := quantityProblem(err, MsgWeighWeightInvalid, MsgWeighWeightRange); bad != nil {
		return Stay(*bad), nil
	}
	s.Weight, s.NoWeight = kg, false
	return s.next(stepWeighLength), nil
}

// quantityProblem turns a parse error into the kind message: the range for
// an impossible number, an example for anything else.
func quantityProblem(err error, invalid, outOfRange string) *Text {
	if err == nil {
		return nil
	}
	var r *measure.RangeError
	if errors.As(err, &r) {
		t := T(outOfRange, "Min", Num(r.Min, 1), "Max", Num(r.Max, 1))
		return &t
	}
	t := T(invalid)
	return &t
}

func askLength(env *Env, s *weighState) (Reply, error) {
	standing := s.standing(child.Day(env.Now))
	ask, other := T(MsgWeighLengthAskL, "Name", s.Name), Choice(button(prefixWeigh, "standing"), MsgWeighStanding)
	if standing {
		ask, other = T(MsgWeighLengthAskH, "Name", s.Name), Choice(button(prefixWeigh, "lying"), MsgWeighLying)
	}
	return s.edit(Reply{Texts: []Text{ask}, Buttons: [][]Button{
		Row(other), Row(Choice(button(prefixWeigh, "skip"), MsgWeighNotMeasured)),
	}}), nil
}

func (s *weighState) edit(r Reply) Reply {
	r.EditMessageID = s.editID
	return r
}

// positionWords are what people add after a length: "72 berdiri".
var positionWords = map[string]bool{
	"berdiri": true, "standing": true, "tinggi": true,
	"berbaring": false, "baring": false, "tidur": false, "terlentang": false, "lying": false,
}

func handleLength(_ *Env, s *weighState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixWeigh); ok {
		switch action {
		case "standing", "lying":
			st := action == "standing"
			s.Standing, s.editID = &st, in.MessageID
			return Stay(), nil
		case "skip":
			if s.NoWeight {
				return Stay(T(MsgWeighLengthNeeded)), nil
			}
			s.Length, s.NoLength = 0, true
			return s.next(stepWeighDate), nil
		}
		return Stay(T(MsgStaleButton)), nil
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	text := in.Text
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if st, ok := positionWords[strings.Trim(w, ".,()")]; ok {
			s.Standing = &st
			text = strings.ReplaceAll(strings.ToLower(text), w, "")
		}
	}
	cm, err := measure.Length(text)
	if bad := quantityProblem(err, MsgWeighLengthInvalid, MsgWeighLengthRange); bad != nil {
		return Stay(*bad), nil
	}
	s.Length, s.NoLength = cm, false
	return s.next(stepWeighDate), nil
}

func askWeighDate(_ *Env, s *weighState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgWeighDateAsk, "Name", s.Name)}, Buttons: [][]Button{Row(
		Choice(button(prefixWeigh, "today"), MsgWeighToday),
		Choice(button(prefixWeigh, "yesterday"), MsgWeighYesterday),
	)}}, nil
}

func handleWeighDate(env *Env, s *weighState, in Input) (Result, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	today := user.Today(in.Now)
	var d time.Time
	if action, _, ok := pressed(in, prefixWeigh); ok {
		switch action {
		case "today":
			d = today
		case "yesterday":
			d = today.AddDate(0, 0, -1)
		default:
			return Stay(T(MsgStaleButton)), nil
		}
	} else if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	} else if d, err = measure.Date(in.Text, today); err != nil {
		return Stay(T(MsgWeighDateInvalid)), nil
	}
	switch err := child.CheckMeasureDate(d, s.birth(), today); {
	case errors.Is(err, child.ErrDateInFuture):
		return Stay(T(MsgWeighDateFuture, "Date", Day(d))), nil
	case errors.Is(err, child.ErrBeforeBirth):
		return Stay(T(MsgWeighDateBirth, "Date", Day(d), "Name", s.Name, "Birth", Day(s.birth()))), nil
	}
	s.Date = d.Format(time.DateOnly)
	return s.next(stepWeighArm), nil
}

func optionalAsk(id string, s *weighState) Reply {
	return Reply{Texts: []Text{T(id, "Name", s.Name)},
		Buttons: [][]Button{Row(Choice(button(prefixWeigh, "skip"), MsgButtonSkip))}}
}

func askArm(_ *Env, s *weighState) (Reply, error)  { return optionalAsk(MsgWeighArmAsk, s), nil }
func askHead(_ *Env, s *weighState) (Reply, error) { return optionalAsk(MsgWeighHeadAsk, s), nil }

// readOptional reads an optional circumference: a number, or the skip
// button, which clears it.
func readOptional(in Input, parse func(string) (float64, error), invalid, outOfRange string) (float64, *Text, bool) {
	if action, _, ok := pressed(in, prefixWeigh); ok {
		if action == "skip" {
			return 0, nil, true
		}
		t := T(MsgStaleButton)
		return 0, &t, false
	}
	if in.Kind != KindText {
		t := wrongKind(in)
		return 0, &t, false
	}
	v, err := parse(in.Text)
	if bad := quantityProblem(err, invalid, outOfRange); bad != nil {
		return 0, bad, false
	}
	return v, nil, true
}

func handleArm(_ *Env, s *weighState, in Input) (Result, error) {
	v, bad, ok := readOptional(in, measure.ArmCircumference, MsgWeighArmInvalid, MsgWeighArmInvalid)
	if !ok {
		return Stay(*bad), nil
	}
	s.Arm = v
	return s.next(stepWeighHead), nil
}

func handleHead(_ *Env, s *weighState, in Input) (Result, error) {
	v, bad, ok := readOptional(in, measure.HeadCircumference, MsgWeighHeadInvalid, MsgWeighHeadInvalid)
	if !ok {
		return Stay(*bad), nil
	}
	s.Head = v
	return Next(stepWeighSummary), nil
}

// draft is the measurement the answers describe.
func (s *weighState) draft(today time.Time) MeasurementDraft {
	m := child.Measurement{On: s.date(), WeightKg: s.Weight, LenHeiCm: s.Length, ArmCm: s.Arm, HeadCm: s.Head,
		Source: child.AtHome}
	if s.Length > 0 {
		m.Position = growth.Lying
		if s.standing(today) {
			m.Position = growth.Standing
		}
	}
	return MeasurementDraft{ChildID: s.ChildID, Inputs: m, Replaces: s.Replaces}
}

func askSummary(env *Env, s *weighState) (Reply, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	today := user.Today(env.Now)
	check, err := env.Svc.CheckMeasurement(env.Ctx, s.draft(today), today)
	if err != nil {
		return Reply{}, err
	}
	m := check.Assessed
	texts := []Text{T(MsgWeighSummary, "Name", s.Name, "Date", Day(m.On), "Age", ageText(check.Child.BirthDate, m.On))}
	texts = append(texts, Text{Lines: measuredParts(m)})
	save := MsgWeighSave
	if flagged := m.Flagged(); len(flagged) > 0 {
		texts = append(texts, T(MsgWeighImplausible, "Name", s.Name, "What", implausibleText(m, flagged)))
		save = MsgWeighSaveSure
	}
	s.Replaces = 0
	if check.SameDay != nil {
		s.Replaces = check.SameDay.ID
		texts = append(texts, T(MsgWeighSameDay, "Date", Day(m.On), "Measured", measuredText(*check.SameDay)))
		save = MsgWeighReplace
	}
	return Reply{Texts: texts, Buttons: [][]Button{
		Row(Choice(button(prefixWeigh, "save"), save)),
		Row(Choice(button(prefixWeigh, "change"), MsgWeighChange), Choice(button(prefixWeigh, "cancel"), MsgButtonCancel)),
	}}, nil
}

// implausibleText names the values WHO flags, as the person typed them.
func implausibleText(m child.Measurement, flagged []growth.Indicator) Text {
	var parts []Text
	seen := map[string]bool{}
	for _, i := range flagged {
		switch i {
		case growth.WeightForAge, growth.WeightForLength:
			if !seen["w"] && m.WeightKg > 0 {
				parts = append(parts, T(MsgWeighSumWeight, "Weight", Num(m.WeightKg, 2)))
				seen["w"] = true
			}
			if i == growth.WeightForLength && !seen["l"] && m.LenHeiCm > 0 {
				parts = append(parts, T(MsgWeighSumLengthH, "Length", Num(m.LenHeiCm, 1)))
				seen["l"] = true
			}
		case growth.LengthForAge:
			if !seen["l"] {
				parts = append(parts, T(MsgWeighSumLengthH, "Length", Num(m.LenHeiCm, 1)))
				seen["l"] = true
			}
		case growth.ArmForAge:
			parts = append(parts, T(MsgWeighSumArm, "Arm", Num(m.ArmCm, 1)))
		case growth.HeadForAge:
			parts = append(parts, T(MsgWeighSumHead, "Head", Num(m.HeadCm, 1)))
		}
	}
	return Text{Lines: parts, Sep: ", "}
}

func handleSummary(env *Env, s *weighState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixWeigh)
	if !ok {
		if in.Kind == KindText && yesNo(in.Text) == "yes" {
			action = "save"
		} else {
			return Stay(T(MsgUseButtons)), nil
		}
	}
	switch action {
	case "change":
		return Next(stepWeighEdit), nil
	case "cancel":
		return End(Say(T(MsgWeighCancelled))), nil
	case "save":
	default:
		return Stay(T(MsgStaleButton)), nil
	}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	today := user.Today(in.Now)
	rec, err := env.Svc.RecordMeasurement(env.Ctx, s.draft(today), today)
	switch {
	case errors.Is(err, ErrSameDay):
		// Someone recorded that day meanwhile: show it and ask again.
		return Stay(), nil
	case errors.Is(err, ErrNotFound):
		return End(Say(T(MsgNotFound))), nil
	case err != nil:
		return Result{}, err
	}
	return End(ResultReplies(user, rec, false)...), nil
}

func askWeighEdit(*Env, *weighState) (Reply, error) {
	field := func(id, action string) []Button { return Row(Choice(button(prefixWeigh, action), id)) }
	return Reply{Texts: []Text{T(MsgWeighEditAsk)}, Buttons: [][]Button{
		field(MsgWeighFieldWeight, "f_weight"), field(MsgWeighFieldLength, "f_length"),
		field(MsgWeighFieldDate, "f_date"), field(MsgWeighFieldArm, "f_arm"), field(MsgWeighFieldHead, "f_head"),
		field(MsgButtonBack, "back"),
	}}, nil
}

func handleWeighEdit(_ *Env, s *weighState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixWeigh)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	steps := map[string]string{"f_weight": stepWeighWeight, "f_length": stepWeighLength, "f_date": stepWeighDate,
		"f_arm": stepWeighArm, "f_head": stepWeighHead, "back": stepWeighSummary}
	step, known := steps[action]
	if !known {
		return Stay(T(MsgStaleButton)), nil
	}
	s.Reviewing = true
	return Next(step), nil
}

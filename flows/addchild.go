package flows

import (
	"errors"
	"strings"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/measure"
	"github.com/tumbuh-id/tumbuh/internal/person"
)

// Adding a child: name, sex, birth date, the optional birth weight and
// length from the Buku KIA, and how the person is related to the child.

const (
	stepAddName = "add_name"
	// stepAddBorn starts adding a baby just born (the pregnancy's "Bayi
	// sudah lahir?" button): the birth date first, today at one tap.
	stepAddBorn     = "add_born"
	stepAddSex      = "add_sex"
	stepAddBirth    = "add_birth"
	stepAddBirthW   = "add_birth_weight"
	stepAddBirthL   = "add_birth_length"
	stepAddRelation = "add_relation"
)

func askAddName(*Env, *childrenState) (Reply, error) { return Say(T(MsgAddNameAsk)), nil }

func askAddBorn(env *Env, _ *childrenState) (Reply, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Texts: []Text{T(MsgAddBornAsk)}, Buttons: [][]Button{
		Row(Choice(button(prefixChildren, "born_today"), MsgAddBornToday, "Date", Day(user.Today(env.Now))))}}, nil
}

func handleAddBorn(env *Env, s *childrenState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixChildren); ok && action == "born_today" {
		user, err := env.Svc.CurrentUser(env.Ctx)
		if err != nil {
			return Result{}, err
		}
		s.New.BirthDate = user.Today(in.Now)
		return Next(stepAddName), nil
	}
	birth, bad, err := answerBirthDate(env, in)
	if err != nil || bad != nil {
		return stayOr(bad, err)
	}
	s.New.BirthDate = birth
	return Next(stepAddName), nil
}

func handleAddName(_ *Env, s *childrenState, in Input) (Result, error) {
	name, bad := readChildName(in)
	if bad != nil {
		return Stay(*bad), nil
	}
	s.New.Name = name
	return Next(stepAddSex), nil
}

// readChildName reads a typed name, or says why it cannot be used.
func readChildName(in Input) (string, *Text) {
	if in.Kind != KindText {
		t := wrongKind(in)
		return "", &t
	}
	name, err := person.ParseName(in.Text)
	var t Text
	switch {
	case errors.Is(err, person.ErrNameTooLong):
		t = T(MsgRegNameTooLong, "Max", person.MaxNameRunes)
	case errors.Is(err, person.ErrNameNoLetter):
		t = T(MsgRegNameNoLetter)
	case err != nil:
		t = T(MsgRegNameEmpty)
	default:
		return name, nil
	}
	return "", &t
}

// sexButtons are the boy / girl buttons of a flow's prefix ("sex_m", "sex_f").
func sexButtons(prefix string) [][]Button {
	return [][]Button{Row(
		Choice(button(prefix, "sex_"+string(child.Boy)), MsgSexPrefix+string(child.Boy)),
		Choice(button(prefix, "sex_"+string(child.Girl)), MsgSexPrefix+string(child.Girl)),
	)}
}

// pressedSex reads the sex buttons of a flow's prefix.
func pressedSex(in Input, prefix string) (child.Sex, bool) {
	action, _, ok := pressed(in, prefix)
	if !ok {
		return "", false
	}
	switch action {
	case "sex_m":
		return child.Boy, true
	case "sex_f":
		return child.Girl, true
	}
	return "", false
}

func askAddSex(_ *Env, s *childrenState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgAddSexAsk, "Name", s.New.Name)}, Buttons: sexButtons(prefixChildren)}, nil
}

// readSex reads the sex buttons, or a typed "laki-laki" / "perempuan".
func readSex(in Input) (child.Sex, bool) {
	if in.Kind == KindButton {
		return pressedSex(in, prefixChildren)
	}
	if in.Kind == KindText {
		switch normalise(in.Text) {
		case "laki laki", "laki", "lakilaki", "l", "cowok", "pria", "boy", "male", "m":
			return child.Boy, true
		case "perempuan", "p", "cewek", "wanita", "girl", "female", "f":
			return child.Girl, true
		}
	}
	return "", false
}

func handleAddSex(_ *Env, s *childrenState, in Input) (Result, error) {
	sex, ok := readSex(in)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	s.New.Sex = sex
	if !s.New.BirthDate.IsZero() { // a newborn: the date came first
		return Next(stepAddBirthW), nil
	}
	return Next(stepAddBirth), nil
}

func askAddBirth(_ *Env, s *childrenState) (Reply, error) {
	return Say(T(MsgAddBirthAsk, "Name", s.New.Name)), nil
}

// answerBirthDate reads a typed birth date against the person's today.
func answerBirthDate(env *Env, in Input) (time.Time, *Text, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return time.Time{}, nil, err
	}
	birth, bad := readBirthDate(in, user.Today(in.Now))
	return birth, bad, nil
}

// stayOr is the answer to an input that could not be used: the error, or
// the question again after why.
func stayOr(why *Text, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	return Stay(*why), nil
}

// readBirthDate reads a typed birth date and checks it, or says why not.
func readBirthDate(in Input, today time.Time) (time.Time, *Text) {
	if in.Kind != KindText {
		t := wrongKind(in)
		return time.Time{}, &t
	}
	d, err := measure.Date(in.Text, today)
	if err == nil {
		err = child.CheckBirthDate(d, today)
	}
	var t Text
	switch {
	case errors.Is(err, child.ErrBirthInFuture):
		t = T(MsgAddBirthFuture, "Date", Day(d))
	case errors.Is(err, child.ErrTooOld):
		t = T(MsgAddBirthTooOld, "Date", Day(d))
	case err != nil:
		t = T(MsgAddBirthInvalid)
	default:
		return d, nil
	}
	return time.Time{}, &t
}

func handleAddBirth(env *Env, s *childrenState, in Input) (Result, error) {
	birth, bad, err := answerBirthDate(env, in)
	if err != nil || bad != nil {
		return stayOr(bad, err)
	}
	s.New.BirthDate = birth
	return Next(stepAddBirthW), nil
}

func skipRow() []Button { return Row(Choice(button(prefixChildren, "skip"), MsgButtonSkip)) }

func askAddBirthWeight(_ *Env, s *childrenState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgAddBirthWeightAsk, "Name", s.New.Name)}, Buttons: [][]Button{skipRow()}}, nil
}

// Birth weight and length are read like any weight and length, within
// what a newborn can measure.
const (
	minBirthWeightKg, maxBirthWeightKg = 0.3, 7
	minBirthLengthCm, maxBirthLengthCm = 30, 65
)

func handleAddBirthWeight(_ *Env, s *childrenState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixChildren); ok && action == "skip" {
		return Next(stepAddBirthL), nil
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	kg, err := measure.Weight(in.Text)
	if err != nil || kg < minBirthWeightKg || kg > maxBirthWeightKg {
		return Stay(T(MsgAddBirthWeightBad)), nil
	}
	s.New.BirthWeightKg = kg
	return Next(stepAddBirthL), nil
}

func askAddBirthLength(_ *Env, s *childrenState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgAddBirthLengthAsk, "Name", s.New.Name)}, Buttons: [][]Button{skipRow()}}, nil
}

func handleAddBirthLength(_ *Env, s *childrenState, in Input) (Result, error) {
	if action, _, ok := pressed(in, prefixChildren); ok && action == "skip" {
		return Next(stepAddRelation), nil
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	cm, err := measure.Number(in.Text)
	if err != nil {
		cm, err = measure.Length(in.Text) // "50 cm"
	}
	if err != nil || cm < minBirthLengthCm || cm > maxBirthLengthCm {
		return Stay(T(MsgAddBirthLengthBad)), nil
	}
	s.New.BirthLengthCm = cm
	return Next(stepAddRelation), nil
}

func askAddRelation(_ *Env, s *childrenState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgAddRelationAsk, "Name", s.New.Name)}, Buttons: relationButtons(prefixChildren)}, nil
}

// relationButtons are the "I am the child's …" buttons of a flow's prefix
// ("rel_ibu", …), one a row.
func relationButtons(prefix string) [][]Button {
	var rows [][]Button
	for _, rel := range child.Relations {
		rows = append(rows, Row(Choice(button(prefix, "rel_"+string(rel)), MsgRelationPrefix+string(rel))))
	}
	return rows
}

// pressedRelation reads the relation buttons of a flow's prefix.
func pressedRelation(in Input, prefix string) (child.Relation, bool) {
	action, _, ok := pressed(in, prefix)
	relText, isRel := strings.CutPrefix(action, "rel_")
	rel := child.Relation(relText)
	return rel, ok && isRel && rel.Valid()
}

func handleAddRelation(env *Env, s *childrenState, in Input) (Result, error) {
	rel, ok := pressedRelation(in, prefixChildren)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	s.New.Relation = rel
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	c, err := env.Svc.AddChild(env.Ctx, s.New, user.Today(in.Now))
	if err != nil {
		return Result{}, err
	}
	return End(Reply{Texts: []Text{T(MsgAddDone, "Name", c.Name)}, Buttons: [][]Button{
		Row(Choice(button(prefixWeigh, "child", c.ID), MsgWeighNow)),
		Row(Choice(button(prefixChildren, "list"), MsgChildAllChildren)),
	}}), nil
}

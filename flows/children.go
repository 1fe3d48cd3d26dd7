package flows

import (
	"errors"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// FlowChildren is the /anak flow: the person's children, one child's page,
// corrections, removal, and adding a child (addchild.go).
const FlowChildren = "anak"

// prefixChildren owns the flow's buttons.
const prefixChildren = "anak"

const (
	stepChildList     = "list"
	stepChildView     = "view"
	stepChildEdit     = "edit"
	stepChildEditName = "edit_name"
	stepChildEditBirt = "edit_birth"
	stepChildEditSex  = "edit_sex"
	stepChildRemove   = "remove"
	stepChildUndo     = "undo"
)

type childrenState struct {
	ChildID int64    `json:"child_id,omitempty"`
	New     NewChild `json:"new"`
	editID  int
}

func (s *childrenState) edit(r Reply) Reply {
	r.EditMessageID = s.editID
	return r
}

// Children is the /anak flow.
func Children() *Flow[childrenState] {
	return &Flow[childrenState]{
		Name:  FlowChildren,
		Start: childrenStart,
		Steps: map[string]Step[childrenState]{
			stepChildList:     {Ask: askChildList, Handle: handleChildList},
			stepChildView:     {Ask: askChildView, Handle: handleChildView},
			stepChildEdit:     {Ask: askChildEdit, Handle: handleChildEdit},
			stepChildEditName: {Ask: askEditName, Handle: handleEditName},
			stepChildEditBirt: {Ask: askEditBirth, Handle: handleEditBirth},
			stepChildEditSex:  {Ask: askEditSex, Handle: handleEditSex},
			stepChildRemove:   {Ask: askChildRemove, Handle: handleChildRemove},
			stepChildUndo:     {Ask: askChildUndo, Handle: handleChildUndo},
			stepAddBorn:       {Ask: askAddBorn, Handle: handleAddBorn},
			stepAddName:       {Ask: askAddName, Handle: handleAddName},
			stepAddSex:        {Ask: askAddSex, Handle: handleAddSex},
			stepAddBirth:      {Ask: askAddBirth, Handle: handleAddBirth},
			stepAddBirthW:     {Ask: askAddBirthWeight, Handle: handleAddBirthWeight},
			stepAddBirthL:     {Ask: askAddBirthLength, Handle: handleAddBirthLength},
			stepAddRelation:   {Ask: askAddRelation, Handle: handleAddRelation},
		},
	}
}

// childrenStart opens the list, or, for a button under an older message,
// the child or the question it names.
func childrenStart(env *Env, in Input) (childrenState, Result, error) {
	var s childrenState
	action, id, _ := pressed(in, prefixChildren)
	switch {
	case action == "add":
		return s, Next(stepAddName), nil
	case action == "born":
		return s, Next(stepAddBorn), nil
	case id != 0:
		res, err := openChild(env, &s, id)
		return s, res, err
	}
	return s, Next(stepChildList), nil
}

// openChild shows a child's page after checking the person may see it.
func openChild(env *Env, s *childrenState, id int64) (Result, error) {
	if _, err := env.Svc.Child(env.Ctx, id); errors.Is(err, ErrNotFound) {
		return Next(stepChildList, T(MsgNotFound)), nil
	} else if err != nil {
		return Result{}, err
	}
	s.ChildID = id
	return Next(stepChildView), nil
}

func askChildList(env *Env, s *childrenState) (Reply, error) {
	kids, err := env.Svc.Children(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	add := Row(Choice(button(prefixChildren, "add"), MsgChildrenAdd))
	if len(kids) == 0 {
		return s.edit(Reply{Texts: []Text{T(MsgChildrenNone)}, Buttons: [][]Button{add}}), nil
	}
	today := user.Today(env.Now)
	lines := make([]Text, 0, len(kids))
	r := Reply{}
	for _, k := range kids {
		lines = append(lines, childLine(k, today))
		r.Buttons = append(r.Buttons, Row(Button{Label: Lit(k.Child.Name), Data: button(prefixChildren, "open", k.Child.ID)}))
	}
	r.Texts = []Text{T(MsgChildrenList), {Lines: lines}, T(MsgChildrenOpenHint)}
	r.Buttons = append(r.Buttons, add)
	return s.edit(r), nil
}

// childLine is one child in the list: name, age, last weighing and status.
func childLine(k ChildInfo, today time.Time) Text {
	if k.Last == nil {
		return T(MsgChildrenLineNever, "Name", k.Child.Name, "Age", ageText(k.Child.BirthDate, today))
	}
	return T(MsgChildrenLine, "Name", k.Child.Name, "Age", ageText(k.Child.BirthDate, today),
		"Date", Day(k.Last.On), "Status", shortStatus(*k.Last))
}

func handleChildList(env *Env, s *childrenState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixChildren)
	switch {
	case !ok:
		return Stay(wrongKind(in)), nil
	case action == "add":
		s.New = NewChild{}
		return Next(stepAddName), nil
	case action == "born":
		s.New = NewChild{}
		return Next(stepAddBorn), nil
	case id != 0:
		// "open", or an action under an older child page: show that child.
		return openChild(env, s, id)
	}
	return Stay(T(MsgStaleButton)), nil
}

func askChildView(env *Env, s *childrenState) (Reply, error) {
	k, err := env.Svc.Child(env.Ctx, s.ChildID)
	if err != nil {
		return Reply{}, err
	}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	c := k.Child
	texts := []Text{T(MsgChildView, "Name", c.Name, "Sex", sexText(c.Sex), "Birth", Day(c.BirthDate),
		"Age", ageText(c.BirthDate, user.Today(env.Now)))}
	if k.Last != nil {
		texts = append(texts, T(MsgChildViewLast, "Date", Day(k.Last.On), "Measured", measuredText(*k.Last),
			"Status", shortStatus(*k.Last)))
	} else {
		texts = append(texts, T(MsgChildViewNever, "Name", c.Name))
	}
	id := c.ID
	r := Reply{Texts: texts, Buttons: [][]Button{
		Row(Choice(button(prefixWeigh, "child", id), MsgChildWeigh), Choice(button(prefixChart, "child", id), MsgChildChart)),
		Row(Choice(button(prefixChildren, "edit", id), MsgChildEdit), Choice(button(prefixChildren, "remove", id), MsgChildRemove)),
	}}
	if k.Last != nil {
		r.Buttons = append(r.Buttons, Row(Choice(button(prefixChildren, "undo", id), MsgChildUndo)))
	}
	r.Buttons = append(r.Buttons, Row(Choice(button(prefixChildren, "list"), MsgChildAllChildren)))
	return s.edit(r), nil
}

// handleChildView takes the page's buttons. Each names the child, so an
// older page's button cannot act on the child shown now.
func handleChildView(env *Env, s *childrenState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixChildren)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	if action == "list" {
		return Next(stepChildList), nil
	}
	if id != 0 && (action == "open" || id != s.ChildID) {
		// Another child's button, from an older page: show that child first.
		return openChild(env, s, id)
	}
	switch action {
	case "edit":
		return Next(stepChildEdit), nil
	case "remove":
		return Next(stepChildRemove), nil
	case "undo":
		return Next(stepChildUndo), nil
	}
	return Stay(T(MsgStaleButton)), nil
}

func askChildEdit(env *Env, s *childrenState) (Reply, error) {
	k, err := env.Svc.Child(env.Ctx, s.ChildID)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Texts: []Text{T(MsgChildEditAsk, "Name", k.Child.Name)}, Buttons: [][]Button{
		Row(Choice(button(prefixChildren, "name"), MsgChildEditName)),
		Row(Choice(button(prefixChildren, "birth"), MsgChildEditBirth)),
		Row(Choice(button(prefixChildren, "sex"), MsgChildEditSex)),
		Row(Choice(button(prefixChildren, "back"), MsgButtonBack)),
	}}, nil
}

func handleChildEdit(_ *Env, _ *childrenState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixChildren)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	switch action {
	case "name":
		return Next(stepChildEditName), nil
	case "birth":
		return Next(stepChildEditBirt), nil
	case "sex":
		return Next(stepChildEditSex), nil
	case "back":
		return Next(stepChildView), nil
	}
	return Stay(T(MsgStaleButton)), nil
}

func askEditName(*Env, *childrenState) (Reply, error) { return Say(T(MsgAddNameAsk)), nil }

func askEditBirth(env *Env, s *childrenState) (Reply, error) {
	k, err := env.Svc.Child(env.Ctx, s.ChildID)
	if err != nil {
		return Reply{}, err
	}
	return Say(T(MsgAddBirthAsk, "Name", k.Child.Name)), nil
}

func askEditSex(env *Env, s *childrenState) (Reply, error) {
	k, err := env.Svc.Child(env.Ctx, s.ChildID)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Texts: []Text{T(MsgAddSexAsk, "Name", k.Child.Name)}, Buttons: sexButtons(prefixChildren)}, nil
}

func handleEditName(env *Env, s *childrenState, in Input) (Result, error) {
	name, bad := readChildName(in)
	if bad != nil {
		return Stay(*bad), nil
	}
	return correct(env, s, ChildEdit{Name: name})
}

func handleEditBirth(env *Env, s *childrenState, in Input) (Result, error) {
	birth, bad, err := answerBirthDate(env, in)
	if err != nil || bad != nil {
		return stayOr(bad, err)
	}
	return correct(env, s, ChildEdit{BirthDate: birth})
}

func handleEditSex(env *Env, s *childrenState, in Input) (Result, error) {
	sex, ok := readSex(in)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	return correct(env, s, ChildEdit{Sex: sex})
}

func correct(env *Env, s *childrenState, e ChildEdit) (Result, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	c, err := env.Svc.CorrectChild(env.Ctx, s.ChildID, e, user.Today(env.Now))
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgNotFound))), nil
	}
	if errors.Is(err, child.ErrAfterMeasurement) {
		return Stay(T(MsgChildBirthAfterWeighing)), nil
	}
	if err != nil {
		return Result{}, err
	}
	return Next(stepChildView, T(MsgChildEdited, "Name", c.Name)), nil
}

func askChildRemove(env *Env, s *childrenState) (Reply, error) {
	k, err := env.Svc.Child(env.Ctx, s.ChildID)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Texts: []Text{T(MsgChildRemoveAsk, "Name", k.Child.Name)}, Buttons: [][]Button{
		Row(Choice(button(prefixChildren, "yes"), MsgChildRemoveYes)),
		Row(Choice(button(prefixChildren, "back"), MsgButtonCancel)),
	}}, nil
}

func handleChildRemove(env *Env, s *childrenState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixChildren)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	if action != "yes" {
		return Next(stepChildView), nil
	}
	k, err := env.Svc.Child(env.Ctx, s.ChildID)
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgNotFound))), nil
	}
	if err != nil {
		return Result{}, err
	}
	deleted, err := env.Svc.UnlinkChild(env.Ctx, s.ChildID)
	if err != nil {
		return Result{}, err
	}
	msg := MsgChildRemovedKept
	if deleted {
		msg = MsgChildRemovedDeleted
	}
	return End(Say(T(msg, "Name", k.Child.Name))), nil
}

func askChildUndo(env *Env, s *childrenState) (Reply, error) {
	k, err := env.Svc.Child(env.Ctx, s.ChildID)
	if err != nil {
		return Reply{}, err
	}
	if k.Last == nil {
		return Say(T(MsgChildViewNever, "Name", k.Child.Name)), nil
	}
	return Reply{Texts: []Text{T(MsgChildUndoAsk, "Name", k.Child.Name, "Date", Day(k.Last.On),
		"Measured", measuredText(*k.Last))}, Buttons: [][]Button{
		Row(Choice(button(prefixChildren, "yes", k.Last.ID), MsgChildUndoYes)),
		Row(Choice(button(prefixChildren, "back"), MsgButtonCancel)),
	}}, nil
}

func handleChildUndo(env *Env, s *childrenState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixChildren)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	if action != "yes" || id == 0 {
		return Next(stepChildView), nil
	}
	err := env.Svc.RemoveMeasurement(env.Ctx, s.ChildID, id)
	if errors.Is(err, ErrNotFound) {
		return Next(stepChildView, T(MsgStaleButton)), nil
	}
	if err != nil {
		return Result{}, err
	}
	return Next(stepChildView, T(MsgChildUndone)), nil
}

// measuredText is "berat 8,5 kg, panjang 72 cm" of a measurement.
func measuredText(m child.Measurement) Text {
	return Text{Lines: measuredParts(m), Sep: ", "}
}

// measuredParts names each value of a measurement that was taken.
func measuredParts(m child.Measurement) []Text {
	var parts []Text
	if m.WeightKg > 0 {
		parts = append(parts, T(MsgWeighSumWeight, "Weight", Num(m.WeightKg, 2)))
	}
	if m.LenHeiCm > 0 {
		id := MsgWeighSumLengthH
		if m.Position == growth.Lying {
			id = MsgWeighSumLengthL
		}
		parts = append(parts, T(id, "Length", Num(m.LenHeiCm, 1)))
	}
	if m.ArmCm > 0 {
		parts = append(parts, T(MsgWeighSumArm, "Arm", Num(m.ArmCm, 1)))
	}
	if m.HeadCm > 0 {
		parts = append(parts, T(MsgWeighSumHead, "Head", Num(m.HeadCm, 1)))
	}
	return parts
}

package flows

import (
	"strconv"
	"time"
)

// FlowDue is /belum: the children of the cadre's posyandu not weighed yet
// this month, numbered for quick entry, those flagged last month first,
// with a button that reminds their parents (once a day).
const FlowDue = "belum"

const prefixDue = "bl"

const stepDuePosyandu = "posyandu"

type dueState struct{}

// Due is the /belum flow.
func Due() *Flow[dueState] {
	return &Flow[dueState]{
		Name:  FlowDue,
		Start: dueStart,
		Steps: map[string]Step[dueState]{
			stepDuePosyandu: {Ask: askDuePosyandu, Handle: handleDuePosyandu},
		},
	}
}

func dueStart(env *Env, in Input) (dueState, Result, error) {
	var s dueState
	if action, id, ok := pressed(in, prefixDue); ok && id != 0 {
		res, err := dueAction(env, action, id)
		return s, res, err
	}
	places, err := env.Svc.KaderPosyandu(env.Ctx)
	if err != nil {
		return s, Result{}, err
	}
	switch len(places) {
	case 0:
		return s, End(Say(T(MsgNotForYou))), nil
	case 1:
		id, _ := strconv.ParseInt(places[0].Code, 10, 64)
		res, err := dueList(env, id, places[0].Name)
		return s, res, err
	}
	return s, Next(stepDuePosyandu), nil
}

func askDuePosyandu(env *Env, _ *dueState) (Reply, error) {
	return askKaderPosyandu(env, MsgSessPosyanduAsk, prefixDue, "list")
}

func handleDuePosyandu(env *Env, _ *dueState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixDue)
	if !ok || id == 0 {
		return Stay(wrongKind(in)), nil
	}
	return dueAction(env, action, id)
}

// dueAction lists a posyandu's due children, or reminds their parents.
func dueAction(env *Env, action string, posyanduID int64) (Result, error) {
	places, err := env.Svc.KaderPosyandu(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	p, ok := placeByID(places, posyanduID)
	if !ok {
		return End(Say(T(MsgNotFound))), nil
	}
	name := p.Name
	if action == "remind" {
		return remindDue(env, posyanduID, name)
	}
	return dueList(env, posyanduID, name)
}

// dueChildren are the posyandu's children not weighed in today's month,
// those flagged last month first, then by number.
func dueChildren(env *Env, posyanduID int64) ([]PosyanduChild, time.Time, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	today := user.Today(env.Now)
	kids, err := env.Svc.PosyanduChildren(env.Ctx, posyanduID, today)
	if err != nil {
		return nil, today, err
	}
	var flagged, rest []PosyanduChild
	for _, k := range kids {
		switch {
		case k.Weighed:
		case k.Flagged:
			flagged = append(flagged, k)
		default:
			rest = append(rest, k)
		}
	}
	return append(flagged, rest...), today, nil
}

func dueList(env *Env, posyanduID int64, name string) (Result, error) {
	due, today, err := dueChildren(env, posyanduID)
	if err != nil {
		return Result{}, err
	}
	if len(due) == 0 {
		return End(Say(T(MsgDueNone, "Posyandu", Lit(name), "Month", Month(today)))), nil
	}
	lines := make([]Text, 0, len(due))
	for _, k := range due {
		id := MsgDueLine
		if k.Flagged {
			id = MsgDueLineFlagged
		}
		lines = append(lines, T(id, "Number", k.Number, "Name", k.Child.Name, "Age", ageText(k.Child.BirthDate, today)))
	}
	return End(Reply{
		Texts:   []Text{T(MsgDueHead, "Posyandu", Lit(name), "Month", Month(today), "Count", len(due)), {Lines: lines}, T(MsgDueHint)},
		Buttons: [][]Button{Row(Choice(button(prefixDue, "remind", posyanduID), MsgDueRemind))},
	}), nil
}

// remindDue queues one reminder to each linked parent of a due child,
// never twice a day (the notices carry a key of the child and the day).
func remindDue(env *Env, posyanduID int64, name string) (Result, error) {
	due, today, err := dueChildren(env, posyanduID)
	if err != nil {
		return Result{}, err
	}
	var notices []Notice
	for _, k := range due {
		guardians, err := env.Svc.Guardians(env.Ctx, k.Child.ID)
		if err != nil {
			return Result{}, err
		}
		for _, g := range guardians {
			notices = append(notices, Notice{UserID: g,
				Key:     "due:" + strconv.FormatInt(k.Child.ID, 10) + ":" + strconv.FormatInt(g, 10) + ":" + today.Format(time.DateOnly),
				Replies: []Reply{Say(T(MsgDueReminder, "Name", k.Child.Name, "Posyandu", Lit(name)))}})
		}
	}
	return End(Say(T(MsgDueReminded, "Count", len(notices)))).Notify(notices...), nil
}

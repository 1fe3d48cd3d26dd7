package flows

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/measure"
)

// FlowPregnancy follows a pregnancy: /hamil takes the HPHT (first day of the
// last period) or the HPL (due date) and a short message comes each week
// from week 4 to 42; from week 37 "Bayi sudah lahir?" leads to registering
// the baby, and a kind path ends every pregnancy message after a loss.
const FlowPregnancy = "hamil"

const prefixPregnancy = "hamil"

const stepPregnancyDate = "date"

// Weeks of pregnancy with a weekly message.
const (
	FirstPregnancyWeek = 4
	LastPregnancyWeek  = 42
	// BornButtonWeek is the first week whose message asks whether the baby is born.
	BornButtonWeek = 37
)

// PregnancyInfo is a followed pregnancy.
type PregnancyInfo struct {
	ID  int64
	LMP time.Time // HPHT, midnight UTC
}

// Week is the week of pregnancy on today (completed weeks since the HPHT).
func (p PregnancyInfo) Week(today time.Time) int { return int(today.Sub(p.LMP).Hours()/24) / 7 }

// DueDate is the HPL: HPHT + 280 days.
func (p PregnancyInfo) DueDate() time.Time { return p.LMP.AddDate(0, 0, 280) }

// PregnancyService is what the pregnancy flow uses.
type PregnancyService interface {
	CurrentUser(ctx context.Context) (*User, error)
	// Pregnancy returns the person's followed pregnancy, or ErrNotFound.
	Pregnancy(ctx context.Context) (PregnancyInfo, error)
	// StartPregnancy follows (or corrects) a pregnancy from its HPHT; the
	// tablet count of a new one starts again.
	StartPregnancy(ctx context.Context, lmp, today, now time.Time) (PregnancyInfo, error)
	// EndPregnancy ends pregnancy id ("born" or "lost"); ErrNotFound when
	// it is not the person's active one.
	EndPregnancy(ctx context.Context, id int64, status string, now time.Time) error
}

type pregnancyState struct{}

// Pregnancy is the flow behind /hamil and the weekly messages' buttons.
func Pregnancy() *Flow[pregnancyState] {
	return &Flow[pregnancyState]{
		Name:  FlowPregnancy,
		Start: pregnancyStart,
		Steps: map[string]Step[pregnancyState]{
			stepPregnancyDate: {Ask: askPregnancyDate, Handle: handlePregnancyDate},
		},
	}
}

// PregnancyWeek is the weekly message of week (FirstPregnancyWeek to
// LastPregnancyWeek) for pregnancy id (the scheduler passes a placeholder).
func PregnancyWeek(week int, id int64) Reply {
	texts := []Text{
		T(MsgPregnancyWeekTitle, "Week", week),
		T(MsgPregnancyWeekPrefix + strconv.Itoa(week)),
		T(MsgPregnancyDanger),
	}
	r := Reply{Texts: texts}
	if week >= BornButtonWeek {
		r.Buttons = [][]Button{Row(Choice(button(prefixPregnancy, "born", id), MsgPregnancyBornAsk))}
	}
	return r
}

func pregnancyStart(env *Env, in Input) (pregnancyState, Result, error) {
	var s pregnancyState
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil || user == nil {
		return s, End(Say(T(MsgNeedRegister))), err
	}
	action, id, ok := pressed(in, prefixPregnancy)
	if in.Kind == KindButton && !ok {
		return s, End(Say(T(MsgStaleButton))), nil
	}
	switch action {
	case "":
		p, err := env.Svc.Pregnancy(env.Ctx)
		if errors.Is(err, ErrNotFound) {
			return s, Next(stepPregnancyDate), nil
		}
		if err != nil {
			return s, Result{}, err
		}
		return s, End(pregnancyStatus(p, user.Today(in.Now))), nil
	case "change":
		return s, Next(stepPregnancyDate), nil
	case "born", "lost":
		if err := env.Svc.EndPregnancy(env.Ctx, id, action, in.Now); errors.Is(err, ErrNotFound) {
			return s, End(Say(T(MsgPregnancyNone))), nil
		} else if err != nil {
			return s, Result{}, err
		}
		if action == "lost" {
			return s, End(Reply{ClearButtonsOf: in.MessageID}, Say(T(MsgPregnancyLost))), nil
		}
		return s, End(Reply{ClearButtonsOf: in.MessageID}, Reply{Texts: []Text{T(MsgPregnancyBorn)},
			Buttons: [][]Button{Row(Choice(button(prefixChildren, "born"), MsgChildrenAdd))}}), nil
	case "ended":
		return s, End(Reply{Texts: []Text{T(MsgPregnancyEndedAsk)}, Buttons: [][]Button{
			Row(Choice(button(prefixPregnancy, "born", id), MsgPregnancyBornAsk)),
			Row(Choice(button(prefixPregnancy, "lost", id), MsgPregnancyLostButton)),
		}}), nil
	}
	return s, End(Say(T(MsgStaleButton))), nil
}

func pregnancyStatus(p PregnancyInfo, today time.Time) Reply {
	texts := []Text{T(MsgPregnancyStatus, "Week", p.Week(today), "Due", Day(p.DueDate()))}
	if w := p.Week(today); w >= FirstPregnancyWeek && w <= LastPregnancyWeek {
		texts = append(texts, T(MsgPregnancyWeekPrefix+strconv.Itoa(w)))
	}
	return Reply{Texts: texts, Buttons: [][]Button{
		Row(Choice(button(prefixPregnancy, "change"), MsgPregnancyChange)),
		Row(Choice(button(prefixPregnancy, "ended", p.ID), MsgPregnancyEndedButton)),
	}}
}

func askPregnancyDate(*Env, *pregnancyState) (Reply, error) {
	return Say(T(MsgPregnancyDateAsk)), nil
}

// handlePregnancyDate reads an HPHT (a past day) or an HPL (a coming day,
// or any day after "HPL").
func handlePregnancyDate(env *Env, _ *pregnancyState, in Input) (Result, error) {
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	today := user.Today(in.Now)
	rest := strings.ToLower(strings.TrimSpace(in.Text))
	isHPL := strings.HasPrefix(rest, "hpl")
	for _, p := range []string{"hpl", "hpht"} {
		if strings.HasPrefix(rest, p) {
			rest = rest[len(p):]
			break
		}
	}
	text := strings.Trim(rest, " :")
	d, err := measure.Date(text, today)
	if err != nil {
		return Stay(T(MsgPregnancyDateInvalid)), nil
	}
	lmp := d
	if isHPL || d.After(today) {
		lmp = d.AddDate(0, 0, -280)
	}
	if lmp.After(today) || lmp.Before(today.AddDate(0, 0, -7*LastPregnancyWeek)) {
		return Stay(T(MsgPregnancyDateInvalid)), nil
	}
	p, err := env.Svc.StartPregnancy(env.Ctx, lmp, today, in.Now)
	if err != nil {
		return Result{}, err
	}
	return End(pregnancyStatus(p, today)), nil
}

package flows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// FlowTablet is the iron tablet programme (TTD, or MMS in pregnancy): /ttd
// shows the count and changes the day, the time or a pause; the buttons of
// a reminder ("Sudah minum", "Ingatkan 1 jam lagi", "Tablet habis") work
// whenever pressed, with no conversation waiting. Every press ends at once,
// so a press counts the same after /batal, days later or twice.
const FlowTablet = "ttd"

const prefixTablet = "ttd"

// Supplement is the deployment's tablet for pregnancy: its name in every
// message and how many make a pregnancy's course (TTD 90, MMS 180).
type Supplement struct {
	Name  string
	Total int
}

// GirlsSupplement is what adolescent girls take, a tablet a week, a year's course.
var GirlsSupplement = Supplement{Name: "TTD", Total: 52}

// TabletStatus is a person's tablet plan as /ttd shows it.
type TabletStatus struct {
	Weekly   bool
	Weekday  time.Weekday
	RemindAt time.Duration
	Paused   bool
	Taken    int
	Supplement
}

// Dose is what confirming a tablet did.
type Dose struct {
	// Number is which tablet this is (ke-37), counted since the plan started.
	Number int
	// Added is false when the day was already counted, or the course full.
	Added bool
	// Full is true when the course was complete before this press.
	Full bool
	Supplement
}

// TabletChange changes a plan; nil fields stay.
type TabletChange struct {
	Weekday  *time.Weekday
	RemindAt *time.Duration
	Paused   *bool
}

// TabletService is what the tablet programme uses.
type TabletService interface {
	CurrentUser(ctx context.Context) (*User, error)
	// TabletStatus returns the person's plan, creating the default one for
	// an adolescent girl or a pregnant woman; ErrNotFound for anyone else.
	TabletStatus(ctx context.Context, now time.Time) (TabletStatus, error)
	// RecordDose counts the tablet of day (a local calendar day, midnight
	// UTC) once.
	RecordDose(ctx context.Context, day, now time.Time) (Dose, error)
	// SnoozeDose reminds again at at; false when already asked for that day.
	SnoozeDose(ctx context.Context, day, at time.Time) (bool, error)
	// ChangeTablets changes the plan and reschedules from now.
	ChangeTablets(ctx context.Context, c TabletChange, now time.Time) error
	// MyKaders returns the user ids of the cadres of the person's posyandu.
	MyKaders(ctx context.Context) ([]int64, error)
}

// RemindTimes are the times a person may choose, outside quiet hours.
var RemindTimes = []time.Duration{6 * time.Hour, 7 * time.Hour, 12 * time.Hour, 17 * time.Hour,
	18 * time.Hour, 19 * time.Hour, 20 * time.Hour}

// Tablet is the flow behind /ttd and the reminders' buttons.
func Tablet() *Flow[struct{}] {
	return &Flow[struct{}]{Name: FlowTablet, Start: tabletStart, Steps: map[string]Step[struct{}]{}}
}

// TabletTips is how many tips a reminder or a confirmation rotates through.
const TabletTips = 5

// TabletReminder is a reminder of the tablet of day (YYYYMMDD as a
// number; the scheduler passes a placeholder), with the three buttons. The
// nudge is added after three missed doses; tip picks the tip shown.
func TabletReminder(s Supplement, day int64, nudge bool, tip int) Reply {
	texts := []Text{T(MsgTabletRemind, "Supplement", s.Name)}
	if nudge {
		texts = append(texts, T(MsgTabletNudge, "Supplement", s.Name))
	}
	texts = append(texts, T(MsgTabletTipPrefix+strconv.Itoa(tip%TabletTips)))
	return Reply{Texts: texts, Buttons: [][]Button{
		Row(Choice(button(prefixTablet, "ok", day), MsgTabletTaken)),
		Row(Choice(button(prefixTablet, "later", day), MsgTabletLater)),
		Row(Choice(button(prefixTablet, "out", day), MsgTabletOut)),
	}}
}

func tabletStart(env *Env, in Input) (struct{}, Result, error) {
	var none struct{}
	svc := TabletService(env.Svc)
	if in.Kind == KindCommand {
		res, err := tabletMenu(env, svc, nil)
		return none, res, err
	}
	action, id, ok := pressed(in, prefixTablet)
	if !ok {
		return none, End(Say(T(MsgStaleButton))), nil
	}
	user, err := svc.CurrentUser(env.Ctx)
	if err != nil || user == nil {
		return none, End(Say(T(MsgNeedRegister))), err
	}
	switch action {
	case "ok", "later", "out":
		day, ok := doseDay(id, user.Today(in.Now))
		if !ok {
			return none, End(Say(T(MsgStaleButton))), nil
		}
		res, err := tabletDose(env, svc, user, action, day, in)
		return none, res, err
	case "times":
		r := Reply{Texts: []Text{T(MsgTabletTimeAsk)}}
		for _, at := range RemindTimes {
			r.Buttons = append(r.Buttons, Row(Button{Label: Lit(clockText(at)), Data: button(prefixTablet, "time", int64(at/time.Minute))}))
		}
		return none, End(r), nil
	case "days":
		r := Reply{Texts: []Text{T(MsgTabletDayAsk)}}
		for d := time.Monday; d <= time.Saturday; d++ {
			r.Buttons = append(r.Buttons, Row(Choice(button(prefixTablet, "day", int64(d)), MsgWeekdayPrefix+strconv.Itoa(int(d)))))
		}
		r.Buttons = append(r.Buttons, Row(Choice(button(prefixTablet, "day", 0), MsgWeekdayPrefix+"0")))
		return none, End(r), nil
	case "time":
		at := time.Duration(id) * time.Minute
		if !slices.Contains(RemindTimes, at) {
			return none, End(Say(T(MsgStaleButton))), nil
		}
		res, err := tabletMenu(env, svc, &TabletChange{RemindAt: &at})
		return none, res, err
	case "day":
		if id < 0 || id > 6 {
			return none, End(Say(T(MsgStaleButton))), nil
		}
		wd := time.Weekday(id)
		res, err := tabletMenu(env, svc, &TabletChange{Weekday: &wd})
		return none, res, err
	case "pause", "resume":
		p := action == "pause"
		res, err := tabletMenu(env, svc, &TabletChange{Paused: &p})
		return none, res, err
	}
	return none, End(Say(T(MsgStaleButton))), nil
}

// doseDay reads a button's YYYYMMDD: a day of the last 60, not after today.
func doseDay(id int64, today time.Time) (time.Time, bool) {
	d, err := time.Parse("20060102", strconv.FormatInt(id, 10))
	if err != nil || d.After(today) || d.Before(today.AddDate(0, 0, -60)) {
		return time.Time{}, false
	}
	return d, true
}

func tabletDose(env *Env, svc TabletService, user *User, action string, day time.Time, in Input) (Result, error) {
	clear := Reply{ClearButtonsOf: in.MessageID}
	switch action {
	case "ok":
		d, err := svc.RecordDose(env.Ctx, day, in.Now)
		if errors.Is(err, ErrNotFound) {
			return End(Say(T(MsgTabletNoPlan))), nil
		}
		if err != nil {
			return Result{}, err
		}
		var say Text
		switch {
		case d.Full:
			say = T(MsgTabletFull, "Supplement", d.Name, "Total", d.Total)
		case d.Added:
			say = T(MsgTabletCounted, "Supplement", d.Name, "Number", d.Number, "Total", d.Total)
		default:
			say = T(MsgTabletAlready, "Supplement", d.Name, "Number", d.Number, "Total", d.Total)
		}
		return End(clear, Say(say, T(MsgTabletTipPrefix+strconv.Itoa(d.Number%TabletTips)))), nil
	case "later":
		at := in.Now.Add(time.Hour)
		ok, err := svc.SnoozeDose(env.Ctx, day, at)
		if err != nil {
			return Result{}, err
		}
		if !ok {
			return End(Say(T(MsgTabletLaterAgain))), nil
		}
		return End(Say(T(MsgTabletLaterSet, "Time", clockText(sinceMidnight(at, user.Zone()))))), nil
	}
	// Out of tablets: say where to get more and tell the posyandu's cadres.
	kaders, err := svc.MyKaders(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	where := MsgTabletOutWherePregnant
	if !user.Has(RolePregnant) {
		where = MsgTabletOutWhereGirl
	}
	res := End(Say(T(where)))
	for _, k := range kaders {
		res = res.Notify(Notice{UserID: k, Key: fmt.Sprintf("ttdout:%d:%s", user.ID, day.Format("2006-01-02")),
			Replies: []Reply{Say(T(MsgTabletOutKader, "Name", user.Name))}})
	}
	return res, nil
}

// tabletMenu applies change, if any, and shows the plan with its buttons.
func tabletMenu(env *Env, svc TabletService, change *TabletChange) (Result, error) {
	st, err := svc.TabletStatus(env.Ctx, env.Now)
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgTabletNoPlan))), nil
	}
	if err != nil {
		return Result{}, err
	}
	if change != nil {
		if err := svc.ChangeTablets(env.Ctx, *change, env.Now); err != nil {
			return Result{}, err
		}
		if st, err = svc.TabletStatus(env.Ctx, env.Now); err != nil {
			return Result{}, err
		}
	}
	when := T(MsgTabletDaily, "Time", clockText(st.RemindAt))
	if st.Weekly {
		when = T(MsgTabletWeekly, "Day", T(MsgWeekdayPrefix+strconv.Itoa(int(st.Weekday))), "Time", clockText(st.RemindAt))
	}
	texts := []Text{T(MsgTabletStatus, "Supplement", st.Name, "Taken", st.Taken, "Total", st.Total), when}
	if st.Paused {
		texts = append(texts, T(MsgTabletPaused))
	}
	rows := [][]Button{Row(Choice(button(prefixTablet, "times"), MsgTabletChangeTime))}
	if st.Weekly {
		rows = append(rows, Row(Choice(button(prefixTablet, "days"), MsgTabletChangeDay)))
	}
	if st.Paused {
		rows = append(rows, Row(Choice(button(prefixTablet, "resume"), MsgTabletResume)))
	} else {
		rows = append(rows, Row(Choice(button(prefixTablet, "pause"), MsgTabletPause)))
	}
	return End(Reply{Texts: texts, Buttons: rows}), nil
}

func clockText(d time.Duration) string {
	return fmt.Sprintf("%02d.%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

func sinceMidnight(t time.Time, loc *time.Location) time.Duration {
	l := t.In(loc)
	return time.Duration(l.Hour())*time.Hour + time.Duration(l.Minute())*time.Minute
}

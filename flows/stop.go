package flows

import (
	"context"
	"slices"
	"strings"
)

// FlowStop turns reminders off (/berhenti, or "STOP" / "BERHENTI" typed)
// and on again (/mulai): all of them, or one kind, by buttons.
const FlowStop = "berhenti"

const prefixStop = "stop"

// The kinds of reminder a person can stop; ReminderAll is every one.
const (
	ReminderAll       = "all"
	ReminderTablet    = "ttd"
	ReminderPregnancy = "hamil"
	ReminderPosyandu  = "posyandu"
)

var reminderKinds = []string{ReminderAll, ReminderTablet, ReminderPregnancy, ReminderPosyandu}

// StopService is what turning reminders off and on uses.
type StopService interface {
	CurrentUser(ctx context.Context) (*User, error)
	// StopReminders turns off one kind, or ReminderAll.
	StopReminders(ctx context.Context, kind string) error
	// ResumeReminders turns every kind back on.
	ResumeReminders(ctx context.Context) error
}

// IsStopWord reports whether a typed text asks to stop the messages.
func IsStopWord(text string) bool {
	switch strings.ToUpper(strings.Trim(strings.TrimSpace(text), ".!")) {
	case "STOP", "BERHENTI", "UNSUBSCRIBE":
		return true
	}
	return false
}

// Stop is the flow behind /berhenti, /mulai and their buttons.
func Stop() *Flow[struct{}] {
	return &Flow[struct{}]{Name: FlowStop, Start: stopStart, Steps: map[string]Step[struct{}]{}}
}

func stopStart(env *Env, in Input) (struct{}, Result, error) {
	var none struct{}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil || user == nil {
		return none, End(Say(T(MsgNeedRegister))), err
	}
	if in.Kind == KindCommand && (in.Command == "mulai" || in.Command == "resume") {
		if err := env.Svc.ResumeReminders(env.Ctx); err != nil {
			return none, Result{}, err
		}
		return none, End(Say(T(MsgStopResumed))), nil
	}
	if in.Kind == KindCommand {
		r := Reply{Texts: []Text{T(MsgStopAsk)}}
		for _, k := range reminderKinds {
			r.Buttons = append(r.Buttons, Row(Choice(button(prefixStop, k), MsgStopKindPrefix+k)))
		}
		return none, End(r), nil
	}
	action, _, ok := pressed(in, prefixStop)
	if !ok || !slices.Contains(reminderKinds, action) {
		return none, End(Say(T(MsgStaleButton))), nil
	}
	if err := env.Svc.StopReminders(env.Ctx, action); err != nil {
		return none, Result{}, err
	}
	return none, End(Reply{ClearButtonsOf: in.MessageID}, Say(T(MsgStopDone, "What", T(MsgStopKindPrefix+action)))), nil
}

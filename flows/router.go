package flows

import (
	"errors"
	"fmt"
	"strings"
)

// Engine routes each input: commands first, then the waiting flow, and
// starts registration for a newcomer. It does no I/O but through Env.Svc.
type Engine struct {
	flows map[string]Runner
}

// NewEngine returns an engine with the given flows (registration always).
func NewEngine(extra ...Runner) *Engine {
	e := &Engine{flows: map[string]Runner{}}
	for _, r := range append([]Runner{Register()}, extra...) {
		e.flows[r.FlowName()] = r
	}
	return e
}

// Handle runs one turn: conv is the waiting conversation or nil. The
// returned Outcome.Next replaces it (nil ends it).
func (e *Engine) Handle(env *Env, conv *Conversation, in Input) (Outcome, error) {
	if in.Kind == KindCommand {
		return e.command(env, conv, in)
	}
	if conv != nil {
		r, ok := e.flows[conv.Flow]
		if !ok {
			return Outcome{Replies: []Reply{Say(T(MsgExpired))}}, nil
		}
		if in.Kind == KindOther {
			return r.Reprompt(env, *conv, T(MsgUnreadable))
		}
		out, err := r.Resume(env, *conv, in)
		if errors.Is(err, ErrUnknownStep) {
			// A step removed by an upgrade: start over rather than fail forever.
			return Outcome{Replies: []Reply{Say(T(MsgExpired))}}, nil
		}
		return out, err
	}
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Outcome{}, err
	}
	if user == nil {
		return e.flows[FlowRegister].Begin(env, in)
	}
	var first Text
	switch in.Kind {
	case KindButton:
		first = T(MsgStaleButton)
	case KindOther:
		first = T(MsgUnreadable)
	default:
		first = T(MsgHello, "Name", user.Name)
	}
	return Outcome{Replies: []Reply{Say(first), Help(user)}}, nil
}

// command handles /start, /bantuan, /batal and /bahasa. Commands other than
// /start and /batal leave a waiting flow where it was and ask its question again.
func (e *Engine) command(env *Env, conv *Conversation, in Input) (Outcome, error) {
	switch in.Command {
	case "start":
		return e.flows[FlowRegister].Begin(env, in)
	case "batal", "cancel":
		if conv == nil {
			return Outcome{Replies: []Reply{Say(T(MsgNothingToCancel))}}, nil
		}
		return Outcome{Replies: []Reply{{Texts: []Text{T(MsgCancelled)}, RemoveKeyboard: true}}}, nil
	case "bantuan", "help":
		user, err := env.Svc.CurrentUser(env.Ctx)
		if err != nil {
			return Outcome{}, err
		}
		return e.thenReprompt(env, conv, Help(user))
	case "bahasa", "language":
		lang := nextLanguage(env.Lang, in.Payload)
		if err := env.Svc.SetLanguage(env.Ctx, lang); err != nil {
			return Outcome{}, fmt.Errorf("set language: %w", err)
		}
		env.Lang = lang
		return e.thenReprompt(env, conv, Say(T(MsgLanguageSet)))
	}
	return e.thenReprompt(env, conv, Say(T(MsgUnknownCommand, "Command", "/"+in.Command)))
}

// thenReprompt sends first and, if a flow is waiting, its question again.
func (e *Engine) thenReprompt(env *Env, conv *Conversation, first Reply) (Outcome, error) {
	out := Outcome{Replies: []Reply{first}}
	if conv == nil {
		return out, nil
	}
	r, ok := e.flows[conv.Flow]
	if !ok {
		return out, nil
	}
	again, err := r.Reprompt(env, *conv)
	if errors.Is(err, ErrUnknownStep) {
		return out, nil
	}
	if err != nil {
		return Outcome{}, err
	}
	out.Replies = append(out.Replies, again.Replies...)
	out.Next = again.Next
	return out, nil
}

// nextLanguage picks the language /bahasa asks for: the one named, or the other one.
func nextLanguage(current, payload string) string {
	switch strings.ToLower(strings.TrimSpace(payload)) {
	case "id", "indonesia", "indonesian", "bahasa":
		return "id"
	case "en", "english", "inggris":
		return "en"
	}
	if current == "en" {
		return "id"
	}
	return "en"
}

// Help lists what the person can do, by role; a nil user is a guest.
func Help(user *User) Reply {
	if user == nil {
		return Say(T(MsgHelpGuest), T(MsgHelpCommands))
	}
	texts := []Text{T(MsgHelpIntro, "Name", user.Name)}
	seen := map[Role]bool{}
	for _, r := range user.Roles {
		if !seen[r] {
			seen[r] = true
			texts = append(texts, T(MsgHelpRolePrefx+string(r)))
		}
	}
	return Say(append(texts, T(MsgHelpCommands))...)
}

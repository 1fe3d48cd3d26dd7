package flows

import (
	"errors"
	"fmt"
	"strings"
)

// Engine routes each input: commands first, then buttons owned by another
// flow, then the waiting flow, and starts registration for a newcomer. It
// does no I/O but through Env.Svc.
type Engine struct {
	reg *Registry
}

// NewEngine returns an engine over a registry, which must hold the
// registration flow.
func NewEngine(reg *Registry) *Engine {
	if _, ok := reg.flow(FlowRegister); !ok {
		panic("flows: the registry has no registration flow")
	}
	return &Engine{reg: reg}
}

// Handle runs one turn: conv is the waiting conversation or nil. The
// returned Outcome.Next replaces it (nil ends it).
func (e *Engine) Handle(env *Env, conv *Conversation, in Input) (Outcome, error) {
	env.help = e.Help
	if env.Now.IsZero() {
		env.Now = in.Now
	}
	if in.Kind == KindText && !in.Forwarded && IsStopWord(in.Text) {
		in.Kind, in.Command, in.Payload = KindCommand, "berhenti", ""
	}
	if in.Kind == KindCommand {
		return e.command(env, conv, in)
	}
	if in.Kind == KindButton {
		if spec := e.reg.button(in.Data); spec != nil && (conv == nil || conv.Flow != spec.Flow.FlowName()) {
			out, err := e.start(env, conv, in, spec)
			if err == nil && spec.KeepsWaiting && conv != nil && out.Next == nil {
				out.Next = conv
			}
			return out, err
		}
	}
	if conv != nil {
		r, ok := e.reg.flow(conv.Flow)
		if !ok {
			return Outcome{Replies: []Reply{Say(T(MsgExpired))}}, nil
		}
		if pt, ok := r.(photoTaker); in.Kind == KindOther && !(in.PhotoFileID != "" && ok && pt.TakesPhoto(conv.Step)) {
			return r.Reprompt(env, *conv, T(MsgUnreadable))
		}
		if in.Forwarded && in.Kind != KindButton {
			return r.Reprompt(env, *conv, T(MsgForwardedNotAnswer))
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
		return e.register().Begin(env, in)
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
	return Outcome{Replies: []Reply{Say(first), e.Help(user)}}, nil
}

func (e *Engine) register() Runner {
	r, _ := e.reg.flow(FlowRegister)
	return r
}

// start begins the first of specs the person may start, for a command or a
// button press; when they may start none, it says why and leaves the
// waiting flow as it was.
func (e *Engine) start(env *Env, conv *Conversation, in Input, specs ...*Spec) (Outcome, error) {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return Outcome{}, err
	}
	if user == nil {
		return e.thenReprompt(env, conv, Say(T(MsgNeedRegister)))
	}
	for _, spec := range specs {
		if spec.allows(user) {
			return spec.Flow.Begin(env, in)
		}
	}
	return e.thenReprompt(env, conv, Say(T(MsgNotForYou)))
}

// command handles /start, /bantuan, /batal and /bahasa. Commands other than
// /start and /batal leave a waiting flow where it was and ask its question again.
func (e *Engine) command(env *Env, conv *Conversation, in Input) (Outcome, error) {
	switch in.Command {
	case "start":
		return e.register().Begin(env, in)
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
		return e.thenReprompt(env, conv, e.Help(user))
	case "bahasa", "language":
		lang := nextLanguage(env.Lang, in.Payload)
		if err := env.Svc.SetLanguage(env.Ctx, lang); err != nil {
			return Outcome{}, fmt.Errorf("set language: %w", err)
		}
		env.Lang = lang
		return e.thenReprompt(env, conv, Say(T(MsgLanguageSet)))
	}
	if specs := e.reg.command(in.Command); len(specs) > 0 {
		return e.start(env, conv, in, specs...)
	}
	return e.thenReprompt(env, conv, Say(T(MsgUnknownCommand, "Command", "/"+in.Command)))
}

// thenReprompt sends first and, if a flow is waiting, its question again.
func (e *Engine) thenReprompt(env *Env, conv *Conversation, first Reply) (Outcome, error) {
	out := Outcome{Replies: []Reply{first}}
	if conv == nil {
		return out, nil
	}
	r, ok := e.reg.flow(conv.Flow)
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

// Help lists what the person can do, by role, with the commands of the
// flows they may start; a nil user is a guest.
func (e *Engine) Help(user *User) Reply {
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
	var lines []Text
	listed := map[string]bool{}
	for _, s := range e.reg.specs {
		if !s.allows(user) {
			continue
		}
		for _, c := range s.Commands {
			if !listed[c.Name] { // the first flow the person may start is theirs
				listed[c.Name] = true
				lines = append(lines, T(MsgHelpCommandLine, "Command", "/"+c.Name, "What", T(c.Description)))
			}
		}
	}
	if len(lines) > 0 {
		texts = append(texts, Text{Lines: lines})
	}
	return Say(append(texts, T(MsgHelpCommands))...)
}

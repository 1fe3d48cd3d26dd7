package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Conversation is a flow waiting for the person's next message: which flow,
// at which step, with what it has gathered so far. It round-trips through
// JSON, so a conversation survives a restart of the process.
type Conversation struct {
	Flow  string          `json:"flow"`
	Step  string          `json:"step"`
	State json.RawMessage `json:"state"`
}

// Env is what a step may use besides its input: the turn's services and the
// person's language. Steps never read the clock: Input.Now is the time.
type Env struct {
	Ctx  context.Context
	Svc  Services
	Lang string
	// Now is the time of the turn (Input.Now), for questions asked without
	// an input in hand.
	Now time.Time

	help func(*User) Reply // set by the Engine
}

// helpFor is the help message for user, as the engine lists it.
func helpFor(env *Env, user *User) Reply {
	if env.help == nil {
		return Say(T(MsgHelpCommands))
	}
	return env.help(user)
}

// Outcome is what a turn produces: replies to send and the conversation to
// wait in, or nil when the flow has ended.
type Outcome struct {
	Replies []Reply
	Next    *Conversation
	// Notices go to other people (a parent told of a posyandu weighing, a
	// health worker of a referral), each in their own language.
	Notices []Notice
}

// Result is what a step's handler decides.
type Result struct {
	next    string
	end     bool
	say     []Text
	before  []Reply
	final   []Reply
	notices []Notice
}

// Next moves to step, saying texts before its question.
func Next(step string, say ...Text) Result { return Result{next: step, say: say} }

// Stay asks the current question again, after saying texts (usually why the
// answer could not be used).
func Stay(say ...Text) Result { return Result{say: say} }

// End finishes the flow with these replies.
func End(replies ...Reply) Result { return Result{end: true, final: replies} }

// Before adds replies sent ahead of the next question, as separate messages
// (for example one that removes a reply keyboard).
func (r Result) Before(replies ...Reply) Result {
	r.before = append(r.before, replies...)
	return r
}

// Notify adds messages to other people to the turn.
func (r Result) Notify(n ...Notice) Result {
	r.notices = append(r.notices, n...)
	return r
}

// Step is one question of a flow over state S: how to ask it, and how to
// handle an answer.
type Step[S any] struct {
	Ask    func(env *Env, s *S) (Reply, error)
	Handle func(env *Env, s *S, in Input) (Result, error)
	// TakesPhoto lets a photo reach Handle (Input.PhotoFileID); elsewhere a
	// photo gets "I can only read text" without the step seeing it.
	TakesPhoto bool
}

// Flow is a conversation written in Go: named steps over a state struct S
// that is stored as JSON between turns.
type Flow[S any] struct {
	Name  string
	Steps map[string]Step[S]
	// Start begins the flow: it returns the first state and a Result that
	// names the first step (or ends at once).
	Start func(env *Env, in Input) (S, Result, error)
}

// Runner is a flow with its state type erased, as the engine holds it.
type Runner interface {
	FlowName() string
	Begin(env *Env, in Input) (Outcome, error)
	Resume(env *Env, c Conversation, in Input) (Outcome, error)
	Reprompt(env *Env, c Conversation, say ...Text) (Outcome, error)
}

var _ Runner = (*Flow[struct{}])(nil)

// FlowName returns the flow's name, stored in the conversation.
func (f *Flow[S]) FlowName() string { return f.Name }

// Begin starts the flow.
func (f *Flow[S]) Begin(env *Env, in Input) (Outcome, error) {
	s, res, err := f.Start(env, in)
	if err != nil {
		return Outcome{}, fmt.Errorf("start flow %s: %w", f.Name, err)
	}
	return f.apply(env, "", &s, res)
}

// Resume hands the person's answer to the waiting step.
func (f *Flow[S]) Resume(env *Env, c Conversation, in Input) (Outcome, error) {
	step, s, err := f.load(c)
	if err != nil {
		return Outcome{}, err
	}
	res, err := step.Handle(env, s, in)
	if err != nil {
		return Outcome{}, fmt.Errorf("flow %s step %s: %w", f.Name, c.Step, err)
	}
	out, err := f.apply(env, c.Step, s, res)
	if err != nil {
		return Outcome{}, err
	}
	return clearAnswered(out, c.Step, in), nil
}

// clearAnswered removes the buttons of the question a button press answered
// once the flow has moved past it, unless a reply replaces that message anyway.
func clearAnswered(out Outcome, step string, in Input) Outcome {
	if in.Kind != KindButton || in.MessageID == 0 || (out.Next != nil && out.Next.Step == step) {
		return out
	}
	for _, r := range out.Replies {
		if r.EditMessageID == in.MessageID {
			return out
		}
	}
	out.Replies = append([]Reply{{ClearButtonsOf: in.MessageID}}, out.Replies...)
	return out
}

// Reprompt asks the waiting step's question again, after say.
func (f *Flow[S]) Reprompt(env *Env, c Conversation, say ...Text) (Outcome, error) {
	_, s, err := f.load(c)
	if err != nil {
		return Outcome{}, err
	}
	return f.apply(env, c.Step, s, Stay(say...))
}

// TakesPhoto reports whether the step takes a photo.
func (f *Flow[S]) TakesPhoto(step string) bool { return f.Steps[step].TakesPhoto }

// photoTaker is a Runner with steps that take a photo.
type photoTaker interface{ TakesPhoto(step string) bool }

// ErrUnknownStep means a stored conversation names a step this flow does not
// have (say, after an upgrade removed it).
var ErrUnknownStep = fmt.Errorf("unknown step")

func (f *Flow[S]) load(c Conversation) (Step[S], *S, error) {
	step, ok := f.Steps[c.Step]
	if !ok {
		return Step[S]{}, nil, fmt.Errorf("flow %s step %q: %w", f.Name, c.Step, ErrUnknownStep)
	}
	s := new(S)
	if len(c.State) > 0 {
		if err := json.Unmarshal(c.State, s); err != nil {
			return Step[S]{}, nil, fmt.Errorf("decode state of flow %s: %w", f.Name, err)
		}
	}
	return step, s, nil
}

// apply turns a step's Result into replies and the next conversation.
func (f *Flow[S]) apply(env *Env, current string, s *S, res Result) (Outcome, error) {
	out := Outcome{Replies: append([]Reply(nil), res.before...), Notices: res.notices}
	if res.end {
		if len(res.say) > 0 {
			out.Replies = append(out.Replies, Say(res.say...))
		}
		out.Replies = append(out.Replies, res.final...)
		return out, nil
	}
	next := res.next
	if next == "" {
		next = current
	}
	step, ok := f.Steps[next]
	if !ok {
		return Outcome{}, fmt.Errorf("flow %s step %q: %w", f.Name, next, ErrUnknownStep)
	}
	ask, err := step.Ask(env, s)
	if err != nil {
		return Outcome{}, fmt.Errorf("ask flow %s step %s: %w", f.Name, next, err)
	}
	if len(res.say) > 0 && ask.EditMessageID == 0 && ask.Photo == nil {
		ask.Texts = append(append([]Text(nil), res.say...), ask.Texts...)
	} else if len(res.say) > 0 {
		out.Replies = append(out.Replies, Say(res.say...))
	}
	out.Replies = append(out.Replies, ask)
	state, err := json.Marshal(s)
	if err != nil {
		return Outcome{}, fmt.Errorf("encode state of flow %s: %w", f.Name, err)
	}
	out.Next = &Conversation{Flow: f.Name, Step: next, State: state}
	return out, nil
}

package flows

import (
	"fmt"
	"slices"
	"strings"
)

// Command is a /command that starts a flow, in Indonesian with English
// aliases. Description is the message ID shown in Telegram's command menu.
type Command struct {
	Name        string
	Aliases     []string
	Description string
}

// Spec declares a flow to the registry: the commands that start it, who may
// start it, and the prefix of the button data it owns. Flows may share a
// command: the first registered that the person may start is started, so
// all but the last must name their roles. A button of its
// prefix pressed while another flow (or none) waits starts it, with the
// press as its input: that is how a button under an old message (a
// child's "Grafik", a reminder's "Sudah minum") works without a
// conversation waiting.
type Spec struct {
	Flow     Runner
	Commands []Command
	// Roles may start the flow; empty means any registered person.
	Roles []Role
	// Buttons is the button-data prefix the flow owns ("anak" owns
	// "anak:…"); empty for none.
	Buttons string
	// KeepsWaiting: a press of its buttons that ends the flow at once
	// leaves another waiting flow where it was (a cadre's "Rujuk" keeps
	// the posyandu session going), instead of ending it.
	KeepsWaiting bool
}

// Registry routes commands and button presses to flows.
type Registry struct {
	specs     []Spec
	byCommand map[string][]*Spec
	byPrefix  map[string]*Spec
	byFlow    map[string]Runner
}

// NewRegistry checks that no two specs claim a flow name, a command or a
// button prefix, and returns the registry.
func NewRegistry(specs ...Spec) (*Registry, error) {
	r := &Registry{specs: specs, byCommand: map[string][]*Spec{}, byPrefix: map[string]*Spec{}, byFlow: map[string]Runner{}}
	for i := range r.specs {
		s := &r.specs[i]
		name := s.Flow.FlowName()
		if _, dup := r.byFlow[name]; dup {
			return nil, fmt.Errorf("flow %s registered twice", name)
		}
		r.byFlow[name] = s.Flow
		for _, c := range s.Commands {
			for _, n := range append([]string{c.Name}, c.Aliases...) {
				if builtin[n] {
					return nil, fmt.Errorf("command /%s is the engine's (flow %s)", n, name)
				}
				for _, other := range r.byCommand[n] {
					if len(other.Roles) == 0 {
						return nil, fmt.Errorf("command /%s claimed twice (flow %s): an earlier flow takes it for everyone", n, name)
					}
				}
				r.byCommand[n] = append(r.byCommand[n], s)
			}
		}
		if s.Buttons != "" {
			if _, dup := r.byPrefix[s.Buttons]; dup {
				return nil, fmt.Errorf("button prefix %q claimed twice (flow %s)", s.Buttons, name)
			}
			r.byPrefix[s.Buttons] = s
		}
	}
	return r, nil
}

// MustRegistry is NewRegistry for program start: a clash is a programmer error.
func MustRegistry(specs ...Spec) *Registry {
	r, err := NewRegistry(specs...)
	if err != nil {
		panic(err)
	}
	return r
}

// builtin are the engine's own commands, which no flow may claim.
var builtin = map[string]bool{
	"start": true, "bantuan": true, "help": true, "batal": true, "cancel": true, "bahasa": true, "language": true,
}

// Commands lists the flows' commands in registration order, each name
// once, for Telegram's command menu.
func (r *Registry) Commands() []Command {
	var out []Command
	seen := map[string]bool{}
	for _, s := range r.specs {
		for _, c := range s.Commands {
			if !seen[c.Name] {
				seen[c.Name] = true
				out = append(out, c)
			}
		}
	}
	return out
}

func (r *Registry) flow(name string) (Runner, bool) {
	f, ok := r.byFlow[name]
	return f, ok
}

// command returns the specs a command starts, in registration order: the
// first one the person may start wins (a kader's /timbang before a parent's).
func (r *Registry) command(name string) []*Spec { return r.byCommand[name] }

// button returns the spec owning a button's data ("anak:open:3" → anak).
func (r *Registry) button(data string) *Spec {
	prefix, _, ok := strings.Cut(data, ":")
	if !ok {
		return nil
	}
	return r.byPrefix[prefix]
}

// allows reports whether user may start the flow of s.
func (s *Spec) allows(user *User) bool {
	if user == nil {
		return false
	}
	if len(s.Roles) == 0 {
		return true
	}
	return slices.ContainsFunc(user.Roles, func(r Role) bool { return slices.Contains(s.Roles, r) })
}

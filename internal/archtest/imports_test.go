package archtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// module is the module path; rules name its packages through m.
const module = "github.com/tumbuh-id/tumbuh"

// m names a package of the module, or with "/..." a package and everything
// under it.
func m(rel string) string { return module + "/" + rel }

// domain are the packages with the module's rules and maths and no I/O.
var domain = []string{
	m("internal/child/..."), m("internal/measure/..."), m("internal/policy/..."),
	m("internal/growth/..."), m("internal/person/..."), m("internal/region/..."), m("internal/skdn/..."),
	m("internal/textclean/..."),
	m("internal/posyandu/..."),
}

// reach says which edges of a package a rule looks at.
type reach int

const (
	direct reach = iota // the package's own imports
	linked              // everything it links, as `go list -deps` shows
)

// rule binds the module packages that match from and not except: no package
// they reach may match forbid and, when only is set, each must match only.
// Patterns are import paths, "x/..." for x and everything under it, and
// "std" for the standard library, as in `go list`.
type rule struct {
	name   string
	why    string
	from   []string
	except []string
	reach  reach
	forbid []string
	only   []string
}

// rules are STYLE.md §2 and ARCHITECTURE.md §12 "Boundaries that CI checks".
// Domain I/O has two rules because fmt links os: a domain package may link
// os through fmt but not import it, while nothing it links may reach the
// network, a database or a logger.
var rules = []rule{
	{
		name: "flows-pure", why: "flows is pure Go: no Telegram, SQL, i18n, HTTP or logging, and none of the packages around it",
		from: []string{m("flows/...")}, reach: linked,
		forbid: []string{
			"github.com/go-telegram/bot/...", "github.com/jmoiron/sqlx/...", "github.com/lib/pq/...",
			"database/sql/...", "github.com/nicksnyder/go-i18n/...", "net/http/...", "log/slog",
			m("internal/store/..."), m("internal/conversation/..."), m("internal/outbox/..."),
			m("bot/..."), m("internal/app/..."), m("locales/..."),
		},
	},
	{
		name: "domain-stdlib", why: "domain packages build on the standard library and each other only",
		from: domain, reach: linked, only: append([]string{"std"}, domain...),
	},
	{
		name: "domain-no-files", why: "domain packages open no files and start no processes",
		from: domain, reach: direct, forbid: []string{"os/...", "io/ioutil", "syscall", "plugin"},
	},
	{
		name: "domain-no-io", why: "domain packages link no network, database, logging or process control",
		from: domain, reach: linked,
		forbid: []string{"net/...", "database/...", "log/...", "os/exec", "os/signal", "plugin"},
	},
	{
		name: "schedule-pure", why: "internal/schedule is a domain package that may also use the RRULE library (ARCHITECTURE.md §6)",
		from: []string{m("internal/schedule/...")}, reach: linked,
		only: []string{"std", "github.com/teambition/rrule-go/..."},
	},
	{
		name: "schedule-no-io", why: "internal/schedule opens no files and reaches no network or database",
		from: []string{m("internal/schedule/...")}, reach: direct, forbid: []string{"os/...", "net/...", "database/...", "log/..."},
	},
	{
		name: "bot-no-store", why: "bot reaches the database only through conversation and outbox",
		from: []string{m("bot/...")}, reach: direct, forbid: []string{m("internal/store/...")},
	},
	{
		name: "binary-no-tests", why: "binaries link no test code (local mode's fake Telegram must not need package testing)",
		from: []string{m("cmd/...")}, reach: linked, forbid: []string{"testing", "github.com/stretchr/testify/..."},
	},
	{
		name: "bot-importers", why: "only internal/app and cmd wire the Telegram transport",
		from: []string{m("...")}, except: []string{m("bot/..."), m("internal/app"), m("cmd/...")},
		reach: direct, forbid: []string{m("bot/...")},
	},
	{
		name: "cmd-importers", why: "nothing imports a command",
		from: []string{m("...")}, except: []string{m("cmd/...")}, reach: direct, forbid: []string{m("cmd/...")},
	},
}

// known are the violations production code has today, with the reason each
// stays for now. The test fails when one goes away, so the list only shrinks.
var known = map[violation]string{}

// pkg is what `go list -json` says about one package, production files only.
type pkg struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Deps       []string
}

// graph holds packages by import path.
type graph map[string]pkg

// violation is one forbidden edge.
type violation struct {
	Pkg, Import, Rule string
}

// matches reports whether p matches one of the patterns.
func matches(patterns []string, p pkg) bool {
	for _, pat := range patterns {
		switch {
		case pat == "std":
			if p.Standard {
				return true
			}
		case strings.HasSuffix(pat, "/..."):
			root := strings.TrimSuffix(pat, "/...")
			if p.ImportPath == root || strings.HasPrefix(p.ImportPath, root+"/") {
				return true
			}
		case p.ImportPath == pat:
			return true
		}
	}
	return false
}

// bound reports whether r binds p.
func (r rule) bound(p pkg) bool {
	return !p.Standard && matches(r.from, p) && !matches(r.except, p)
}

// check returns every edge of g that breaks one of rs, ordered by package.
func check(g graph, rs []rule) []violation {
	var out []violation
	for _, path := range sortedKeys(g) {
		p := g[path]
		for _, r := range rs {
			if !r.bound(p) {
				continue
			}
			reached := p.Imports
			if r.reach == linked {
				reached = p.Deps
			}
			for _, imp := range reached {
				q, ok := g[imp]
				if !ok {
					q = pkg{ImportPath: imp} // unknown: not taken for the standard library
				}
				if matches(r.forbid, q) || (len(r.only) > 0 && !matches(r.only, q)) {
					out = append(out, violation{Pkg: path, Import: imp, Rule: r.name})
				}
			}
		}
	}
	return out
}

// unbound names the rules that bind no package of g, which a renamed package
// or a typo in a pattern would cause.
func unbound(g graph, rs []rule) []string {
	var out []string
	for _, r := range rs {
		if !slices.ContainsFunc(sortedKeys(g), func(path string) bool { return r.bound(g[path]) }) {
			out = append(out, r.name)
		}
	}
	return out
}

// via is the shortest import chain from one package to another, for the
// failure message.
func via(g graph, from, to string) string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == to {
			var chain []string
			for p := to; p != ""; p = prev[p] {
				chain = append([]string{strings.TrimPrefix(p, module+"/")}, chain...)
			}
			return strings.Join(chain, " → ")
		}
		for _, next := range g[cur].Imports {
			if _, seen := prev[next]; !seen {
				prev[next] = cur
				queue = append(queue, next)
			}
		}
	}
	return "no import chain found"
}

func sortedKeys(g graph) []string {
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// load asks go list for the module's packages and everything they link,
// without test files.
func load(t *testing.T) graph {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-test=false", "-json=ImportPath,Standard,Imports,Deps", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", stderr.String())
	g := graph{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		g[p.ImportPath] = p
	}
	require.Contains(t, g, m("flows"), "go list listed the module")
	return g
}

func TestImportRules(t *testing.T) {
	g := load(t)
	assert.Empty(t, unbound(g, rules), "rules that bind no package: fix their patterns")
	why := map[string]string{}
	for _, r := range rules {
		why[r.name] = r.why
	}
	got := check(g, rules)
	for _, v := range got {
		if reason, ok := known[v]; ok {
			t.Logf("known violation of %s: %s imports %s (%s)", v.Rule, v.Pkg, v.Import, reason)
			continue
		}
		t.Errorf("%s imports %s (%s): breaks rule %s: %s", v.Pkg, v.Import, via(g, v.Pkg, v.Import), v.Rule, why[v.Rule])
	}
	for v := range known {
		if !slices.Contains(got, v) {
			t.Errorf("%s no longer breaks rule %s by importing %s: delete it from known", v.Pkg, v.Rule, v.Import)
		}
	}
}

// fake builds a graph from lines "importer import…"; a name starting with
// "./" is a module package, one whose first element has no dot is standard.
// Deps are the transitive closure, as go list computes them.
func fake(lines ...string) graph {
	name := func(s string) string {
		if rel, ok := strings.CutPrefix(s, "./"); ok {
			return m(rel)
		}
		return s
	}
	imports := map[string][]string{}
	for _, line := range lines {
		f := strings.Fields(line)
		from := name(f[0])
		imports[from] = append(imports[from], nil...)
		for _, to := range f[1:] {
			imports[from] = append(imports[from], name(to))
			imports[name(to)] = append(imports[name(to)], nil...)
		}
	}
	g := graph{}
	for p, imps := range imports {
		seen := map[string]bool{}
		var walk func(string)
		walk = func(q string) {
			for _, next := range imports[q] {
				if !seen[next] {
					seen[next] = true
					walk(next)
				}
			}
		}
		walk(p)
		deps := make([]string, 0, len(seen))
		for d := range seen {
			deps = append(deps, d)
		}
		sort.Strings(deps)
		sort.Strings(imps)
		first, _, _ := strings.Cut(p, "/")
		g[p] = pkg{ImportPath: p, Standard: !strings.Contains(first, "."), Imports: imps, Deps: deps}
	}
	return g
}

func TestCheck(t *testing.T) {
	noStore := func(r reach) rule {
		return rule{name: "r", from: []string{m("bot/...")}, reach: r, forbid: []string{m("internal/store/...")}}
	}
	tcs := []struct {
		name  string
		graph graph
		rule  rule
		want  []violation
	}{
		{
			name:  "direct import",
			graph: fake("./bot ./internal/store fmt"),
			rule:  noStore(direct),
			want:  []violation{{m("bot"), m("internal/store"), "r"}},
		},
		{
			name:  "a direct rule ignores what the imports link",
			graph: fake("./bot ./internal/conversation", "./internal/conversation ./internal/store"),
			rule:  noStore(direct),
		},
		{
			name:  "a linked rule sees two steps away",
			graph: fake("./bot ./internal/conversation", "./internal/conversation ./internal/store"),
			rule:  noStore(linked),
			want:  []violation{{m("bot"), m("internal/store"), "r"}},
		},
		{
			name:  "subpackages on both sides",
			graph: fake("./bot/webhook ./internal/store/outbox"),
			rule:  noStore(direct),
			want:  []violation{{m("bot/webhook"), m("internal/store/outbox"), "r"}},
		},
		{
			name:  "patterns match whole path elements",
			graph: fake("./botx ./internal/store", "./bot ./internal/storex"),
			rule:  noStore(direct),
		},
		{
			name:  "only: the standard library and the listed packages",
			graph: fake("./internal/child ./internal/growth fmt github.com/x/y ./internal/store", "fmt os"),
			rule:  rule{name: "r", from: []string{m("internal/child")}, reach: linked, only: []string{"std", m("internal/growth")}},
			want: []violation{
				{m("internal/child"), m("internal/store"), "r"},
				{m("internal/child"), "github.com/x/y", "r"},
			},
		},
		{
			name:  "except",
			graph: fake("./internal/app ./bot", "./internal/chart ./bot"),
			rule:  rule{name: "r", from: []string{m("...")}, except: []string{m("internal/app")}, reach: direct, forbid: []string{m("bot")}},
			want:  []violation{{m("internal/chart"), m("bot"), "r"}},
		},
		{
			name:  "the standard library is never bound",
			graph: fake("net/http log/slog"),
			rule:  rule{name: "r", from: []string{"net/..."}, reach: linked, forbid: []string{"log/slog"}},
		},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, check(tc.graph, []rule{tc.rule}))
		})
	}
}

// TestRulesCatchViolations runs the real rules over graphs with one
// forbidden edge each, and over one that follows them all.
func TestRulesCatchViolations(t *testing.T) {
	tcs := []struct {
		name  string
		graph graph
		want  violation
	}{
		{"flows imports store", fake("./flows ./internal/store"), violation{m("flows"), m("internal/store"), "flows-pure"}},
		{"flows links pq", fake("./flows ./internal/child", "./internal/child github.com/lib/pq"), violation{m("flows"), "github.com/lib/pq", "flows-pure"}},
		{"flows subpackage logs", fake("./flows/weigh log/slog"), violation{m("flows/weigh"), "log/slog", "flows-pure"}},
		{"flows imports Telegram", fake("./flows github.com/go-telegram/bot/models"), violation{m("flows"), "github.com/go-telegram/bot/models", "flows-pure"}},
		{"flows imports i18n", fake("./flows github.com/nicksnyder/go-i18n/v2/i18n"), violation{m("flows"), "github.com/nicksnyder/go-i18n/v2/i18n", "flows-pure"}},
		{"flows imports locales", fake("./flows ./locales"), violation{m("flows"), m("locales"), "flows-pure"}},
		{"domain imports sqlx", fake("./internal/region github.com/jmoiron/sqlx"), violation{m("internal/region"), "github.com/jmoiron/sqlx", "domain-stdlib"}},
		{"domain imports a non-domain package", fake("./internal/growth/survey ./internal/chart"), violation{m("internal/growth/survey"), m("internal/chart"), "domain-stdlib"}},
		{"domain opens files", fake("./internal/measure os"), violation{m("internal/measure"), "os", "domain-no-files"}},
		{"domain runs processes", fake("./internal/policy os/exec"), violation{m("internal/policy"), "os/exec", "domain-no-files"}},
		{"domain links the network", fake("./internal/person crypto/tls", "crypto/tls net"), violation{m("internal/person"), "net", "domain-no-io"}},
		{"domain logs", fake("./internal/child log/slog"), violation{m("internal/child"), "log/slog", "domain-no-io"}},
		{"domain uses a database", fake("./internal/growth database/sql"), violation{m("internal/growth"), "database/sql", "domain-no-io"}},
		{"bot imports store", fake("./bot ./internal/store"), violation{m("bot"), m("internal/store"), "bot-no-store"}},
		{"binary links testing", fake("./cmd/tumbuh ./internal/tgtest", "./internal/tgtest testing"), violation{m("cmd/tumbuh"), "testing", "binary-no-tests"}},
		{"binary links testify", fake("./cmd/tumbuh github.com/stretchr/testify/require"), violation{m("cmd/tumbuh"), "github.com/stretchr/testify/require", "binary-no-tests"}},
		{"outbox imports bot", fake("./internal/outbox ./bot"), violation{m("internal/outbox"), m("bot"), "bot-importers"}},
		{"app imports a command", fake("./internal/app ./cmd/tumbuh"), violation{m("internal/app"), m("cmd/tumbuh"), "cmd-importers"}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Contains(t, check(tc.graph, rules), tc.want)
		})
	}

	t.Run("allowed edges", func(t *testing.T) {
		g := fake(
			"./cmd/tumbuh ./internal/app ./bot ./internal/localchat",
			"./internal/localchat ./internal/tgtest",
			"./internal/tgtest net/http/httptest",
			"./internal/app ./bot ./internal/store",
			"./bot ./internal/conversation ./internal/outbox ./flows ./locales github.com/go-telegram/bot",
			"./internal/conversation ./internal/store ./flows",
			"./internal/store github.com/jmoiron/sqlx github.com/lib/pq database/sql",
			"./flows ./internal/child ./internal/measure encoding/json",
			"./internal/child ./internal/growth time",
			"./internal/growth embed fmt",
			"./internal/growth/survey ./internal/growth io bufio",
			"./internal/region embed encoding/csv io",
			"fmt os", "os syscall",
		)
		assert.Empty(t, check(g, rules))
		assert.Equal(t, []string{"domain-stdlib", "domain-no-files", "domain-no-io", "schedule-pure", "schedule-no-io"}, unbound(fake("./flows fmt", "./bot fmt", "./cmd/tumbuh fmt"), rules))
	})
}

package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/locales"
)

// flowMessageIDs reads every Msg* string constant declared in flows/.
func flowMessageIDs(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../flows/*.go")
	require.NoError(t, err)
	ids := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, ident := range spec.Names {
				if !strings.HasPrefix(ident.Name, "Msg") || i >= len(spec.Values) {
					continue
				}
				if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, err := strconv.Unquote(lit.Value)
					require.NoError(t, err)
					ids[ident.Name] = v
				}
			}
			return true
		})
	}
	require.NotEmpty(t, ids)
	return ids
}

func TestEveryMessageIDExistsInEveryLanguage(t *testing.T) {
	ids := flowMessageIDs(t)
	roles := append([]flows.Role{}, flows.SelfRoles...)
	roles = append(roles, flows.RoleKader, flows.RoleNakes, flows.RoleAdmin)
	for _, lang := range locales.Languages {
		keys, err := locales.Keys(lang)
		require.NoError(t, err)
		for name, id := range ids {
			if strings.HasSuffix(id, ".") {
				continue // a prefix, checked below with every role
			}
			assert.True(t, keys[id], "%s (%s) missing from %s.json", name, id, lang)
		}
		for _, r := range roles {
			assert.True(t, keys[flows.MsgRoleLabelPrefix+string(r)], "role label %s missing from %s.json", r, lang)
			assert.True(t, keys[flows.MsgHelpRolePrefx+string(r)], "role help %s missing from %s.json", r, lang)
		}
	}
}

func TestEveryMessageRendersWithoutGaps(t *testing.T) {
	r := newRenderer(t)
	keys, err := locales.Keys("id")
	require.NoError(t, err)
	args := []any{"Name", "Siti", "Max", 60, "Query", "abc", "Count", 2, "Command", "/x",
		"Role", flows.T("role.kader"), "Place", "Posyandu Melati"}
	for _, lang := range locales.Languages {
		for id := range keys {
			s, err := r.Text(lang, flows.T(id, args...))
			require.NoError(t, err, "%s in %s", id, lang)
			assert.NotEmpty(t, strings.TrimSpace(s), "%s in %s", id, lang)
			assert.NotContains(t, s, "<no value>", "%s in %s uses an argument flows never pass", id, lang)
		}
	}
}

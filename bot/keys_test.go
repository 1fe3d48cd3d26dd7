package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/chart"
	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
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
	day := time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC)
	args := []any{"Name", "Siti", "Max", 60, "Query", "abc", "Count", 2, "Command", "/x", "From", 6, "To", 11,
		"Role", flows.T("role.kader"), "Place", "Posyandu Melati",
		"What", flows.T(flows.MsgCmdWeigh), "Date", flows.Day(day), "Birth", flows.Day(day),
		"Age", flows.T(flows.MsgAgeMonths, "Count", 7), "Sex", flows.T(flows.MsgSexPrefix + "f"),
		"Measured", flows.T(flows.MsgWeighSumWeight, "Weight", flows.Num(8.5, 2)), "Status", flows.T(flows.MsgStatusShortGood),
		"Weight", flows.Num(8.5, 2), "Length", flows.Num(72, 1), "Arm", flows.Num(14, 1), "Head", flows.Num(45, 1),
		"Min", flows.Num(38, 1), "Gain", 300, "KBM", 200, "Loss", 100, "Z", flows.Num(-2.13, 2),
		"Reasons", flows.T(flows.MsgReferralPrefix + "2t"), "Names", flows.Lit("Budi, Ani"), "Link", "t.me/TumbuhBot",
		"Line", flows.Lit("Budi 8,5 72"), "Unit", flows.Lit("kg"), "Marks", flows.Lit("N · BGM"), "Weighed", 23, "Referral", 3,
		"ZLen", flows.Num(-1.2, 2), "ZWei", flows.Num(-0.5, 2), "ZWfl", flows.Num(0.1, 2), "Posyandu", flows.Lit("Posyandu Melati"),
		"Month", flows.Month(day), "Number", 7, "Scope", flows.Lit("Posyandu Melati"), "Label", flows.Lit("S"),
		"Ratio", flows.Lit("D/S"), "Value", flows.Lit("80%"), "Percent", flows.Num(79.2, 1), "Total", 14, "Reporting", 12,
		"ID", 12, "N", 1, "Days", 8, "Since", flows.Day(day), "Puskesmas", flows.Lit("Puskesmas Serpong 1"),
		"Finding", flows.T(flows.MsgRefFindingPrefix + "normal"), "Treatment", flows.T(flows.MsgRefTreatPrefix + "pmt"),
		"Note", flows.Lit("kontrol 2 minggu lagi"),
		"Supplement", "TTD", "Taken", 37,
		"Time", "19.00", "Day", flows.T(flows.MsgWeekdayPrefix + "2"), "Week", 12, "Due", flows.Day(day),
		"Start", "08.00", "End", "11.00",
		"State", flows.T(flows.MsgBcStateSending), "Sent", 5, "Blocked", 1, "Failed", 0, "Waiting", 3,
		"When", flows.T(flows.MsgBcWhenAt, "Date", flows.Day(day), "Time", flows.Lit("09.00 WIB")),
		"Duration", flows.T(flows.MsgBcDuration, "Count", 4),
		"Default", 12, "Reason", flows.T(flows.MsgPosGiziReasonPrefix + "T"), "First", flows.Day(day), "Last", flows.Day(day),
		"Hours", flows.Lit("09.00–11.00"), "Present", 5, "Target", 94, "New", flows.Day(day)}
	for _, lang := range locales.Languages {
		for id := range keys {
			s, err := r.Text(lang, flows.T(id, args...))
			require.NoError(t, err, "%s in %s", id, lang)
			assert.NotEmpty(t, strings.TrimSpace(s), "%s in %s", id, lang)
			assert.NotContains(t, s, "<no value>", "%s in %s uses an argument flows never pass", id, lang)
		}
	}
}

// TestPrefixedMessagesExist checks the message IDs flows build from a prefix
// and a code: every code that can occur has its text in every language.
func TestPrefixedMessagesExist(t *testing.T) {
	var want []string
	for _, c := range growth.AllCategories() {
		if strings.HasPrefix(string(c), "wfa_") || strings.HasPrefix(string(c), "hfa_") || strings.HasPrefix(string(c), "wfh_") {
			want = append(want, flows.MsgResultPrefix+string(c))
		}
	}
	for _, c := range []string{"good", "T", "wfh_severely_wasted", "wfh_wasted", "hfa_severely_stunted", "hfa_stunted",
		"wfa_severely_underweight", "wfa_underweight", "wfh_overweight", "wfh_obese"} {
		want = append(want, flows.MsgStatusShortPrefix+c)
	}
	for _, s := range []child.Sex{child.Boy, child.Girl} {
		want = append(want, flows.MsgSexPrefix+string(s))
	}
	for _, r := range child.Relations {
		want = append(want, flows.MsgRelationPrefix+string(r))
	}
	for _, r := range growth.Reasons() {
		want = append(want, flows.MsgReferralPrefix+r.Code())
	}
	for _, m := range chart.MessageIDs {
		want = append(want, m.ID)
	}
	for _, it := range skdn.Items() {
		want = append(want, it.LabelKey())
	}
	statuses := []string{flows.ReferralReferred, flows.ReferralAccepted, flows.ReferralExamined, flows.ReferralTreated, flows.ReferralClosed}
	for _, s := range statuses {
		want = append(want, flows.MsgRefStatusPrefix+s)
	}
	for _, s := range statuses[1:] {
		want = append(want, flows.MsgRefKaderPrefix+s)
	}
	want = append(want, flows.MsgRefParentPrefix+flows.ReferralReferred, flows.MsgRefParentPrefix+flows.ReferralAccepted,
		flows.MsgRefParentPrefix+flows.ReferralClosed)
	for _, f := range flows.ReferralFindings {
		want = append(want, flows.MsgRefFindingPrefix+f, flows.MsgRefParentPrefix+flows.ReferralExamined+"."+f)
	}
	for _, tr := range flows.ReferralTreatments {
		want = append(want, flows.MsgRefTreatPrefix+tr, flows.MsgRefParentPrefix+flows.ReferralTreated+"."+tr)
	}
	for _, b := range []string{"acc", "exam", "treat", "done"} {
		want = append(want, flows.MsgRefButtonPrefix+b)
	}
	for _, lang := range locales.Languages {
		keys, err := locales.Keys(lang)
		require.NoError(t, err)
		for _, id := range want {
			assert.True(t, keys[id], "%s missing from %s.json", id, lang)
		}
	}
}

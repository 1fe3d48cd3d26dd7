package chart_test

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/tumbuh-id/tumbuh/internal/chart"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// labelFields returns the names of the string fields of Labels.
func labelFields(t *testing.T) []string {
	t.Helper()
	var names []string
	typ := reflect.TypeFor[chart.Labels]()
	for i := range typ.NumField() {
		if f := typ.Field(i); f.Type.Kind() == reflect.String {
			names = append(names, f.Name)
		}
	}
	require.NotEmpty(t, names)
	return names
}

func TestMessageIDsCoverLabels(t *testing.T) {
	var fields []string
	ids := map[string]bool{}
	for _, m := range chart.MessageIDs {
		assert.True(t, strings.HasPrefix(m.ID, "chart."), m.ID)
		assert.False(t, ids[m.ID], "duplicate ID %s", m.ID)
		ids[m.ID] = true
		fields = append(fields, m.Field)
	}
	assert.ElementsMatch(t, labelFields(t), fields, "each string field of Labels has one message")
}

func TestNewLabels(t *testing.T) {
	l := chart.NewLabels(func(id string) string { return "<" + id + ">" }, true)
	v := reflect.ValueOf(l)
	for _, m := range chart.MessageIDs {
		assert.Equal(t, "<"+m.ID+">", v.FieldByName(m.Field).String(), m.Field)
	}
	assert.True(t, l.DecimalComma)
	assert.False(t, chart.NewLabels(func(string) string { return "" }, false).DecimalComma)
}

// sentinels returns Labels whose every text is its own field name in
// brackets, and the set of those texts.
func sentinels(t *testing.T, comma bool) (chart.Labels, map[string]bool) {
	t.Helper()
	var l chart.Labels
	set := map[string]bool{}
	v := reflect.ValueOf(&l).Elem()
	for _, name := range labelFields(t) {
		s := "⟦" + name + "⟧"
		v.FieldByName(name).SetString(s)
		set[s] = true
	}
	l.DecimalComma = comma
	return l, set
}

// number is a number as the chart writes it: a sign for SD labels, a
// typographic minus, a decimal comma or point.
var number = regexp.MustCompile(`^[+\x{2212}]?[0-9]+([.,][0-9]+)?$`)

// drawnTexts draws c onto a recording canvas and returns every string drawn.
func drawnTexts(t *testing.T, c chart.Child, l chart.Labels) []string {
	t.Helper()
	var rec recorder.Canvas
	require.NoError(t, chart.Draw(draw.NewCanvas(&rec, chart.Width, chart.Height), c, l))
	var out []string
	for _, a := range rec.Actions {
		if fs, ok := a.(*recorder.FillString); ok {
			out = append(out, fs.String)
		}
	}
	return out
}

// TestDrawnTextComesFromLabels draws charts with a sentinel in every label
// and checks that each text drawn is a sentinel, the child's name or a
// number: the package has no words of its own.
func TestDrawnTextComesFromLabels(t *testing.T) {
	one := girl()
	one.Points = one.Points[:1]
	tcs := []struct {
		name  string
		child chart.Child
		comma bool
		sex   string // the sex word drawn
		value string // the last measurement, written in the chart
	}{
		{"boy, decimal comma", boy(), true, "⟦Boy⟧", "8,3"},
		{"girl, decimal point", girl(), false, "⟦Girl⟧", "11.8"},
		{"one visit", one, true, "⟦Girl⟧", "2,9"},
		{"no visits", chart.Child{Name: "Ani", Sex: growth.Female}, true, "⟦Girl⟧", ""},
		{"long name", outlier(), true, "⟦Boy⟧", "38"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			l, set := sentinels(t, tc.comma)
			texts := drawnTexts(t, tc.child, l)
			seen := map[string]bool{}
			for _, s := range texts {
				seen[s] = true
				if !set[s] && !isName(s, tc.child.Name) && !number.MatchString(s) {
					t.Errorf("drawn text %q is not from Labels", s)
				}
			}
			for s := range set {
				if s == "⟦Boy⟧" || s == "⟦Girl⟧" {
					continue
				}
				assert.True(t, seen[s], "label %s is drawn", s)
			}
			assert.True(t, seen[tc.sex])
			assert.True(t, slices.ContainsFunc(texts, func(s string) bool { return isName(s, tc.child.Name) }),
				"the child's name is drawn")
			for _, sd := range []string{"+3", "+2", "0", "\u22122", "\u22123"} {
				assert.True(t, seen[sd], "SD label %s", sd)
			}
			if tc.value != "" {
				assert.True(t, seen[tc.value], "the last measurement %s", tc.value)
			}
		})
	}
}

// isName reports whether s is the child's name, whole or cut short with "…".
func isName(s, name string) bool {
	cut, ok := strings.CutSuffix(s, "…")
	return s == name || ok && cut != "" && strings.HasPrefix(name, cut)
}

func TestDrawUnknownSex(t *testing.T) {
	var rec recorder.Canvas
	c := boy()
	c.Sex = growth.SexUnknown
	assert.ErrorIs(t, chart.Draw(draw.NewCanvas(&rec, chart.Width, chart.Height), c, indonesian), chart.ErrUnknownSex)
	assert.Empty(t, rec.Actions, "nothing drawn")
}

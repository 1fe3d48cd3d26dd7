package locales_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/locales"
)

func TestBundleLoads(t *testing.T) {
	_, err := locales.Bundle()
	require.NoError(t, err)
}

func TestAllLanguagesHaveTheSameKeys(t *testing.T) {
	want, err := locales.Keys(locales.Languages[0])
	require.NoError(t, err)
	require.NotEmpty(t, want)
	for _, lang := range locales.Languages[1:] {
		got, err := locales.Keys(lang)
		require.NoError(t, err)
		assert.Equal(t, sorted(want), sorted(got), "%s.json must have exactly the keys of id.json", lang)
	}
}

func TestEveryMessageHasTextAndDescription(t *testing.T) {
	for _, lang := range locales.Languages {
		names, err := locales.Files(lang)
		require.NoError(t, err)
		require.Contains(t, names, lang+".json")
		for _, name := range names {
			raw, err := locales.ReadFile(name)
			require.NoError(t, err)
			var msgs map[string]struct {
				Description string `json:"description"`
				Other       string `json:"other"`
			}
			require.NoError(t, json.Unmarshal(raw, &msgs), name)
			for id, m := range msgs {
				assert.NotEmpty(t, strings.TrimSpace(m.Other), "%s in %s has no text", id, name)
				assert.NotEmpty(t, strings.TrimSpace(m.Description), "%s in %s tells translators nothing", id, name)
			}
		}
	}
}

// TestCountMessagesHaveEveryPluralForm: the renderer picks a plural form
// by the argument Count, so a message that shows {{.Count}} must have the
// forms its language needs for every number ("1 person", "2 people").
func TestCountMessagesHaveEveryPluralForm(t *testing.T) {
	bundle, err := locales.Bundle()
	require.NoError(t, err)
	for _, lang := range locales.Languages {
		loc := i18n.NewLocalizer(bundle, lang)
		names, err := locales.Files(lang)
		require.NoError(t, err)
		for _, name := range names {
			raw, err := locales.ReadFile(name)
			require.NoError(t, err)
			var msgs map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(raw, &msgs), name)
			for id, m := range msgs {
				if !strings.Contains(string(m), "{{.Count}}") {
					continue
				}
				for _, n := range []int{0, 1, 2, 5} {
					_, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n,
						TemplateData: map[string]any{"Count": n}})
					assert.NoError(t, err, "%s in %s with Count %d", id, name, n)
				}
			}
		}
	}
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

package locales_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

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

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

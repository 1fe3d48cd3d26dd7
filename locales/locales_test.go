package locales_test

import (
	"encoding/json"
	"os"
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
		raw, err := os.ReadFile(lang + ".json")
		require.NoError(t, err)
		var msgs map[string]struct {
			Description string `json:"description"`
			Other       string `json:"other"`
		}
		require.NoError(t, json.Unmarshal(raw, &msgs), lang)
		for id, m := range msgs {
			assert.NotEmpty(t, strings.TrimSpace(m.Other), "%s in %s.json has no text", id, lang)
			assert.NotEmpty(t, strings.TrimSpace(m.Description), "%s in %s.json tells translators nothing", id, lang)
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

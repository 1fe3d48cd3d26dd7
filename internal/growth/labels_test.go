package growth_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// TestLabelKeysInLocales checks that every code this package returns has a
// label in every language file.
func TestLabelKeysInLocales(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			data, err := os.ReadFile("../../locales/" + lang + ".json")
			require.NoError(t, err)
			var msgs map[string]struct {
				Other string `json:"other"`
			}
			require.NoError(t, json.Unmarshal(data, &msgs))
			for _, k := range growth.LabelKeys() {
				if assert.Contains(t, msgs, k) {
					assert.NotEmpty(t, msgs[k].Other, k)
				}
			}
		})
	}
}

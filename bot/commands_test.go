package bot_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// localeTexts reads a language's "other" texts straight from its files on
// disk (<lang>.json and <feature>.<lang>.json), so the expected menu does
// not come from the renderer under test.
func localeTexts(t *testing.T, lang string) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../locales/*" + lang + ".json")
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range files {
		if base := filepath.Base(f); base != lang+".json" && !strings.HasSuffix(base, "."+lang+".json") {
			continue
		}
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		var msgs map[string]struct {
			Other string `json:"other"`
		}
		require.NoError(t, json.Unmarshal(raw, &msgs))
		for id, m := range msgs {
			out[id] = m.Other
		}
	}
	require.NotEmpty(t, out)
	return out
}

func names(cmds []models.BotCommand) []string {
	out := make([]string, 0, len(cmds))
	for _, c := range cmds {
		out = append(out, c.Command)
	}
	return out
}

func TestSetCommands(t *testing.T) {
	tg := tgtest.NewTest(t)
	c, err := bot.NewClient(tg.Token(), tg.URL())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	flowCmds := flows.Default().Commands()

	require.NoError(t, c.SetCommands(ctx, newRenderer(t), flowCmds))

	var langs []string
	for _, call := range tg.CallsTo("setMyCommands") {
		langs = append(langs, call.Params["language_code"])
		assert.Equal(t, 200, call.Status)
	}
	assert.ElementsMatch(t, []string{"id", "", "en"}, langs, "one call per language, Indonesian also as the default")

	keys := map[string]string{"bantuan": "command.bantuan", "bahasa": "command.bahasa", "batal": "command.batal"}
	for _, fc := range flowCmds {
		keys[fc.Name] = fc.Description
	}
	id, en := tg.CommandsFor("id"), tg.CommandsFor("en")
	assert.Equal(t, id, tg.Commands(), "the default list is the Indonesian one")
	for lang, menu := range map[string][]models.BotCommand{"id": id, "en": en} {
		texts := localeTexts(t, lang)
		got := names(menu)
		require.GreaterOrEqual(t, len(got), 8, lang)
		var want []string
		for _, fc := range flowCmds {
			want = append(want, fc.Name)
		}
		require.Greater(t, len(got), len(want), lang)
		assert.Equal(t, want, got[:len(want)], "%s: the flows' commands first", lang)
		assert.Equal(t, []string{"anak", "timbang", "grafik"}, got[:3], "%s: the parents' commands lead", lang)
		assert.Equal(t, []string{"bantuan", "bahasa", "batal"}, got[len(got)-3:], "%s: the engine's commands last", lang)
		for _, cmd := range menu {
			key, ok := keys[cmd.Command]
			require.True(t, ok, "%s: /%s is neither a flow's command nor a built-in", lang, cmd.Command)
			assert.Equal(t, texts[key], cmd.Description, "%s: /%s reads %s from locales/%s.json", lang, cmd.Command, key, lang)
			assert.NotEmpty(t, cmd.Description, "%s: /%s", lang, cmd.Command)
			assert.LessOrEqual(t, units(cmd.Description), 256, "%s: /%s", lang, cmd.Command)
		}
	}
	require.Len(t, en, len(id))
	for i := range id {
		assert.NotEqual(t, id[i].Description, en[i].Description, "/%s is translated", id[i].Command)
	}
}

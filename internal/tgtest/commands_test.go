package tgtest_test

import (
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

func TestSetMyCommandsKeepsOneListPerLanguage(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	def := []models.BotCommand{{Command: "timbang", Description: "catat hasil timbang"}}
	id := []models.BotCommand{{Command: "timbang", Description: "catat hasil timbang anak"}, {Command: "batal", Description: "batalkan"}}
	en := []models.BotCommand{{Command: "timbang", Description: "record a weighing"}}

	for _, p := range []*bot.SetMyCommandsParams{
		{Commands: def},
		{Commands: id, LanguageCode: "id"},
		{Commands: en, LanguageCode: "en", Scope: &models.BotCommandScopeDefault{}},
	} {
		ok, err := b.SetMyCommands(ctx, p)
		require.NoError(t, err, "language %q", p.LanguageCode)
		assert.True(t, ok)
	}
	assert.Equal(t, def, s.Commands(), "Commands is the default list")
	assert.Equal(t, def, s.CommandsFor(""))
	assert.Equal(t, id, s.CommandsFor("id"))
	assert.Equal(t, en, s.CommandsFor("en"))
	assert.Nil(t, s.CommandsFor("fr"), "no fallback to the default list, as getMyCommands")

	_, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: en, LanguageCode: "id"})
	require.NoError(t, err)
	assert.Equal(t, en, s.CommandsFor("id"), "setting a language again replaces its list")
	assert.Equal(t, def, s.Commands(), "and leaves the others")

	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{}, LanguageCode: "en"})
	require.NoError(t, err)
	assert.Nil(t, s.CommandsFor("en"), "an empty list deletes the language's list")

	got := s.CommandsFor("id")
	got[0].Description = "changed"
	assert.Equal(t, en, s.CommandsFor("id"), "callers get a copy")
}

func TestSetMyCommandsRejects(t *testing.T) {
	ok := []models.BotCommand{{Command: "start", Description: "Mulai"}}
	tcs := []struct {
		name   string
		params bot.SetMyCommandsParams
		desc   string
	}{
		{"three-letter language", bot.SetMyCommandsParams{Commands: ok, LanguageCode: "ind"}, "invalid language code specified"},
		{"region code", bot.SetMyCommandsParams{Commands: ok, LanguageCode: "zh-hans"}, "invalid language code specified"},
		{"upper case language", bot.SetMyCommandsParams{Commands: ok, LanguageCode: "ID"}, "invalid language code specified"},
		{"bad command", bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Start!", Description: "x"}}, LanguageCode: "id"}, "BOT_COMMAND_INVALID"},
		{"blank description", bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "start", Description: " "}}}, "BOT_COMMAND_DESCRIPTION_INVALID"},
		{"scope not modelled", bot.SetMyCommandsParams{Commands: ok, Scope: &models.BotCommandScopeAllPrivateChats{}}, "only the default command scope"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			s := tgtest.NewTest(t)
			b := newClient(t, s)
			_, err := b.SetMyCommands(testCtx(t), &tc.params)
			require.ErrorIs(t, err, bot.ErrorBadRequest)
			assert.ErrorContains(t, err, tc.desc)
			calls := s.CallsTo("setMyCommands")
			require.Len(t, calls, 1)
			assert.Equal(t, 400, calls[0].Status)
			for _, lang := range []string{"", "id", "ind", "zh-hans", "ID"} {
				assert.Nil(t, s.CommandsFor(lang), "nothing kept for %q", lang)
			}
		})
	}
}

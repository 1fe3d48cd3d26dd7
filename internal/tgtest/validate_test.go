package tgtest_test

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

func TestSendMessageValidation(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	okKB := keyboard{InlineKeyboard: [][]button{{{Text: "OK", CallbackData: "ok"}}}}

	tcs := []struct {
		name    string
		params  bot.SendMessageParams
		wantErr string // "" means accepted
	}{
		{"plain text", bot.SendMessageParams{ChatID: 1, Text: "halo"}, ""},
		{"empty text", bot.SendMessageParams{ChatID: 1, Text: ""}, "Bad Request: message text is empty"},
		{"blank text", bot.SendMessageParams{ChatID: 1, Text: " \n "}, "Bad Request: message text is empty"},
		{"4096 ascii", bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("a", 4096)}, ""},
		{"4097 ascii", bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("a", 4097)}, "Bad Request: message is too long"},
		{"2048 emoji are 4096 units", bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("👶", 2048)}, ""},
		{"2048 emoji and one more unit", bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("👶", 2048) + "a"}, "Bad Request: message is too long"},
		{"4096 non-ASCII BMP runes", bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("é", 4096)}, ""},
		{"missing chat", bot.SendMessageParams{Text: "halo"}, "Bad Request: chat not found"},
		{"unknown parse mode", bot.SendMessageParams{ChatID: 1, Text: "x", ParseMode: "BBCode"}, "Bad Request: unsupported parse_mode"},
		{"html tags", bot.SendMessageParams{ChatID: 1, Text: `<b>Berat</b> naik &lt;1 kg <a href="https://x.invalid">info</a>`, ParseMode: models.ParseModeHTML}, ""},
		{"html unescaped less-than", bot.SendMessageParams{ChatID: 1, Text: "Berat < 3 kg", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unsupported start tag "" at byte offset 6`},
		{"html less-than at the end", bot.SendMessageParams{ChatID: 1, Text: "Nama: Budi <3", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unclosed start tag at byte offset 11`},
		{"html mismatched end tag", bot.SendMessageParams{ChatID: 1, Text: "<b>x</i>", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{"html stray end tag", bot.SendMessageParams{ChatID: 1, Text: "x</b>", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unexpected end tag at byte offset 1`},
		{"html unknown tag", bot.SendMessageParams{ChatID: 1, Text: "a<br>b", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 1`},
		{"html unclosed tag", bot.SendMessageParams{ChatID: 1, Text: "<b>tebal", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"html length counts visible text", bot.SendMessageParams{ChatID: 1, Text: "<b>" + strings.Repeat("a", 4096) + "</b>", ParseMode: models.ParseModeHTML}, ""},
		{"own keyboard type", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: okKB}, ""},
		{"library keyboard type sends empty copy_text", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "OK", CallbackData: "ok"}}}}}, "Bad Request: BUTTON_COPY_TEXT_INVALID"},
		{"button without action", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: keyboard{InlineKeyboard: [][]button{{{Text: "OK"}}}}},
			"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"callback data 64 bytes", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: keyboard{InlineKeyboard: [][]button{{{Text: "OK", CallbackData: strings.Repeat("d", 64)}}}}}, ""},
		{"callback data 65 bytes", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: keyboard{InlineKeyboard: [][]button{{{Text: "OK", CallbackData: strings.Repeat("d", 65)}}}}},
			"Bad Request: BUTTON_DATA_INVALID"},
		{"markup not JSON", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: "{not json"}, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"markup of unknown shape", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: map[string]int{"buttons": 1}}, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"inline keyboard not rows", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: map[string]any{"inline_keyboard": []string{"a"}}},
			`Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`},
		{"reply keyboard with contact request", bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: models.ReplyKeyboardMarkup{
			Keyboard: [][]models.KeyboardButton{{{Text: "Kirim nomor", RequestContact: true}}}, OneTimeKeyboard: true}}, ""},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.SendMessage(ctx, &tc.params)
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, bot.ErrorBadRequest)
			assert.Equal(t, "bad request, "+tc.wantErr, err.Error())
		})
	}
}

func TestReplyKeyboardParsed(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	_, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: siti.ID, Text: "Bagikan nomor HP",
		ReplyMarkup: models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "Kirim nomor", RequestContact: true}}, {{Text: "Batal"}}},
			OneTimeKeyboard: true, ResizeKeyboard: true}})
	require.NoError(t, err)
	m := s.LastSent(t, siti.ID)
	require.NotNil(t, m.Markup)
	assert.Equal(t, [][]tgtest.KeyboardButton{{{Text: "Kirim nomor", RequestContact: true}}, {{Text: "Batal"}}}, m.Markup.Keyboard)
	assert.True(t, m.Markup.OneTime)
	assert.True(t, m.Markup.Resize)
	assert.Nil(t, m.Markup.InlineKeyboard)

	assert.Equal(t, m.Markup, s.ReplyKeyboard(siti.ID), "the keyboard stays up after later plain messages")
	_, err = b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: siti.ID, Text: "Terima kasih", ReplyMarkup: models.ReplyKeyboardRemove{RemoveKeyboard: true}})
	require.NoError(t, err)
	assert.Nil(t, s.ReplyKeyboard(siti.ID))
}

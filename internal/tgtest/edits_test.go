package tgtest_test

import (
	"testing"

	"github.com/go-telegram/bot"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

func TestEditsApplyToTheRightMessage(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	kb := keyboard{InlineKeyboard: [][]button{{{Text: "Sudah minum", CallbackData: "ttd:done"}, {Text: "Nanti", CallbackData: "ttd:later"}}}}

	first, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "Waktunya minum TTD", ReplyMarkup: kb})
	require.NoError(t, err)
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "pesan lain"})
	require.NoError(t, err)

	_, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: siti.ID, MessageID: first.ID, ReplyMarkup: kb})
	require.ErrorIs(t, err, bot.ErrorBadRequest)
	assert.ErrorContains(t, err, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same")

	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: siti.ID, MessageID: first.ID, Text: "Terima kasih, sudah dicatat ✅"})
	require.NoError(t, err)
	assert.Equal(t, first.ID, edited.ID)
	assert.NotZero(t, edited.EditDate)
	assert.Nil(t, edited.ReplyMarkup, "an edit without reply_markup removes the inline keyboard")

	sent := s.Sent(siti.ID)
	require.Len(t, sent, 2)
	assert.Equal(t, "Terima kasih, sudah dicatat ✅", sent[0].Text)
	assert.Nil(t, sent[0].Markup)
	assert.Equal(t, 1, sent[0].Edits)
	assert.Equal(t, "pesan lain", sent[1].Text, "the other message is untouched")

	tcs := []struct {
		name    string
		edit    func() error
		wantErr string
	}{
		{"same text again", func() error {
			_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: siti.ID, MessageID: first.ID, Text: "Terima kasih, sudah dicatat ✅"})
			return err
		}, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"},
		{"unknown message", func() error {
			_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: siti.ID, MessageID: 999, Text: "x"})
			return err
		}, "Bad Request: message to edit not found"},
		{"message of another chat", func() error {
			_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 5, MessageID: first.ID, Text: "x"})
			return err
		}, "Bad Request: message to edit not found"},
		{"empty text", func() error {
			_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: siti.ID, MessageID: first.ID, Text: ""})
			return err
		}, "Bad Request: message text is empty"},
		{"delete unknown", func() error {
			_, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: siti.ID, MessageID: 999})
			return err
		}, "Bad Request: message to delete not found"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.edit()
			require.ErrorIs(t, err, bot.ErrorBadRequest)
			assert.Equal(t, "bad request, "+tc.wantErr, err.Error())
		})
	}

	withKB, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: siti.ID, MessageID: first.ID, ReplyMarkup: kb})
	require.NoError(t, err)
	require.NotNil(t, withKB.ReplyMarkup)
	assert.Equal(t, "ttd:later", s.Sent(siti.ID)[0].Markup.InlineKeyboard[0][1].CallbackData)

	ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: siti.ID, MessageID: first.ID})
	require.NoError(t, err)
	assert.True(t, ok)
	sent = s.Sent(siti.ID)
	require.Len(t, sent, 1)
	assert.Equal(t, "pesan lain", sent[0].Text)
}

func TestEditUserMessageRejected(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	u := s.SendText(siti, "halo")
	_, err := b.EditMessageText(testCtx(t), &bot.EditMessageTextParams{ChatID: siti.ID, MessageID: u.Message.ID, Text: "x"})
	require.ErrorIs(t, err, bot.ErrorBadRequest)
	assert.ErrorContains(t, err, "message can't be edited")
	assert.Empty(t, s.Sent(siti.ID), "user messages are not in Sent")
}

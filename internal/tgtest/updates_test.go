package tgtest_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// poll calls getUpdates and decodes the updates.
func poll(t *testing.T, s *tgtest.Server, params map[string]any) []models.Update {
	t.Helper()
	r := jsonCall(t, s, "getUpdates", params)
	require.True(t, r.OK, r.Description)
	var ups []models.Update
	require.NoError(t, json.Unmarshal(r.Result, &ups))
	return ups
}

func ids(ups []models.Update) []int64 {
	out := make([]int64, 0, len(ups))
	for _, u := range ups {
		out = append(out, u.ID)
	}
	return out
}

func TestGetUpdatesOffsetConfirms(t *testing.T) {
	s := tgtest.NewTest(t, tgtest.WithFirstUpdateID(100))
	s.SendText(siti, "satu")
	s.SendText(siti, "dua")
	s.SendText(siti, "tiga")

	assert.Equal(t, []int64{100, 101, 102}, ids(poll(t, s, nil)))
	assert.Equal(t, []int64{100, 101, 102}, ids(poll(t, s, nil)), "nothing confirmed: all redelivered")
	assert.Equal(t, []int64{100}, ids(poll(t, s, map[string]any{"limit": 1})))
	assert.Equal(t, []int64{101, 102}, ids(poll(t, s, map[string]any{"offset": 101})), "offset 101 confirms 100")
	assert.Equal(t, []int64{101, 102}, ids(poll(t, s, map[string]any{"offset": 0})), "confirmed updates are forgotten")
	assert.Equal(t, []int64{102}, ids(poll(t, s, map[string]any{"offset": -1})))
	assert.Empty(t, poll(t, s, map[string]any{"offset": 103}))
	assert.Empty(t, s.Pending())
}

func TestGetUpdatesLongPoll(t *testing.T) {
	s := tgtest.NewTest(t)

	start := time.Now()
	assert.Empty(t, poll(t, s, map[string]any{"timeout": 1}))
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "waits the timeout when idle")

	got := make(chan []models.Update, 1)
	go func() { got <- poll(t, s, map[string]any{"timeout": 50}) }()
	require.Eventually(t, func() bool { return len(s.CallsTo("getUpdates")) == 2 }, patience, 5*time.Millisecond)
	start = time.Now()
	u := s.SendText(siti, "halo")
	select {
	case ups := <-got:
		assert.Equal(t, []int64{u.ID}, ids(ups))
		// Woken by the update, not by its 50 s timer.
		assert.Less(t, time.Since(start), patience, "returns as soon as an update arrives")
	case <-time.After(patience):
		t.Fatal("long poll did not return on a new update")
	}
}

func TestGetUpdatesConflicts(t *testing.T) {
	s := tgtest.NewTest(t)

	var wg sync.WaitGroup
	var first apiResponse
	wg.Go(func() { first = jsonCall(t, s, "getUpdates", map[string]any{"timeout": 30}) })
	require.Eventually(t, func() bool { return len(s.CallsTo("getUpdates")) == 1 }, patience, 5*time.Millisecond)
	second := jsonCall(t, s, "getUpdates", map[string]any{"timeout": 0})
	wg.Wait()
	assert.True(t, second.OK)
	assert.Equal(t, 409, first.ErrorCode)
	assert.Equal(t, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", first.Description)

	r := jsonCall(t, s, "setWebhook", map[string]any{"url": "https://example.invalid/hook"})
	require.True(t, r.OK)
	r = jsonCall(t, s, "getUpdates", nil)
	assert.Equal(t, 409, r.ErrorCode)
	assert.Equal(t, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", r.Description)
}

func TestUpdateWireFormat(t *testing.T) {
	s := tgtest.NewTest(t, tgtest.WithFirstUpdateID(1))
	b := newClient(t, s)
	msg, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: siti.ID, Text: "Pilih",
		ReplyMarkup: keyboard{InlineKeyboard: [][]button{{{Text: "Ya", CallbackData: "yes"}}}}})
	require.NoError(t, err)
	s.SendCommand(siti, "start", "INV123")
	press := s.PressButton(siti, msg.ID, "yes")
	s.ShareContact(siti, "+6281234567890")
	s.SendSticker(siti, "👍")

	r := jsonCall(t, s, "getUpdates", nil)
	require.True(t, r.OK)
	var raw []map[string]any
	require.NoError(t, json.Unmarshal(r.Result, &raw))
	require.Len(t, raw, 4)

	cmd := raw[0]["message"].(map[string]any)
	assert.EqualValues(t, 1, raw[0]["update_id"])
	assert.Equal(t, "/start INV123", cmd["text"])
	assert.EqualValues(t, msg.ID+1, cmd["message_id"], "user and bot share the chat's message ids")
	assert.Equal(t, map[string]any{"id": float64(siti.ID), "type": "private", "first_name": "Siti"}, cmd["chat"])
	assert.Equal(t, map[string]any{"id": float64(siti.ID), "is_bot": false, "first_name": "Siti", "language_code": "id"}, cmd["from"])
	assert.Equal(t, []any{map[string]any{"type": "bot_command", "offset": float64(0), "length": float64(6)}}, cmd["entities"])
	assert.NotZero(t, cmd["date"])

	cb := raw[1]["callback_query"].(map[string]any)
	assert.Equal(t, press.CallbackQuery.ID, cb["id"])
	assert.Equal(t, "yes", cb["data"])
	assert.NotEmpty(t, cb["chat_instance"])
	cbMsg := cb["message"].(map[string]any)
	assert.EqualValues(t, msg.ID, cbMsg["message_id"])
	assert.Equal(t, map[string]any{"inline_keyboard": []any{[]any{map[string]any{"text": "Ya", "callback_data": "yes"}}}}, cbMsg["reply_markup"],
		"no copy_text leaks from the models types")

	contact := raw[2]["message"].(map[string]any)["contact"].(map[string]any)
	assert.Equal(t, map[string]any{"phone_number": "+6281234567890", "first_name": "Siti", "user_id": float64(siti.ID)}, contact)

	sticker := raw[3]["message"].(map[string]any)["sticker"].(map[string]any)
	assert.Equal(t, "👍", sticker["emoji"])
	assert.NotEmpty(t, sticker["file_id"])
}

func TestPressButtonOnUnknownMessage(t *testing.T) {
	s := tgtest.NewTest(t)
	u := s.PressButton(siti, 999, "stale")
	ups := poll(t, s, nil)
	require.Len(t, ups, 1)
	assert.Equal(t, u.CallbackQuery.ID, ups[0].CallbackQuery.ID)
	assert.Equal(t, models.MaybeInaccessibleMessageTypeInaccessibleMessage, ups[0].CallbackQuery.Message.Type)
	assert.Equal(t, 999, ups[0].CallbackQuery.Message.InaccessibleMessage.MessageID)
}

func TestPushRedeliversSameUpdate(t *testing.T) {
	s := tgtest.NewTest(t)
	u := s.SendText(siti, "halo")
	require.Len(t, poll(t, s, map[string]any{"offset": u.ID + 1}), 0)
	again := s.Push(u)
	assert.Equal(t, u.ID, again.ID)
	ups := poll(t, s, nil)
	require.Len(t, ups, 1)
	assert.Equal(t, u.ID, ups[0].ID)
	assert.Equal(t, "halo", ups[0].Message.Text)
}

func TestNonTextUserMessages(t *testing.T) {
	s := tgtest.NewTest(t)
	s.SendPhoto(siti, "foto KMS")
	s.SendLocation(siti, -6.29, 106.71)
	s.SendCommand(siti, "/bantuan")

	ups := poll(t, s, nil)
	require.Len(t, ups, 3)
	require.NotEmpty(t, ups[0].Message.Photo)
	assert.Equal(t, "foto KMS", ups[0].Message.Caption)
	assert.Empty(t, ups[0].Message.Text)
	require.NotNil(t, ups[1].Message.Location)
	assert.InDelta(t, 106.71, ups[1].Message.Location.Longitude, 1e-9)
	assert.Equal(t, "/bantuan", ups[2].Message.Text)
	assert.Equal(t, []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 8}}, ups[2].Message.Entities)
	assert.Less(t, ups[0].Message.ID, ups[1].Message.ID)
}

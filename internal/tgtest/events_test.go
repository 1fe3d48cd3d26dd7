package tgtest_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

func nextEvent(t *testing.T, ch <-chan tgtest.Event) tgtest.Event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		require.True(t, ok, "event channel closed")
		return ev
	case <-time.After(patience):
		t.Fatal("no event")
		return tgtest.Event{}
	}
}

func TestSubscribeSeesEverySend(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	events, cancel := s.Subscribe()

	_, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: siti.ID, Action: models.ChatActionTyping})
	require.NoError(t, err)
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "Halo Bu Siti",
		ReplyMarkup: keyboard{InlineKeyboard: [][]button{{{Text: "Mulai", CallbackData: "start"}}}}})
	require.NoError(t, err)
	press := s.PressButton(siti, msg.ID, "start")
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: press.CallbackQuery.ID, Text: "Oke"})
	require.NoError(t, err)
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: siti.ID, MessageID: msg.ID, Text: "Halo lagi"})
	require.NoError(t, err)

	ev := nextEvent(t, events)
	assert.Equal(t, tgtest.Event{Kind: tgtest.EventChatAction, ChatID: siti.ID, Text: "typing"}, ev)
	ev = nextEvent(t, events)
	assert.Equal(t, tgtest.EventSent, ev.Kind)
	assert.Equal(t, "Halo Bu Siti", ev.Message.Text)
	assert.Equal(t, "start", ev.Message.Markup.InlineKeyboard[0][0].CallbackData)
	ev = nextEvent(t, events)
	assert.Equal(t, tgtest.Event{Kind: tgtest.EventCallbackAnswered, ChatID: siti.ID, CallbackQueryID: press.CallbackQuery.ID, Text: "Oke"}, ev)
	ev = nextEvent(t, events)
	assert.Equal(t, tgtest.EventEdited, ev.Kind)
	assert.Equal(t, "Halo lagi", ev.Message.Text)

	cancel()
	_, open := <-events
	assert.False(t, open, "cancel closes the channel")
}

func TestWaitSent(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	go func() {
		for _, text := range []string{"satu", "dua"} {
			time.Sleep(20 * time.Millisecond)
			_, _ = b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: siti.ID, Text: text})
		}
	}()
	msgs, err := s.WaitSent(testCtx(t), siti.ID, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"satu", "dua"}, []string{msgs[0].Text, msgs[1].Text})

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	msgs, err = s.WaitSent(ctx, siti.ID, 3)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Len(t, msgs, 2, "what was sent so far comes with the error")
}

func TestSetMyCommands(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	cmds := []models.BotCommand{{Command: "start", Description: "Mulai"}, {Command: "batal", Description: "Batalkan"}}
	ok, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds})
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, cmds, s.Commands())

	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Start!", Description: "x"}}})
	require.ErrorIs(t, err, bot.ErrorBadRequest)
	_, err = b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 1, Action: "dancing"})
	require.ErrorIs(t, err, bot.ErrorBadRequest)
}

// leftovers lists goroutines running server or HTTP code, other than the
// test itself. runtime.NumGoroutine is no use here: it counts runtime
// goroutines that start lazily.
func leftovers() []string {
	buf := make([]byte, 1<<20)
	var out []string
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "TestCloseLeavesNoGoroutines") {
			continue
		}
		if strings.Contains(g, "internal/tgtest.") || strings.Contains(g, "net/http.") || strings.Contains(g, "go-telegram/bot.") {
			out = append(out, g)
		}
	}
	return out
}

// TestCloseLeavesNoGoroutines runs a server through long polls, a
// subscription and webhook retries, closes it and checks that none of its
// goroutines are left.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	http.DefaultClient.CloseIdleConnections()
	require.Eventually(t, func() bool { return len(leftovers()) == 0 }, patience, 10*time.Millisecond,
		"goroutines from earlier tests did not end")
	func() {
		s := tgtest.New(tgtest.WithWebhookRetry(tgtest.RetryPolicy{Attempts: 1000, Backoff: time.Hour}))
		defer s.Close()
		_, cancel := s.Subscribe()
		defer cancel()
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		b, err := bot.New(s.Token(), bot.WithSkipGetMe(), bot.WithServerURL(s.URL()), bot.WithHTTPClient(time.Minute, &http.Client{Transport: tr}))
		require.NoError(t, err)
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { b.Start(ctx); close(done) }()
		require.Eventually(t, func() bool { return len(s.CallsTo("getUpdates")) > 0 }, patience, 5*time.Millisecond)
		stop()
		<-done
		require.True(t, jsonCall(t, s, "setWebhook", map[string]any{"url": "http://127.0.0.1:1/unreachable"}).OK)
		s.SendText(siti, "x") // retried after an hour: Close must cut that short
		require.Eventually(t, func() bool { return len(s.Deliveries()) > 0 }, patience, 5*time.Millisecond)
	}()
	http.DefaultClient.CloseIdleConnections()
	var left []string
	ok := assert.Eventually(t, func() bool { left = leftovers(); return len(left) == 0 }, patience, 10*time.Millisecond)
	if !ok {
		t.Logf("left over:\n%s", strings.Join(left, "\n\n"))
	}
}

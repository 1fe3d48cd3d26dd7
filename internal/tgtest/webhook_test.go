package tgtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// hook is a webhook endpoint that records what Telegram posts and answers
// with scripted statuses.
type hook struct {
	srv      *httptest.Server
	mu       sync.Mutex
	secrets  []string
	updates  []models.Update
	statuses []int // answered in order; 200 once they run out
}

func newHook(t *testing.T, statuses ...int) *hook {
	t.Helper()
	h := &hook{statuses: statuses}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var u models.Update
		_ = json.Unmarshal(body, &u)
		h.mu.Lock()
		h.secrets = append(h.secrets, r.Header.Get(tgtest.SecretHeader))
		h.updates = append(h.updates, u)
		status := http.StatusOK
		if len(h.statuses) > 0 {
			status, h.statuses = h.statuses[0], h.statuses[1:]
		}
		h.mu.Unlock()
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		w.WriteHeader(status)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hook) received() ([]models.Update, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]models.Update(nil), h.updates...), append([]string(nil), h.secrets...)
}

func TestDeliverPostsWithSecret(t *testing.T) {
	s := tgtest.NewTest(t, tgtest.WithManualDelivery())
	b := newClient(t, s)
	ctx := testCtx(t)
	h := newHook(t, http.StatusInternalServerError)

	ok, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: h.srv.URL, SecretToken: "s3cr3t_-", MaxConnections: 10,
		AllowedUpdates: []string{"message", "callback_query"}})
	require.NoError(t, err)
	assert.True(t, ok)

	u := s.SendText(siti, "halo")
	status, err := s.Deliver(ctx, u)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Len(t, s.Pending(), 1, "a failed delivery stays pending")

	info, err := b.GetWebhookInfo(ctx)
	require.NoError(t, err)
	assert.Equal(t, h.srv.URL, info.URL)
	assert.Equal(t, 1, info.PendingUpdateCount)
	assert.Equal(t, 10, info.MaxConnections)
	assert.Equal(t, []string{"message", "callback_query"}, info.AllowedUpdates)
	assert.Equal(t, "Wrong response from the webhook: 500 Internal Server Error", info.LastErrorMessage)

	status, err = s.Deliver(ctx, u) // Telegram's redelivery of the same update
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	assert.Empty(t, s.Pending())

	got, secrets := h.received()
	require.Len(t, got, 2)
	assert.Equal(t, []string{"s3cr3t_-", "s3cr3t_-"}, secrets)
	assert.Equal(t, u.ID, got[1].ID)
	assert.Equal(t, "halo", got[1].Message.Text)
	deliveries := s.Deliveries()
	require.Len(t, deliveries, 2)
	assert.Equal(t, []int{500, 200}, []int{deliveries[0].Status, deliveries[1].Status})
}

func TestDeliverWithoutWebhook(t *testing.T) {
	s := tgtest.NewTest(t)
	_, err := s.Deliver(testCtx(t), s.SendText(siti, "x"))
	require.ErrorIs(t, err, tgtest.ErrNoWebhook)
}

func TestAsyncDeliveryRetries(t *testing.T) {
	s := tgtest.NewTest(t, tgtest.WithWebhookRetry(tgtest.RetryPolicy{Attempts: 4, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
	b := newClient(t, s)
	ctx := testCtx(t)
	h := newHook(t, http.StatusServiceUnavailable, http.StatusInternalServerError)

	first := s.SendText(siti, "sebelum webhook") // queued, then delivered once the webhook is set
	_, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: h.srv.URL})
	require.NoError(t, err)
	second := s.SendText(siti, "sesudah webhook")

	require.Eventually(t, func() bool { return len(s.Pending()) == 0 }, patience, 5*time.Millisecond)
	got, secrets := h.received()
	require.Len(t, got, 4, "503 and 500 retried, then both delivered in order")
	assert.Equal(t, []int64{first.ID, first.ID, first.ID, second.ID}, []int64{got[0].ID, got[1].ID, got[2].ID, got[3].ID})
	assert.Equal(t, []string{"", "", "", ""}, secrets, "no secret set, no header")
}

func TestAsyncDeliveryGivesUp(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	s := tgtest.NewTest(t, tgtest.WithWebhookRetry(tgtest.RetryPolicy{Attempts: 3, Backoff: time.Millisecond}))
	require.True(t, jsonCall(t, s, "setWebhook", map[string]any{"url": srv.URL}).OK)
	s.SendText(siti, "x")
	require.Eventually(t, func() bool { return len(s.Pending()) == 0 }, patience, 5*time.Millisecond)
	assert.EqualValues(t, 3, calls.Load())
}

func TestWebhookSwitching(t *testing.T) {
	s := tgtest.NewTest(t, tgtest.WithManualDelivery())
	ctx := testCtx(t)
	b := newClient(t, s)

	_, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://example.invalid/hook", SecretToken: "bad secret!"})
	require.ErrorIs(t, err, bot.ErrorBadRequest)
	_, err = b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "ftp://example.invalid/hook"})
	require.ErrorIs(t, err, bot.ErrorBadRequest)

	_, err = b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://example.invalid/hook"})
	require.NoError(t, err)
	s.SendText(siti, "lama")
	ok, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true})
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Empty(t, s.Pending(), "drop_pending_updates forgets queued updates")

	u := s.SendText(siti, "baru")
	ups := poll(t, s, nil)
	require.Len(t, ups, 1, "getUpdates works again after deleteWebhook")
	assert.Equal(t, u.ID, ups[0].ID)
}

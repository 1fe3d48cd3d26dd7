package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

func post(t *testing.T, h http.Handler, secret string, body []byte) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(bot.SecretHeader, secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestWebhookAnswers(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 7001, FirstName: "Ita"}
	start := h.tg.SendCommand(u, "start")
	valid, err := json.Marshal(start)
	require.NoError(t, err)
	routes := h.app.Handler()

	tcs := []struct {
		name   string
		secret string
		body   []byte
		want   int
	}{
		{"wrong secret", "not-the-secret", valid, http.StatusUnauthorized},
		{"no secret", "", valid, http.StatusUnauthorized},
		{"malformed body", webhookSecret, []byte(`{"update_id": "x`), http.StatusBadRequest},
		{"not an update", webhookSecret, []byte(`[1,2,3]`), http.StatusBadRequest},
		{"body too large", webhookSecret, append([]byte(`{"update_id":1,"message":{"text":"`), bytes.Repeat([]byte("a"), 2<<20)...), http.StatusBadRequest},
		{"an edit the bot ignores", webhookSecret, []byte(`{"update_id":99,"edited_message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"x"}}`), http.StatusOK},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, post(t, routes, tc.secret, tc.body))
		})
	}
	assert.Zero(t, count(t, h, `SELECT count(*) FROM processed_updates`), "rejected calls change nothing")
	h.do(start)
	assert.Len(t, h.tg.Sent(u.ID), 1)

	req := httptest.NewRequest(http.MethodGet, "/telegram/webhook", nil)
	rec := httptest.NewRecorder()
	routes.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)

	var set tgtest.Call = h.tg.CallsTo("setWebhook")[0]
	assert.Equal(t, webhookSecret, set.Params["secret_token"])
	assert.JSONEq(t, `["message","callback_query","my_chat_member"]`, set.Params["allowed_updates"])
}

func TestWebhookDatabaseOutageIs500(t *testing.T) {
	db := pgtest.New(t)
	tg := tgtest.NewTest(t, tgtest.WithManualDelivery())
	cfg := config.Config{TelegramToken: tg.Token(), TelegramAPIURL: tg.URL(),
		WebhookURL: "https://example.invalid/telegram/webhook", WebhookSecret: webhookSecret}
	a, err := app.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	routes := a.Handler()

	u := tgtest.User{ID: 7002, FirstName: "Ira"}
	body, err := json.Marshal(tg.SendText(u, "halo"))
	require.NoError(t, err)
	require.NoError(t, db.Close()) // the database goes away
	assert.Equal(t, http.StatusInternalServerError, post(t, routes, webhookSecret, body))

	// Readiness says so too, while liveness does not.
	for path, want := range map[string]int{"/readyz": http.StatusServiceUnavailable, "/healthz": http.StatusOK} {
		rec := httptest.NewRecorder()
		routes.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		assert.Equal(t, want, rec.Code, path)
	}
}

func TestSecretsStayOutOfLogs(t *testing.T) {
	var logs bytes.Buffer
	db := pgtest.New(t)
	_, err := app.SeedDemo(context.Background(), db)
	require.NoError(t, err)
	tg := tgtest.NewTest(t, tgtest.WithManualDelivery())
	cfg := config.Config{TelegramToken: tg.Token(), TelegramAPIURL: tg.URL(),
		WebhookURL: "https://example.invalid/telegram/webhook", WebhookSecret: webhookSecret}
	a, err := app.New(cfg, db, slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	require.NoError(t, err)
	routes := a.Handler()
	u := tgtest.User{ID: 7003, FirstName: "Rahasia"}
	tg.Fail("sendMessage", tgtest.Failure{Status: 500})
	for _, upd := range []any{tg.SendCommand(u, "start"), tg.SendText(u, "Rahasia Sekali")} {
		body, err := json.Marshal(upd)
		require.NoError(t, err)
		post(t, routes, webhookSecret, body)
		post(t, routes, "wrong", body)
	}
	a.Sender.Wait()
	out := logs.String()
	// The events are there, with ids…
	assert.Contains(t, out, "webhook secret mismatch")
	assert.Contains(t, out, "send failed, will retry")
	assert.Contains(t, out, `"chat_id":7003`)
	// …but not the token, the secret, or what the person wrote.
	for _, secret := range []string{tg.Token(), webhookSecret, "Rahasia"} {
		assert.NotContains(t, out, secret)
	}
}

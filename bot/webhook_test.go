package bot_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/bot"
)

func TestWebhookLogsWhyABodyWasRefused(t *testing.T) {
	tcs := []struct {
		name string
		body string
		want []string
	}{
		{"cut short", `{"update_id":1,"message":{"text":"Siti Aminah`, []string{"webhook body malformed", "unexpected end of JSON input"}},
		{"wrong type", `{"update_id":"Siti Aminah"}`, []string{"webhook body malformed", "cannot unmarshal string", "Update.update_id"}},
		{"no update id", `{"message":{"text":"Siti Aminah"}}`, []string{"webhook body malformed", "no update_id"}},
		{"too large", `{"update_id":1,"message":{"text":"Siti Aminah ` + strings.Repeat("a", 2<<20) + `"}}`, []string{"webhook body too large", "limit_bytes=1048576"}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			h := bot.NewWebhook("s", nil, nil, slog.New(slog.NewTextHandler(&logs, nil)))
			req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(tc.body))
			req.Header.Set(bot.SecretHeader, "s")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			for _, w := range tc.want {
				assert.Contains(t, logs.String(), w)
			}
			assert.NotContains(t, logs.String(), "error=<nil>")
			assert.NotContains(t, logs.String(), "Siti", "the body never reaches the log")
		})
	}
}

package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
	"github.com/tumbuh-id/tumbuh/locales"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const webhookSecret = "test_secret-123"

// harness is a running tumbuh against a fresh database and the fake Telegram.
type harness struct {
	t       testing.TB
	db      *sqlx.DB
	tg      *tgtest.Server
	app     *app.App
	webhook bool
	stop    func()
}

type mode int

const (
	polling mode = iota
	webhook
)

// startApp starts the app over db in the given transport mode; it stops
// with the test, or earlier through h.stop. opts change the config (the
// flood limit and reply pacing are off unless one sets them).
func startApp(t testing.TB, db *sqlx.DB, tg *tgtest.Server, m mode, opts ...func(*config.Config)) *harness {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	cfg := config.Config{
		TelegramToken:  tg.Token(),
		TelegramAPIURL: tg.URL(),
		HTTPAddr:       ln.Addr().String(),
	}
	if m == webhook {
		cfg.WebhookURL = "http://" + ln.Addr().String() + "/telegram/webhook"
		cfg.WebhookSecret = webhookSecret
	}
	for _, o := range opts {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(cfg, db, log)
	require.NoError(t, err)
	a.Sender.Poll = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	h := &harness{t: t, db: db, tg: tg, app: a, webhook: m == webhook}
	stopped := false
	h.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(patience):
			t.Fatal("app did not stop")
		}
	}
	t.Cleanup(h.stop)
	if m == webhook {
		// A call is recorded as it arrives; the webhook is set once it is answered.
		waitFor(t, "webhook set", func() bool {
			for _, c := range tg.CallsTo("setWebhook") {
				if c.Status == http.StatusOK {
					return true
				}
			}
			return false
		})
	}
	return h
}

// newHarness is a fresh database with the demo regions, the fake Telegram
// and the app.
func newHarness(t testing.TB, m mode) *harness {
	t.Helper()
	db := pgtest.New(t)
	seeded, err := app.SeedDemo(context.Background(), db)
	require.NoError(t, err)
	require.True(t, seeded)
	opts := []tgtest.Option{}
	if m == webhook {
		opts = append(opts, tgtest.WithManualDelivery())
	}
	return startApp(t, db, tgtest.NewTest(t, opts...), m)
}

// do delivers an update the fake made (SendText, PressButton…) and waits
// until the bot has handled it and sent everything it queued.
func (h *harness) do(u models.Update) {
	h.t.Helper()
	if h.webhook {
		status, err := h.tg.Deliver(context.Background(), u)
		require.NoError(h.t, err)
		require.Equal(h.t, 200, status)
	}
	h.settle()
}

// settle waits until no update is pending at Telegram and no outbox row is pending.
func (h *harness) settle() {
	h.t.Helper()
	waitFor(h.t, "bot settled", func() bool {
		if len(h.tg.Pending()) > 0 {
			return false
		}
		var n int
		require.NoError(h.t, h.db.Get(&n, `SELECT count(*) FROM outbox WHERE status = 'pending'`))
		return n == 0
	})
}

// last returns the latest message the bot sent to the user.
func (h *harness) last(u tgtest.User) tgtest.Message {
	h.t.Helper()
	sent := h.tg.Sent(u.ID)
	require.NotEmpty(h.t, sent, "bot sent nothing to %d", u.ID)
	return sent[len(sent)-1]
}

// patience bounds a wait for the app to do what it normally does at once.
// It is wide because a loaded CI machine running the race detector can stall
// a turn for seconds; a passing test never waits it out.
const patience = time.Minute

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var renderer = bot.NewRenderer(locales.MustBundle())

// text is the Indonesian (or lang) text of a message ID, for assertions
// that do not hard-code wording.
func text(t testing.TB, lang, id string, args ...any) string {
	t.Helper()
	s, err := renderer.Text(lang, flows.T(id, args...))
	require.NoError(t, err)
	return s
}

// requireSays fails unless msg contains the text of every message ID.
func requireSays(t testing.TB, msg tgtest.Message, lang string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		require.Contains(t, msg.Text, text(t, lang, id), "message %q should contain %s", msg.Text, id)
	}
}

// button finds the inline button whose data is data in msg.
func button(t testing.TB, msg tgtest.Message, data string) tgtest.InlineButton {
	t.Helper()
	require.NotNil(t, msg.Markup, "message %q has no keyboard", msg.Text)
	for _, row := range msg.Markup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return b
			}
		}
	}
	t.Fatalf("no button %q in %q", data, msg.Text)
	return tgtest.InlineButton{}
}

// buttonByLabel finds the callback data of the button labelled label.
func buttonByLabel(t testing.TB, msg tgtest.Message, label string) string {
	t.Helper()
	require.NotNil(t, msg.Markup)
	for _, row := range msg.Markup.InlineKeyboard {
		for _, b := range row {
			if strings.TrimPrefix(b.Text, "✅ ") == label {
				return b.CallbackData
			}
		}
	}
	t.Fatalf("no button labelled %q in %q", label, msg.Text)
	return ""
}

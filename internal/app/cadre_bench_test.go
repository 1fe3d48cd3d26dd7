package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/demo"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// demoDB is the benchmarks' database with the demo data, loaded once for
// all of them, and the posyandu with the most children.
var demoDB struct {
	once     sync.Once
	db       *sqlx.DB
	posyandu int64
	err      error
}

func loadDemo(b *testing.B) (*sqlx.DB, int64) {
	demoDB.once.Do(func() {
		ctx := context.Background()
		// The database outlives the first run (b.N = 1) of whichever
		// benchmark loads it: the test cluster goes with the process.
		db, err := store.Open(ctx, pgtest.NewURL(keepDatabase{b}))
		if err != nil {
			demoDB.err = err
			return
		}
		if _, err := app.SeedDemo(ctx, db); err != nil {
			demoDB.err = err
			return
		}
		children := 3000
		if os.Getenv("TUMBUH_BENCH_SCALE") == "1" {
			children = 100_000
		}
		// Weighings up to June, so every bench day of November is new.
		if _, err := demo.Load(ctx, db, demo.Options{Children: children, Months: 12, Seed: 7,
			Today: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}); err != nil {
			demoDB.err = err
			return
		}
		demoDB.db = db
		demoDB.err = db.Get(&demoDB.posyandu, `SELECT posyandu_id FROM children WHERE deleted_at IS NULL
			GROUP BY posyandu_id HAVING count(*) >= 30 ORDER BY count(*) DESC LIMIT 1`)
	})
	require.NoError(b, demoDB.err)
	return demoDB.db, demoDB.posyandu
}

// keepDatabase is a TB whose cleanups are dropped, for a database shared
// by several benchmarks.
type keepDatabase struct{ testing.TB }

func (keepDatabase) Cleanup(func()) {}

// BenchmarkDueList reads a posyandu's children with whether each was
// weighed this month and flagged the month before: the due list (/belum).
//
//	TUMBUH_BENCH_SCALE=1 go test -run '^$' -bench DueList ./internal/app/
func BenchmarkDueList(b *testing.B) {
	db, posyandu := loadDemo(b)
	st := store.On(db)
	day := time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for range b.N {
		kids, err := st.PosyanduChildren(context.Background(), posyandu, day)
		require.NoError(b, err)
		require.NotEmpty(b, kids)
	}
}

// BenchmarkCadreMessage sends a cadre's 30-line message (30 children of
// one posyandu, by their due-list numbers) through the webhook: every line
// recorded with its z-scores and monitoring, the cadre answered, the linked
// parents' results queued. One message at a time; it reports p50 and p99.
// The database holds the demo data: 3,000 children by default,
// TUMBUH_BENCH_SCALE=1 for 100,000 children × 12 months (~0.9 M weighings).
//
//	TUMBUH_BENCH_SCALE=1 go test -run '^$' -bench CadreMessage -benchtime 25x ./internal/app/
func BenchmarkCadreMessage(b *testing.B) {
	db, posyandu := loadDemo(b)
	var err error
	const kaderID = 7_700_001
	for _, q := range []string{
		`INSERT INTO chats (chat_id) VALUES ($1) ON CONFLICT DO NOTHING`,
		`INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at) VALUES ($1, $1, 'Bu Kader', '2026-11', now())
			ON CONFLICT DO NOTHING`,
	} {
		_, err := db.Exec(q, kaderID)
		require.NoError(b, err)
	}
	_, err = db.Exec(`INSERT INTO user_roles (user_id, role, posyandu_id) SELECT id, 'kader', $2 FROM users WHERE telegram_id = $1
		ON CONFLICT DO NOTHING`,
		kaderID, posyandu)
	require.NoError(b, err)

	tg := tgtest.NewTest(b, tgtest.WithManualDelivery())
	cfg := config.Config{TelegramToken: tg.Token(), TelegramAPIURL: tg.URL(),
		WebhookURL: "https://example.invalid/telegram/webhook", WebhookSecret: webhookSecret}
	a, err := app.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError})))
	require.NoError(b, err)
	srv := httptest.NewServer(a.Handler())
	b.Cleanup(srv.Close)

	lines := make([]string, 30)
	for i := range lines {
		lines[i] = fmt.Sprintf("%d %s %s", i+1, strconv.FormatFloat(9+float64(i%7)*0.3, 'f', 1, 64), strconv.Itoa(75+i%10))
	}
	u := tgtest.User{ID: kaderID, FirstName: "Bu Kader"}
	latencies := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		day := time.Date(2026, 11, 1+i%28, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		if i >= 28 {
			// Past four weeks the same children again: each line replaces the day's value.
			for j := range lines {
				lines[j] = "koreksi " + strings.TrimPrefix(lines[j], "koreksi ")
			}
		}
		_, err := db.Exec(`INSERT INTO conversations (chat_id, flow, step, state, expires_at)
			VALUES ($1, 'sesi', 'lines', jsonb_build_object('posyandu_id', $2::bigint, 'posyandu', 'P', 'date', $3::text), now() + interval '1 day')
			ON CONFLICT (chat_id) DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step, state = EXCLUDED.state`,
			kaderID, posyandu, day)
		require.NoError(b, err)
		body, err := json.Marshal(tg.SendText(u, strings.Join(lines, "\n")))
		require.NoError(b, err)
		b.StartTimer()
		t0 := time.Now()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/telegram/webhook", bytes.NewReader(body))
		req.Header.Set(bot.SecretHeader, webhookSecret)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(b, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		require.Equal(b, http.StatusOK, resp.StatusCode)
		latencies = append(latencies, time.Since(t0))
	}
	b.StopTimer()
	a.Sender.Wait()
	var recorded int
	require.NoError(b, db.Get(&recorded, `SELECT count(*) FROM measurements WHERE source = 'posyandu' AND measured_on >= '2026-11-01'
		AND superseded_by IS NULL AND deleted_at IS NULL`))
	require.Equal(b, 30*min(b.N, 28), recorded, "every line of every message recorded")
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	b.ReportMetric(0, "ns/op")
}

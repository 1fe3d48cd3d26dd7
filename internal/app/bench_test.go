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
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// BenchmarkWebhookTurns pushes /bantuan updates (a simple reply: one turn,
// one message) from many chats at once through the real webhook handler over
// loopback HTTP, against PostgreSQL and the fake Telegram, replies sent as in
// production. It reports turns/s and the handler's p50/p99 latency.
//
//	go test -run '^$' -bench WebhookTurns -benchtime 20000x ./internal/app/
func BenchmarkWebhookTurns(b *testing.B) {
	for _, chats := range []int{8, 16, 40} {
		b.Run(fmt.Sprintf("chats=%d", chats), func(b *testing.B) { benchTurns(b, chats) })
	}
}

func benchTurns(b *testing.B, chats int) {
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.NewURL(b))
	require.NoError(b, err)
	b.Cleanup(func() { _ = db.Close() })
	tg := tgtest.NewTest(b, tgtest.WithManualDelivery())
	cfg := config.Config{TelegramToken: tg.Token(), TelegramAPIURL: tg.URL(),
		WebhookURL: "https://example.invalid/telegram/webhook", WebhookSecret: webhookSecret}
	a, err := app.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError})))
	require.NoError(b, err)
	srv := httptest.NewServer(a.Handler())
	b.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: chats, MaxConnsPerHost: chats}}

	// Build every update up front so the clock measures only the bot.
	bodies := make([][]byte, b.N)
	for i := range bodies {
		u := tgtest.User{ID: int64(9_000_000 + i%chats), FirstName: "Bench"}
		upd := tg.SendCommand(u, "bantuan")
		bodies[i], err = json.Marshal(upd)
		require.NoError(b, err)
	}
	latencies := make([]time.Duration, b.N)
	var next atomic.Int64
	var failures atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range chats {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/telegram/webhook", bytes.NewReader(bodies[i]))
				req.Header.Set(bot.SecretHeader, webhookSecret)
				resp, err := client.Do(req)
				if err != nil || resp.StatusCode != http.StatusOK {
					failures.Add(1)
				}
				if resp != nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
				}
				latencies[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	a.Sender.Wait()
	require.Zero(b, failures.Load(), "every turn answered 200")

	var sent int
	require.NoError(b, db.Get(&sent, `SELECT count(*) FROM outbox WHERE status = 'sent'`))
	if sent != b.N {
		// Rows the immediate send left (contention on one chat) go out by the loop.
		for {
			n, err := a.Sender.Drain(ctx)
			require.NoError(b, err)
			if n == 0 {
				break
			}
		}
		require.NoError(b, db.Get(&sent, `SELECT count(*) FROM outbox WHERE status = 'sent'`))
	}
	require.Equal(b, b.N, sent, "one reply per turn, all sent")

	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "turns/s")
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	b.ReportMetric(0, "ns/op")
}

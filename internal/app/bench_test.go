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
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
	"github.com/tumbuh-id/tumbuh/internal/weighing"
)

// BenchmarkWebhookTurns pushes /bantuan updates (a simple reply: one turn,
// one message) from many chats at once through the real webhook handler over
// loopback HTTP, against PostgreSQL and the fake Telegram, replies sent as in
// production. It reports turns/s and the handler's p50/p99 latency.
//
//	go test -run '^$' -bench WebhookTurns -benchtime 20000x ./internal/app/
func BenchmarkWebhookTurns(b *testing.B) {
	for _, chats := range []int{8, 16, 40} {
		b.Run(fmt.Sprintf("chats=%d", chats), func(b *testing.B) { benchTurns(b, chats, helpUpdates, false) })
	}
}

// BenchmarkWeighInTurns is BenchmarkWebhookTurns for the turn that matters
// most to a parent: "Simpan" at the end of /timbang, which computes and
// stores the measurement (re-evaluating the child's history), queues the
// result in words and the chart, and sends both (the chart drawn at send
// time). Every update is a different registered parent with one child and
// three earlier weighings, waiting at the summary.
//
// Drawing a chart takes about 20 ms of CPU (BenchmarkRender), far more than
// the turn, so "send=now" (as in production: the replies go out as the
// turns commit, charts drawn on the same two CPUs) is bounded by the
// charts. "send=later" measures the turns alone: the webhook answers as in
// production, and the replies its turns leased are sent by the real sender
// once the clock has stopped, every one of them checked as before.
//
//	go test -run '^$' -bench WeighInTurns -benchtime 2000x ./internal/app/
func BenchmarkWeighInTurns(b *testing.B) {
	for _, chats := range []int{8, 16} {
		for _, later := range []bool{false, true} {
			name := fmt.Sprintf("chats=%d/send=now", chats)
			if later {
				name = fmt.Sprintf("chats=%d/send=later", chats)
			}
			b.Run(name, func(b *testing.B) { benchTurns(b, chats, weighInUpdates, later) })
		}
	}
}

// heldReplies keeps the replies a webhook's turns leased, to be sent after
// the clock stops.
type heldReplies struct {
	mu   sync.Mutex
	rows [][]store.OutboxRow
}

func (h *heldReplies) SendAsync(rows conversation.Leased) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rows = append(h.rows, rows)
}

// updates builds the bench's update bodies, n of them from chats chats, and
// says how many messages of each Telegram method one turn sends.
type updates func(b *testing.B, db *sqlx.DB, tg *tgtest.Server, n, chats int) ([][]byte, map[string]int)

// helpUpdates is /bantuan from n different people, so the chats in flight
// at any moment are as many as the bench's workers, and none waits on
// another's lock (a person does not type a thousand messages a second).
func helpUpdates(b *testing.B, _ *sqlx.DB, tg *tgtest.Server, n, _ int) ([][]byte, map[string]int) {
	bodies := make([][]byte, n)
	for i := range bodies {
		u := tgtest.User{ID: int64(9_000_000 + i), FirstName: "Bench"}
		body, err := json.Marshal(tg.SendCommand(u, "bantuan"))
		require.NoError(b, err)
		bodies[i] = body
	}
	return bodies, map[string]int{"sendMessage": 1}
}

// weighInUpdates registers n parents, each with a child weighed three times
// and a /timbang waiting at its summary, and returns their "Simpan" presses.
func weighInUpdates(b *testing.B, db *sqlx.DB, tg *tgtest.Server, n, _ int) ([][]byte, map[string]int) {
	const base = 8_000_000
	for _, q := range []string{
		`INSERT INTO chats (chat_id) SELECT $1 + g FROM generate_series(0, $2 - 1) g`,
		`INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at)
			SELECT $1 + g, $1 + g, 'Bench Parent', '2026-11', now() FROM generate_series(0, $2 - 1) g`,
		`INSERT INTO user_roles (user_id, role) SELECT id, 'orang_tua' FROM users WHERE telegram_id >= $1 AND $2 > 0`,
		`INSERT INTO children (name, sex, birth_date, created_by)
			SELECT 'Budi', 'm', DATE '2025-03-12', id FROM users WHERE telegram_id >= $1 AND $2 > 0 ORDER BY id`,
		`INSERT INTO guardians (child_id, user_id, relation)
			SELECT c.id, c.created_by, 'ibu' FROM children c JOIN users u ON u.id = c.created_by
			WHERE u.telegram_id >= $1 AND $2 > 0`,
		`INSERT INTO measurements (child_id, measured_on, weight_kg, lenhei_cm, position, source, age_days, trend)
			SELECT c.id, DATE '2026-08-15' + 30 * k, 9.8 + 0.3 * k, 77 + k, 'l', 'home',
				DATE '2026-08-15' + 30 * k - DATE '2025-03-12', 'N'
			FROM children c, generate_series(0, 2) k WHERE $1 > 0 AND $2 > 0`,
		`INSERT INTO conversations (chat_id, flow, step, state, expires_at)
			SELECT u.chat_id, 'timbang', 'summary',
				jsonb_build_object('child_id', c.id, 'name', 'Budi', 'birth', '2025-03-12', 'weight', 10.9,
					'length', 80.5, 'date', '2026-11-19'),
				now() + interval '1 day'
			FROM users u JOIN children c ON c.created_by = u.id WHERE u.telegram_id >= $1 AND $2 > 0`,
	} {
		_, err := db.Exec(q, base, n)
		require.NoError(b, err)
	}
	// The earlier weighings' computed values (z-scores, trend…) as the app
	// would have stored them, so the turn rewrites only what a new weighing
	// changes.
	var kids []struct {
		Child  int64 `db:"child"`
		Parent int64 `db:"parent"`
	}
	require.NoError(b, db.Select(&kids, `SELECT c.id AS child, c.created_by AS parent FROM children c
		JOIN users u ON u.id = c.created_by WHERE u.telegram_id >= $1`, base))
	st := store.On(db)
	for _, k := range kids {
		parent := policy.Actor{UserID: k.Parent, Grants: []policy.Grant{{Role: policy.Parent}}}
		require.NoError(b, weighing.Reevaluate(context.Background(), st, parent, k.Child))
	}
	bodies := make([][]byte, n)
	for i := range bodies {
		u := tgtest.User{ID: int64(base + i), FirstName: "Bench"}
		// A press on a message the fake has no record of: the turn's
		// "clear the answered buttons" call fails, which counts nothing.
		body, err := json.Marshal(tg.PressButton(u, 1, "tb:save"))
		require.NoError(b, err)
		bodies[i] = body
	}
	return bodies, map[string]int{"sendMessage": 1, "sendPhoto": 1}
}

func benchTurns(b *testing.B, chats int, build updates, sendLater bool) {
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.NewURL(b))
	require.NoError(b, err)
	b.Cleanup(func() { _ = db.Close() })
	tg := tgtest.NewTest(b, tgtest.WithManualDelivery())
	// The production defaults (flood limit, reply pacing…), as `serve` runs.
	env := map[string]string{"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_URL": tg.URL(),
		"TELEGRAM_WEBHOOK_URL": "https://example.invalid/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": webhookSecret,
		"DATABASE_URL": "postgres://unused"}
	cfg, err := config.Load(func(k string) string { return env[k] })
	require.NoError(b, err)
	a, err := app.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError})))
	require.NoError(b, err)
	var handler http.Handler = a.Handler()
	held := &heldReplies{}
	if sendLater {
		wh := bot.NewWebhook(webhookSecret, a.Turns, held, slog.New(slog.DiscardHandler))
		mux := http.NewServeMux()
		mux.Handle("POST /telegram/webhook", wh)
		handler = mux
	}
	srv := httptest.NewServer(handler)
	b.Cleanup(srv.Close)
	// The sender's loop runs as in production: a turn whose reply could not
	// be sent at once wakes it.
	loopCtx, stopLoop := context.WithCancel(ctx)
	loopDone := make(chan struct{})
	go func() { _ = a.Sender.Run(loopCtx); close(loopDone) }()
	b.Cleanup(func() { stopLoop(); <-loopDone })
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: chats, MaxConnsPerHost: chats}}

	// Build every update up front so the clock measures only the bot.
	seedHistory(b, db)
	bodies, perTurn := build(b, db, tg, b.N, chats)
	_, err = db.Exec(`ANALYZE`) // as autovacuum keeps a running database
	require.NoError(b, err)
	latencies := make([]time.Duration, b.N)
	var next atomic.Int64
	var failures atomic.Int64
	pg0, self0 := serverCPU(b, db), processCPU(b)
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
	pgCPU, selfCPU := serverCPU(b, db)-pg0, processCPU(b)-self0
	a.Sender.Wait()
	require.Zero(b, failures.Load(), "every turn answered 200")
	var later sync.WaitGroup
	queue := make(chan []store.OutboxRow)
	for range chats {
		later.Go(func() {
			for rows := range queue {
				a.Sender.Send(ctx, rows)
			}
		})
	}
	for _, rows := range held.rows {
		queue <- rows
	}
	close(queue)
	later.Wait()

	// Rows the immediate send left (contention on one chat) go out by the loop.
	for {
		n, err := a.Sender.Drain(ctx)
		require.NoError(b, err)
		if n == 0 {
			break
		}
	}
	// The loop may still be sending rows it claimed.
	require.Eventually(b, func() bool {
		var pending int
		require.NoError(b, db.Get(&pending, `SELECT count(*) FROM outbox WHERE status = 'pending'`))
		return pending == 0
	}, time.Minute, 10*time.Millisecond, "every reply sent or given up")
	for method, n := range perTurn {
		var sent int
		require.NoError(b, db.Get(&sent, `SELECT count(*) FROM outbox
			WHERE status = 'sent' AND payload->>'method' = $1 AND chat_id < 100000000`, method))
		require.Equal(b, b.N*n, sent, "every %s of every turn sent", method)
	}

	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "turns/s")
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	b.ReportMetric(float64(pgCPU.Microseconds())/float64(b.N), "pg-cpu-µs/turn")
	b.ReportMetric(float64(selfCPU.Microseconds())/float64(b.N), "go-cpu-µs/turn")
	b.ReportMetric(0, "ns/op")
}

// seedHistory gives the database the shape it has some weeks into a city's
// use: 20,000 chats that talked to the bot, 100,000 messages sent and as
// many updates handled. benchTurns analyses the tables again once the
// bench's own people are in, as autovacuum keeps a running database.
//
// An empty database is not what production runs on. PostgreSQL plans a
// prepared statement once per connection, and a plan made for an empty
// table (a sequential scan) is kept while the table grows under the bench,
// until the next ANALYZE, which in a five-second run never comes.
func seedHistory(b *testing.B, db *sqlx.DB) {
	const chats, sent = 20_000, 100_000
	for _, q := range []string{
		`INSERT INTO chats (chat_id, language) SELECT 100000000 + g, 'id' FROM generate_series(1, $chats) g`,
		`INSERT INTO outbox (chat_id, kind, priority, payload, status, sent_at, telegram_message_id, created_at, not_before)
			SELECT 100000000 + 1 + g % $chats, 'reply', 10,
				jsonb_build_object('method', 'sendMessage', 'chat_id', 100000000 + 1 + g % $chats, 'text', 'Terima kasih'),
				'sent', now() - interval '1 day' + g * interval '1 second', g,
				now() - interval '1 day' + g * interval '1 second', now() - interval '1 day' + g * interval '1 second'
			FROM generate_series(1, $sent) g`,
		`INSERT INTO processed_updates (update_id, processed_at)
			SELECT 5000000000 + g, now() - interval '1 day' + g * interval '1 second' FROM generate_series(1, $sent) g`,
		`ANALYZE`, // so the weigh-in bench's set-up runs with statistics too
	} {
		_, err := db.Exec(strings.NewReplacer("$chats", strconv.Itoa(chats), "$sent", strconv.Itoa(sent)).Replace(q))
		require.NoError(b, err, q)
	}
}

// BenchmarkPgbench is the yardstick for the turn benchmarks: pgbench's
// TPC-B-like transaction (scale 10) on the same PostgreSQL cluster, with as
// many clients as the turn benchmarks have chats, 10 s each. Run it in the
// same `go test` as they are:
//
//	go test -run '^$' -bench 'Pgbench|WebhookTurns/chats=(8|16)$|WeighInTurns' -benchtime 5000x ./internal/app/
func BenchmarkPgbench(b *testing.B) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	path, err := exec.LookPath("pgbench")
	if err != nil && len(bins) == 0 {
		b.Fatal("pgbench not found: it comes with the postgresql package")
	}
	if len(bins) > 0 {
		path = bins[len(bins)-1]
	}
	url := pgtest.NewURL(b)
	out, err := exec.Command(path, "-i", "-q", "-s", "10", url).CombinedOutput()
	require.NoError(b, err, "%s", out)
	tpsRe := regexp.MustCompile(`tps = ([0-9.]+)`)
	latRe := regexp.MustCompile(`latency average = ([0-9.]+) ms`)
	txRe := regexp.MustCompile(`number of transactions actually processed: ([0-9]+)`)
	db, err := sqlx.Open("postgres", url)
	require.NoError(b, err)
	b.Cleanup(func() { _ = db.Close() })
	for _, clients := range []int{8, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			// One 10 s run whatever -benchtime says: the turn benchmarks'
			// -benchtime 5000x must not mean 5000 pgbench runs.
			{
				pg0, client0 := serverCPU(b, db), childrenCPU(b)
				out, err := exec.Command(path, "-c", strconv.Itoa(clients), "-j", "2", "-T", "10", "-n", url).CombinedOutput()
				require.NoError(b, err, "%s", out)
				pgCPU, clientCPU := serverCPU(b, db)-pg0, childrenCPU(b)-client0
				m := tpsRe.FindSubmatch(out)
				require.NotNil(b, m, "%s", out)
				tps, _ := strconv.ParseFloat(string(m[1]), 64)
				b.ReportMetric(tps, "tps")
				if n := txRe.FindSubmatch(out); n != nil {
					txs, _ := strconv.ParseFloat(string(n[1]), 64)
					b.ReportMetric(float64(pgCPU.Microseconds())/txs, "pg-cpu-µs/tx")
					b.ReportMetric(float64(clientCPU.Microseconds())/txs, "pgbench-cpu-µs/tx")
				}
				if l := latRe.FindSubmatch(out); l != nil {
					avg, _ := strconv.ParseFloat(string(l[1]), 64)
					b.ReportMetric(avg, "avg_ms")
				}
				b.ReportMetric(0, "ns/op")
			}
		})
	}
}

// serverCPU is the CPU time the PostgreSQL cluster behind db has used so
// far: the postmaster's own and that of its children, live (their
// /proc/<pid>/stat) and gone (the postmaster's cutime and cstime). The
// benchmarks report it per turn beside pgbench's per transaction, so the
// ratio of the two speeds can be read as a ratio of work.
func serverCPU(b *testing.B, db *sqlx.DB) time.Duration {
	b.Helper()
	var backend int
	require.NoError(b, db.Get(&backend, `SELECT pg_backend_pid()`))
	postmaster := procStat(b, backend).ppid
	pm := procStat(b, postmaster)
	ticks := pm.utime + pm.stime + pm.cutime + pm.cstime
	dirs, err := os.ReadDir("/proc")
	require.NoError(b, err)
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if st, ok := readProcStat(pid); ok && st.ppid == postmaster {
			ticks += st.utime + st.stime
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// clockTicks is Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100
// on every architecture Go supports on Linux.
const clockTicks = 100

type procTimes struct {
	ppid                         int
	utime, stime, cutime, cstime int64
}

func procStat(b *testing.B, pid int) procTimes {
	b.Helper()
	st, ok := readProcStat(pid)
	require.True(b, ok, "read /proc/%d/stat (the benchmarks read PostgreSQL's CPU time there)", pid)
	return st
}

// readProcStat parses /proc/<pid>/stat; false when the process is gone.
func readProcStat(pid int) (procTimes, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procTimes{}, false
	}
	// The command name, in parentheses, may hold spaces: the fields
	// counted here start after its closing parenthesis.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return procTimes{}, false
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 15 {
		return procTimes{}, false
	}
	num := func(k int) int64 { n, _ := strconv.ParseInt(f[k], 10, 64); return n }
	// After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
	return procTimes{ppid: int(num(1)), utime: num(11), stime: num(12), cutime: num(13), cstime: num(14)}, true
}

// processCPU is this process's CPU time: the bot, and in the benchmarks
// also the fake Telegram and the client sending the updates.
func processCPU(b *testing.B) time.Duration { return rusage(b, syscall.RUSAGE_SELF) }

// childrenCPU is the CPU time of this process's children that have ended
// (pgbench).
func childrenCPU(b *testing.B) time.Duration { return rusage(b, syscall.RUSAGE_CHILDREN) }

func rusage(b *testing.B, who int) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	require.NoError(b, syscall.Getrusage(who, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

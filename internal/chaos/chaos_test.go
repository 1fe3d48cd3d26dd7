package chaos_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgcluster"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

const secret = "chaos-secret"

// The load: chats × perChat updates, each an unknown command whose reply
// names it, so every reply can be tied to its update. CHAOS_CHATS and
// CHAOS_PER_CHAT make the long version (e.g. 300 × 20).
func load() (chats, perChat int) {
	chats, perChat = 300, 5
	if n, err := strconv.Atoi(os.Getenv("CHAOS_CHATS")); err == nil && n > 0 {
		chats = n
	}
	if n, err := strconv.Atoi(os.Getenv("CHAOS_PER_CHAT")); err == nil && n > 0 {
		perChat = n
	}
	return chats, perChat
}

// bench is the cast of a run: PostgreSQL, the fake Telegram, two replicas.
type bench struct {
	cluster  *pgcluster.Cluster
	pgOpts   pgcluster.Options
	tg       *tgtest.Server
	replicas []*replica
}

// setup starts the cast; extraEnv (NAME=value) goes to both replicas, after
// the common settings, so it overrides them.
func setup(t *testing.T, extraEnv ...string) *bench {
	t.Helper()
	if testing.Short() {
		t.Skip("the chaos tests build the binary and run processes; not in -short")
	}
	dir := tempDir(t)
	bin := buildBinary(t, dir)

	// A PostgreSQL of its own, on a fixed port, so it can be restarted
	// under the replicas' feet.
	b := &bench{pgOpts: pgcluster.Options{Dir: filepath.Join(dir, "pg"), Fast: true, Port: freePort(t)}}
	var err error
	b.cluster, err = pgcluster.Start(context.Background(), b.pgOpts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.cluster.Stop() })
	admin, err := sqlx.Open("postgres", b.cluster.URL("postgres"))
	require.NoError(t, err)
	_, err = admin.Exec(`CREATE DATABASE tumbuh`)
	require.NoError(t, err)
	require.NoError(t, admin.Close())

	b.tg = tgtest.NewTest(t, tgtest.WithManualDelivery())
	for _, name := range []string{"a", "b"} {
		b.replicas = append(b.replicas, &replica{name: name, bin: bin, port: freePort(t),
			env: append(env(b.tg, b.cluster.URL("tumbuh")), extraEnv...), logDir: dir})
	}
	for _, r := range b.replicas {
		r.start(t)
		t.Cleanup(r.kill)
	}
	for _, r := range b.replicas {
		r.waitReady(t)
	}
	return b
}

// outcome is what a run measured.
type outcome struct {
	total, resent int
	refused       int64
	worst         time.Duration // the slowest reply, from its update's 200, after since
}

// run delivers the load while chaos runs beside it, waits for every reply
// and checks them: each update has its own reply, in order per chat, no
// apology, and processed_updates holds exactly the updates sent.
func (b *bench) run(t *testing.T, chats, perChat int, chaos func(g *generator) time.Time) outcome {
	t.Helper()
	total := chats * perChat
	gen := &generator{tg: b.tg, replicas: b.replicas, acked: make([]time.Time, total)}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 40) // Telegram's default max_connections
	for c := range chats {
		wg.Go(func() {
			for i := range perChat {
				sem <- struct{}{}
				gen.deliver(t, c, i, perChat)
				<-sem
			}
		})
	}
	since := chaos(gen)
	wg.Wait()
	waitUntil(t, "every reply", func() bool { return repliesIn(b.tg, chats) >= total })

	out := outcome{total: total, refused: gen.refused.Load()}
	for c := range chats {
		var seen []int
		for _, m := range b.tg.Sent(chatID(c)) {
			assert.NotContains(t, m.Text, "Maaf, ada gangguan", "chat %d got an apology", chatID(c))
			i, ok := commandIndex(m.Text, c)
			require.True(t, ok, "chat %d: a reply to no update of its own: %q", chatID(c), m.Text)
			if slices.Contains(seen, i) {
				out.resent++
				continue
			}
			seen = append(seen, i)
			if acked := gen.acked[c*perChat+i]; m.Date.After(since) && m.Date.Sub(acked) > out.worst {
				out.worst = m.Date.Sub(acked)
			}
		}
		require.Len(t, seen, perChat, "chat %d: every update answered", chatID(c))
		assert.True(t, slices.IsSorted(seen), "chat %d: replies in order: %v", chatID(c), seen)
	}
	db, err := sqlx.Open("postgres", b.cluster.URL("tumbuh"))
	require.NoError(t, err)
	defer db.Close()
	var processed int
	require.NoError(t, db.Get(&processed, `SELECT count(*) FROM processed_updates`))
	assert.Equal(t, total, processed, "processed_updates holds exactly the updates sent")
	return out
}

func TestChaos(t *testing.T) {
	b := setup(t)
	chats, perChat := load()
	out := b.run(t, chats, perChat, func(g *generator) time.Time {
		total := int64(chats * perChat)
		waitUntil(t, "a quarter of the load", func() bool { return g.done.Load() >= total/4 })
		killedAt := time.Now()
		b.replicas[0].kill()
		t.Logf("replica a killed (SIGKILL) after %d updates", g.done.Load())
		time.Sleep(time.Second)
		b.replicas[0].start(t)

		waitUntil(t, "60% of the load", func() bool { return g.done.Load() >= total*6/10 })
		require.NoError(t, b.cluster.Stop())
		t.Logf("postgres stopped after %d updates", g.done.Load())
		time.Sleep(500 * time.Millisecond)
		var err error
		b.cluster, err = pgcluster.Start(context.Background(), b.pgOpts)
		require.NoError(t, err)
		t.Logf("postgres back after %d updates", g.done.Load())
		return killedAt
	})
	t.Logf("updates %d, lost 0, resent %d, apologies 0, refused deliveries %d, slowest reply after the kill %s",
		out.total, out.resent, out.refused, out.worst)
	assert.LessOrEqual(t, out.resent, out.total/50, "resends stay rare (the documented windows only)")
	assert.Less(t, out.worst, 15*time.Second, "a dead replica's chats resume within seconds")
}

// A rolling restart: SIGTERM to each replica in turn, under load, resends
// nothing.
func TestSIGTERMUnderLoadResendsNothing(t *testing.T) {
	b := setup(t)
	out := b.run(t, 100, 5, func(g *generator) time.Time {
		began := time.Now()
		for i, r := range b.replicas {
			waitUntil(t, "load to go on", func() bool { return g.done.Load() >= int64(100*(i+1)) })
			r.terminate(t)
			r.start(t)
			r.waitReady(t)
		}
		return began
	})
	t.Logf("updates %d, resent %d, refused deliveries %d, slowest reply %s", out.total, out.resent, out.refused, out.worst)
	assert.Zero(t, out.resent, "a graceful stop resends nothing")
}

func chatID(c int) int64 { return int64(880_000_000 + c) }

// commandIndex reads which update of chat c a reply answers ("/c12x3 …").
func commandIndex(text string, c int) (int, bool) {
	prefix := fmt.Sprintf("/c%dx", c)
	at := strings.Index(text, prefix)
	if at < 0 {
		return 0, false
	}
	rest := text[at+len(prefix):]
	end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if end <= 0 {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:end])
	return i, err == nil
}

func repliesIn(tg *tgtest.Server, chats int) int {
	n := 0
	for c := range chats {
		seen := map[int]bool{}
		for _, m := range tg.Sent(chatID(c)) {
			if i, ok := commandIndex(m.Text, c); ok {
				seen[i] = true
			}
		}
		n += len(seen)
	}
	return n
}

// generator delivers updates like Telegram: one chat's updates in order,
// each again (to the next replica) until a 200.
type generator struct {
	tg       *tgtest.Server
	replicas []*replica
	next     atomic.Int64
	done     atomic.Int64
	refused  atomic.Int64
	acked    []time.Time
}

var client = &http.Client{Timeout: 35 * time.Second}

func (g *generator) deliver(t *testing.T, c, i, perChat int) {
	u := tgtest.User{ID: chatID(c), FirstName: "Ibu"}
	upd := g.tg.SendCommand(u, fmt.Sprintf("c%dx%d", c, i))
	body, err := json.Marshal(upd)
	if !assert.NoError(t, err) {
		return
	}
	for {
		r := g.replicas[int(g.next.Add(1))%len(g.replicas)]
		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/telegram/webhook", r.port), bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				g.acked[c*perChat+i] = time.Now()
				g.done.Add(1)
				return
			}
		}
		g.refused.Add(1)
		time.Sleep(100 * time.Millisecond)
	}
}

func env(tg *tgtest.Server, dbURL string) []string {
	return append(os.Environ(),
		"TELEGRAM_BOT_TOKEN="+tg.Token(),
		"TELEGRAM_API_URL="+tg.URL(),
		"TELEGRAM_WEBHOOK_URL=https://replica.invalid/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET="+secret,
		"DATABASE_URL="+dbURL,
		"LOG_FORMAT=json",
	)
}

// replica is one `tumbuh serve` process.
type replica struct {
	name   string
	bin    string
	port   int
	env    []string
	logDir string
	mu     sync.Mutex
	cmd    *exec.Cmd
	starts int
}

func (r *replica) start(t *testing.T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.starts++
	logf, err := os.Create(filepath.Join(r.logDir, fmt.Sprintf("serve-%s-%d.log", r.name, r.starts)))
	require.NoError(t, err)
	cmd := exec.Command(r.bin, "serve")
	cmd.Env = append(append([]string(nil), r.env...), fmt.Sprintf("HTTP_ADDR=127.0.0.1:%d", r.port))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	require.NoError(t, cmd.Start())
	r.cmd = cmd
	go func() { _ = cmd.Wait(); _ = logf.Close() }()
}

func (r *replica) kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd != nil && r.cmd.Process != nil {
		_ = r.cmd.Process.Signal(syscall.SIGKILL)
	}
}

// terminate sends SIGTERM and waits for the process to exit.
func (r *replica) terminate(t *testing.T) {
	r.mu.Lock()
	cmd := r.cmd
	r.mu.Unlock()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	waitUntil(t, "replica "+r.name+" to exit", func() bool {
		return cmd.Process.Signal(syscall.Signal(0)) != nil
	})
}

func (r *replica) waitReady(t *testing.T) {
	waitUntil(t, "replica "+r.name+" ready", func() bool {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", r.port))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

func buildBinary(t *testing.T, dir string) string {
	bin := filepath.Join(dir, "tumbuh")
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(goBin, "build", "-o", bin, "github.com/tumbuh-id/tumbuh/cmd/tumbuh")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "build tumbuh: %s", out)
	return bin
}

// tempDir is a directory the postgres OS user can enter when the tests run
// as root (t.TempDir makes 0700 directories).
func tempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "tumbuh-chaos-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755))
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

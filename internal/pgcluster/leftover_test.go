//go:build linux

// Only Linux has the /proc that lets Start see whom it waits for.

package pgcluster_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgcluster"
)

// logRecorder is a slog.Handler that keeps what it is given, so a test can
// see what Start noticed.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}

func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *logRecorder) WithGroup(string) slog.Handler      { return r }

// pids returns the "pids" of every record with message msg.
func (r *logRecorder) pids(msg string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var pids []int
	for _, rec := range r.records {
		if rec.Message != msg {
			continue
		}
		rec.Attrs(func(a slog.Attr) bool {
			if p, ok := a.Value.Any().([]int); ok && a.Key == "pids" {
				pids = append(pids, p...)
			}
			return true
		})
	}
	return pids
}

// releaseFile is what the busy backend waits for, relative to the data
// directory.
const releaseFile = "tumbuh-test-release"

// busyLoop keeps a backend busy until the release file appears. Unlike
// pg_sleep or a lock wait, which end the backend at once when its postmaster
// dies, a running statement does not look, so the backend outlives its
// postmaster for as long as the test wants, however loaded the machine.
const busyLoop = `DO $$ BEGIN
	WHILE (pg_stat_file('` + releaseFile + `', true)).size IS NULL LOOP END LOOP;
END $$`

func TestStartAfterCrashWaitsForBusyBackend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &logRecorder{}
	opts := pgcluster.Options{Dir: filepath.Join(tempDir(t), "data"), Fast: true, Logger: slog.New(rec)}

	crashed := start(t, opts)
	conn, err := open(t, crashed).Conn(ctx)
	require.NoError(t, err)
	var backend int
	require.NoError(t, conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&backend))
	queried := make(chan error, 1)
	go func() {
		_, err := conn.ExecContext(ctx, busyLoop)
		queried <- err
	}()
	t.Cleanup(func() {
		// Whatever failed, let the backend finish so it does not spin on.
		_ = os.WriteFile(filepath.Join(opts.Dir, releaseFile), nil, 0o644)
		<-queried
		_ = conn.Close()
	})
	watch := open(t, crashed)
	require.Eventually(t, func() bool {
		var state string
		err := watch.QueryRowContext(ctx, "SELECT state FROM pg_stat_activity WHERE pid = $1", backend).Scan(&state)
		return err == nil && state == "active"
	}, time.Minute, 10*time.Millisecond, "the backend should be running its statement")

	crash(t, opts.Dir)
	require.True(t, running(backend), "the busy backend outlives its postmaster")

	started := make(chan error, 1)
	var restarted *pgcluster.Cluster
	go func() {
		var err error
		restarted, err = pgcluster.Start(ctx, opts)
		started <- err
	}()
	const waiting = "waiting for processes of a crashed postgres to exit"
	for !slices.Contains(rec.pids(waiting), backend) {
		select {
		case err := <-started:
			require.FailNow(t, "Start returned without waiting for the busy backend", "error: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	assert.True(t, running(backend), "the backend lingered while Start waited")

	require.NoError(t, os.WriteFile(filepath.Join(opts.Dir, releaseFile), nil, 0o644))
	select {
	case err := <-started:
		require.NoError(t, err, "Start succeeds once the backend has gone")
	case <-time.After(3 * time.Minute):
		require.FailNow(t, "Start did not return")
	}
	t.Cleanup(func() { assert.NoError(t, restarted.Stop()) })
	assert.False(t, restarted.Reused())
	require.NoError(t, open(t, restarted).PingContext(ctx))
}

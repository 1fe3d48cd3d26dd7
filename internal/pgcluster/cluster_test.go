package pgcluster_test

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgcluster"
)

// tempDir returns a directory the postgres OS user can enter even when the
// tests run as root (t.TempDir makes 0700 directories).
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgcluster-test-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755))
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

func start(t *testing.T, opts pgcluster.Options) *pgcluster.Cluster {
	t.Helper()
	c, err := pgcluster.Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, c.Stop()) })
	return c
}

func open(t *testing.T, c *pgcluster.Cluster) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", c.URL("postgres"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func listening(port int) bool {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 10*time.Second) // refused at once when closed
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := pgcluster.Options{Dir: filepath.Join(tempDir(t), "data")}

	first := start(t, opts)
	assert.False(t, first.Reused())
	assert.Equal(t, opts.Dir, first.Dir())
	assert.Equal(t, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", first.Port()), first.URL("postgres"))
	db := open(t, first)
	_, err := db.ExecContext(ctx, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')")
	require.NoError(t, err)
	require.NoError(t, db.Close())

	second := start(t, opts)
	assert.True(t, second.Reused(), "a second Start on a running cluster reuses it")
	assert.Equal(t, first.Port(), second.Port())
	require.NoError(t, second.Stop())
	assert.True(t, listening(first.Port()), "stopping a reused cluster leaves its owner's server running")

	require.NoError(t, first.Stop())
	assert.False(t, listening(first.Port()), "Stop closes the port")
	_, err = os.Stat(filepath.Join(opts.Dir, "postmaster.pid"))
	assert.ErrorIs(t, err, os.ErrNotExist, "a clean shutdown removes postmaster.pid")

	third := start(t, opts)
	assert.False(t, third.Reused())
	var v string
	require.NoError(t, open(t, third).QueryRowContext(ctx, "SELECT v FROM kept").Scan(&v))
	assert.Equal(t, "still here", v, "data survives a restart")
}

func TestStartAfterCrash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := pgcluster.Options{Dir: filepath.Join(tempDir(t), "data"), Fast: true}

	start(t, opts)
	crash(t, opts.Dir)
	_, err := os.Stat(filepath.Join(opts.Dir, "postmaster.pid"))
	require.NoError(t, err, "a killed postmaster leaves its pid file behind")

	// At once: its children may still hold the shared memory.
	restarted := start(t, opts)
	assert.False(t, restarted.Reused(), "a stale postmaster.pid is not a running server")
	require.NoError(t, open(t, restarted).PingContext(ctx))
}

// crash kills the postmaster of dir, and only it, with SIGKILL, and waits
// until it has died; its children live on until they notice.
func crash(t *testing.T, dir string) {
	t.Helper()
	pid, _ := postmasterPID(t, dir)
	require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
	// Until it is dead it still accepts connections, and Start would reuse it.
	require.Eventually(t, func() bool { return !running(pid) }, time.Minute, 5*time.Millisecond)
}

// postmasterPID returns the pid and the shared memory segment ID that
// dir/postmaster.pid names.
func postmasterPID(t *testing.T, dir string) (pid int, shmID int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	require.Greater(t, len(lines), 6, "postmaster.pid of a ready server names its shared memory")
	pid, err = strconv.Atoi(lines[0])
	require.NoError(t, err)
	var key int
	_, err = fmt.Sscan(lines[6], &key, &shmID)
	require.NoError(t, err, "shared memory line %q", lines[6])
	return pid, shmID
}

// running reports whether pid is a process that has not exited (a zombie
// has).
func running(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil // no /proc: a zombie passes too
	}
	s := string(stat)
	end := strings.LastIndexByte(s, ')')
	return end+2 < len(s) && s[end+2] != 'Z' && s[end+2] != 'X'
}

func TestStartRefuses(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name    string
		opts    func(t *testing.T) pgcluster.Options
		wantErr []string
	}{
		{
			name: "no binaries",
			opts: func(t *testing.T) pgcluster.Options {
				return pgcluster.Options{Dir: filepath.Join(tempDir(t), "data"), BinDirs: []string{tempDir(t)}}
			},
			wantErr: []string{"initdb", "apt-get install postgresql", "brew install postgresql", "DATABASE_URL"},
		},
		{
			name: "directory holds something else",
			opts: func(t *testing.T) pgcluster.Options {
				dir := tempDir(t)
				require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
				return pgcluster.Options{Dir: dir}
			},
			wantErr: []string{"not empty", "no PostgreSQL cluster"},
		},
		{
			name:    "no directory",
			opts:    func(*testing.T) pgcluster.Options { return pgcluster.Options{} },
			wantErr: []string{"no data directory"},
		},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := pgcluster.Start(context.Background(), tc.opts(t))
			require.Error(t, err)
			assert.Nil(t, c)
			for _, want := range tc.wantErr {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestStartAsRootNeedsTraversableDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root hands the server to the postgres OS user")
	}
	t.Parallel()
	private := filepath.Join(tempDir(t), "private")
	require.NoError(t, os.Mkdir(private, 0o700))

	_, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: filepath.Join(private, "data")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot reach")
	assert.Contains(t, err.Error(), private)
}

func TestStartInDeepDirectory(t *testing.T) {
	t.Parallel()
	// Too deep for a Unix socket path; the server must still come up on TCP.
	dir := filepath.Join(tempDir(t), strings.Repeat("d", 60), strings.Repeat("e", 60), "data")
	c := start(t, pgcluster.Options{Dir: dir, Fast: true})
	require.NoError(t, open(t, c).PingContext(context.Background()))
}

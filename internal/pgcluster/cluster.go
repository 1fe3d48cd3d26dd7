// Package pgcluster runs a private PostgreSQL server out of a data
// directory, with nothing to set up beyond installing PostgreSQL.
//
// Local mode keeps its cluster under the tumbuh data directory across runs;
// tests (through internal/pgtest) start a throwaway one. The server listens
// on 127.0.0.1 at a free port with trust authentication and superuser
// postgres, so it is for one machine's own use, never for production.
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Superuser is the database superuser of every cluster this package creates.
const Superuser = "postgres"

// Options configure Start.
type Options struct {
	// Dir is the data directory. It is created (mode 0700, parents 0755) and
	// initialised when missing or empty; a non-empty directory without a
	// cluster is refused. When this process runs as root, every directory
	// above Dir must be searchable by the postgres OS user.
	Dir string
	// Logger receives lifecycle events. Nil discards them.
	Logger *slog.Logger
	// Fast turns off fsync, synchronous_commit and full_page_writes (a crash
	// of the machine may corrupt the cluster) and allows 500 connections.
	// For tests only.
	Fast bool
	// BinDirs are searched for initdb and postgres in order; nil means
	// DefaultSearchDirs.
	BinDirs []string
	// Port is the TCP port on 127.0.0.1 to listen on; 0 picks a free one.
	// A fixed port lets a restarted server keep its URL.
	Port int
	// StartTimeout bounds Start as a whole: initdb, and the wait for the
	// server to accept connections. Zero means two minutes.
	StartTimeout time.Duration
	// LeftoverTimeout bounds how long Start waits, after a crash, for the
	// processes of the dead server to exit (they do by themselves): until
	// then they hold its shared memory and no new server can start. Zero
	// means 15 seconds. StartTimeout still bounds the whole.
	LeftoverTimeout time.Duration
}

// Cluster is a running PostgreSQL server. Its methods are safe for
// concurrent use.
type Cluster struct {
	dir    string
	port   int
	pid    int
	reused bool
	log    *slog.Logger

	// Set only when this process started the server.
	proc      *os.Process
	logOffset int64         // where this start's lines begin in the server log
	exited    chan struct{} // closed once the server process has exited
	waitErr   error         // how it exited; read only after exited is closed
	stopping  atomic.Bool
	stopOnce  sync.Once
	stopErr   error
}

// Start starts the cluster in opts.Dir, creating it first if needed, and
// returns once the server accepts connections. If a server already runs out
// of opts.Dir (another process started it), Start reuses it: Reused reports
// true and Stop leaves it running. A postmaster.pid left by a crash is
// ignored, as postgres itself does; the crashed server's processes that
// still run are waited for (up to LeftoverTimeout, never signalled), and
// named in the error if they stay.
//
// ctx bounds only the start: the server runs until Stop, or until the
// process that started it dies (on Linux; it shuts down cleanly then too). A
// server reused from another process dies with that process.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("start postgres: no data directory given")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("start postgres in %s: %w", opts.Dir, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("dir", dir)
	timeout := opts.StartTimeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if c, err := reuse(ctx, dir, log); err != nil || c != nil {
		return c, err
	}
	bins, err := FindBinaries(opts.BinDirs...)
	if err != nil {
		return nil, err
	}
	account, err := serverAccount()
	if err != nil {
		return nil, err
	}
	if err := prepareDir(dir, account); err != nil {
		return nil, fmt.Errorf("prepare data directory %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		begin := time.Now()
		if err := initdb(ctx, bins, dir, account); err != nil {
			return nil, err
		}
		log.Info("postgres cluster created", "duration_ms", time.Since(begin).Milliseconds())
	}
	wait := opts.LeftoverTimeout
	if wait <= 0 {
		wait = defaultLeftoverTimeout
	}
	return launchWhenFree(ctx, bins, dir, account, opts.Fast, opts.Port, wait, log)
}

// reuse returns the server already running out of dir, or nil if there is
// none (no postmaster.pid, or a stale one).
func reuse(ctx context.Context, dir string, log *slog.Logger) (*Cluster, error) {
	for {
		pf, err := readPidFile(dir)
		if err != nil || pf == nil {
			// A file we cannot parse is a crash leftover or one being
			// written; either way postgres decides when we start it.
			return nil, nil //nolint:nilerr // see above
		}
		if !alive(pf.pid) {
			log.Info("stale postmaster.pid", "pid", pf.pid)
			return nil, removeStalePidFile(dir, pf)
		}
		if pf.status == "ready" && reachable(pf.port) {
			log.Info("postgres reused", "pid", pf.pid, "port", pf.port)
			return &Cluster{dir: dir, port: pf.port, pid: pf.pid, reused: true, log: log}, nil
		}
		// Live but not ready: starting up, recovering or shutting down.
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("postgres (pid %d) runs in %s but does not accept connections on 127.0.0.1:%d (status %q): %w",
				pf.pid, dir, pf.port, pf.status, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// prepareDir makes dir a place initdb and postgres can use: existing, empty
// or holding a cluster, owned by the server account, reachable by it.
func prepareDir(dir string, account *runAs) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	if err := account.checkTraversable(dir); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
			return errNotCluster
		}
	}
	if account != nil {
		fi, err := os.Stat(dir)
		if err != nil {
			return err
		}
		if owner, ok := ownerOf(fi); !ok || owner != account.uid || len(entries) == 0 {
			return account.chownAll(dir)
		}
	}
	return nil
}

// URL returns a lib/pq connection URL for database dbname as the superuser.
func (c *Cluster) URL(dbname string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(Superuser),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + dbname,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Port returns the TCP port the server listens on at 127.0.0.1.
func (c *Cluster) Port() int { return c.port }

// Dir returns the absolute data directory.
func (c *Cluster) Dir() string { return c.dir }

// Reused reports whether Start found the server already running, started
// by someone else; Stop then leaves it alone.
func (c *Cluster) Reused() bool { return c.reused }

// Stop shuts a server this Cluster started down with a fast shutdown (open
// sessions are cut, data is checkpointed) and waits until it has exited. It
// does nothing for a reused server, whose owner stops it. Calling Stop again
// returns the first result.
func (c *Cluster) Stop() error {
	if c.reused {
		return nil
	}
	c.stopOnce.Do(func() { c.stopErr = c.stop() })
	return c.stopErr
}

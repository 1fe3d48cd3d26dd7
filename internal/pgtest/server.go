package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/pgcluster"
)

// server is the PostgreSQL server this test process creates databases on.
type server struct {
	base    url.URL // connection URL; only the path (database) varies
	admin   *sql.DB // to the base database, for CREATE and DROP DATABASE
	cluster *pgcluster.Cluster
	tmpDir  string   // holds the cluster; removed by shutdown
	lock    *os.File // flocked while this process owns tmpDir

	tplOnce sync.Once
	tplName string
	tplErr  error
}

var (
	srvOnce sync.Once
	srv     *server
	srvErr  error
)

// getServer connects to TEST_DATABASE_URL or starts this process's cluster,
// once. A failure is remembered, so every test reports the same reason.
func getServer(ctx context.Context) (*server, error) {
	srvOnce.Do(func() {
		if dsn := os.Getenv("TEST_DATABASE_URL"); dsn != "" {
			srv, srvErr = connect(ctx, dsn)
		} else {
			srv, srvErr = startCluster(ctx)
		}
	})
	return srv, srvErr
}

func connect(ctx context.Context, dsn string) (*server, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errors.New("TEST_DATABASE_URL must be a postgres:// URL of a superuser (tests create databases)")
	}
	s := &server{base: *u}
	if s.admin, err = open(ctx, dsn); err != nil {
		return nil, fmt.Errorf("connect to TEST_DATABASE_URL (host %s): %w", u.Host, err)
	}
	return s, nil
}

func startCluster(ctx context.Context) (*server, error) {
	sweep()
	dir, err := os.MkdirTemp("", tmpPrefix)
	if err != nil {
		return nil, fmt.Errorf("create cluster directory: %w", err)
	}
	s := &server{tmpDir: dir}
	fail := func(err error) (*server, error) {
		_ = s.close() // the start error matters more
		return nil, err
	}
	if s.lock, err = lockDir(dir); err != nil {
		return fail(err)
	}
	// MkdirTemp makes 0700; when root runs the tests, postgres runs as the
	// postgres OS user and must be able to enter the directory.
	if err := os.Chmod(dir, 0o755); err != nil {
		return fail(fmt.Errorf("chmod cluster directory: %w", err))
	}
	s.cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(dir, "data"), Fast: true})
	if err != nil {
		return fail(fmt.Errorf("start PostgreSQL for tests (or set TEST_DATABASE_URL to a server of yours): %w", err))
	}
	u, err := url.Parse(s.cluster.URL("postgres"))
	if err != nil {
		return fail(fmt.Errorf("parse cluster URL: %w", err))
	}
	s.base = *u
	if s.admin, err = open(ctx, u.String()); err != nil {
		return fail(fmt.Errorf("connect to test cluster: %w", err))
	}
	return s, nil
}

func open(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// url returns the connection URL of database name on this server.
func (s *server) url(name string) string {
	u := s.base
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// close releases what s holds: connections, the cluster, its directory.
func (s *server) close() error {
	var errs []error
	if s.admin != nil {
		errs = append(errs, s.admin.Close())
	}
	if s.cluster != nil {
		errs = append(errs, s.cluster.Stop())
	}
	if s.tmpDir != "" {
		if err := os.RemoveAll(s.tmpDir); err != nil {
			errs = append(errs, fmt.Errorf("remove cluster directory: %w", err))
		}
	}
	if s.lock != nil {
		errs = append(errs, s.lock.Close())
	}
	return errors.Join(errs...)
}

// shutdown is Main's cleanup: it undoes getServer, if anything was started.
func shutdown() error {
	if srv == nil {
		return nil
	}
	return srv.close()
}

// tmpPrefix names the cluster directories, so a later run can find the ones
// left behind by a test process that died without Main's cleanup.
const tmpPrefix = "tumbuh-pgtest-"

// lockDir takes an exclusive flock on dir/lock, held as long as this process
// lives: the kernel drops it when the process dies, which is how sweep tells
// an abandoned directory from one in use.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return f, nil
}

// sweep removes cluster directories of earlier test processes that died
// without cleaning up. It is best effort: anything in doubt stays.
func sweep() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tmpPrefix+"*"))
	for _, dir := range dirs {
		f, err := os.Open(filepath.Join(dir, "lock"))
		if err != nil {
			// No lock yet may mean its owner is just starting; only an old
			// one is surely abandoned.
			if fi, serr := os.Stat(dir); serr == nil && time.Since(fi.ModTime()) > time.Hour {
				_ = os.RemoveAll(dir)
			}
			continue
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			// Its owner is gone. The server dies with it but may still be
			// shutting down; removing the files under it does it no harm.
			_ = os.RemoveAll(dir)
		}
		_ = f.Close()
	}
}

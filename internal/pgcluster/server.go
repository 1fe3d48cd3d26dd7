package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// logName is the server log, kept in the data directory (postgres ignores
// files it does not know). Its tail explains a failed start.
const logName = "tumbuh-postgres.log"

// maxLogSize bounds the server log of a long-lived local cluster: past it,
// the next start truncates the file.
const maxLogSize = 8 << 20

// initdb creates a cluster in the empty directory dir. C.UTF-8 gives
// byte-order collation with Unicode-aware upper/lower; where the C library
// lacks it (macOS), plain C still stores UTF-8 correctly.
func initdb(ctx context.Context, bins Binaries, dir string, account *runAs) error {
	var out []byte
	var err error
	for _, locale := range []string{"C.UTF-8", "C"} {
		cmd := exec.CommandContext(ctx, bins.Initdb, "-D", dir, "--auth=trust", "--no-sync",
			"-E", "UTF8", "--locale="+locale, "-U", Superuser)
		cmd.Dir = dir // initdb must be able to stat its working directory; /root is off limits to postgres
		cmd.Env = serverEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: account.credential()}
		out, err = cmd.CombinedOutput()
		if err == nil {
			return nil
		}
		if !bytes.Contains(out, []byte("invalid locale")) {
			break
		}
	}
	return fmt.Errorf("initdb %s: %w\n%s", dir, err, tail(out, 2000))
}

// serverEnv is the environment for initdb and postgres: ours minus anything
// that would point them at another cluster or translate the messages we
// match on.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PG") || strings.HasPrefix(k, "LC_") || k == "LANG" || k == "LANGUAGE" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C")
}

// launchWhenFree launches postgres once nothing a crashed server of dir left
// behind is in the way, waiting for that until wait has passed. A start that
// still finds the old shared memory attached (one we did not know of, its
// postmaster.pid gone, or attached after we looked) is retried until then too.
func launchWhenFree(ctx context.Context, bins Binaries, dir string, account *runAs, fast bool, port int, wait time.Duration, log *slog.Logger) (*Cluster, error) {
	deadline := time.Now().Add(wait)
	var known *shmID
	for {
		if err := awaitLeftovers(ctx, dir, known, deadline, log); err != nil {
			return nil, fmt.Errorf("start postgres in %s: %w", dir, err)
		}
		c, err := launch(ctx, bins, dir, account, fast, port, log)
		if !errors.Is(err, errShmemInUse) {
			return c, err
		}
		known = shmInUse(err)
		if known == nil && !time.Now().Before(deadline) {
			return nil, err
		}
		// With the segment known, awaitLeftovers waits for it, or names its
		// holders once the deadline has passed.
		log.Warn("postgres found an earlier server's shared memory in use, retrying")
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// launch starts postgres on the given port, or on a free one when port is
// 0, and waits until it is ready. A free port is free when chosen but may be
// taken before postgres binds it; then it tries another.
func launch(ctx context.Context, bins Binaries, dir string, account *runAs, fast bool, fixed int, log *slog.Logger) (*Cluster, error) {
	const attempts = 3
	for attempt := 1; ; attempt++ {
		port := fixed
		if port == 0 {
			var err error
			if port, err = freePort(); err != nil {
				return nil, fmt.Errorf("start postgres in %s: %w", dir, err)
			}
		}
		begin := time.Now()
		c, err := spawn(bins, dir, port, account, fast, log)
		if err != nil {
			return nil, fmt.Errorf("start postgres in %s: %w", dir, err)
		}
		err = c.waitReady(ctx)
		if err == nil {
			log.Info("postgres started", "pid", c.pid, "port", port, "duration_ms", time.Since(begin).Milliseconds())
			return c, nil
		}
		_ = c.Stop() // already failing; the start error is the one to report
		if errors.Is(err, errPortTaken) && fixed == 0 && attempt < attempts {
			log.Warn("postgres port taken, retrying", "port", port)
			continue
		}
		return nil, fmt.Errorf("start postgres in %s: %w", dir, err)
	}
}

// socketDir is where postgres puts its Unix socket: the data directory,
// because the default (/var/run/postgresql) may not exist or be writable. A
// socket path is limited to about 100 bytes; for a deeper data directory
// there is no socket (""), since we connect over TCP anyway.
func socketDir(dir string) string {
	const maxSocketPath = 100 // sun_path is 104 bytes on macOS, 108 on Linux
	if len(dir)+len("/.s.PGSQL.65535") > maxSocketPath {
		return ""
	}
	return dir
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// spawn starts the postgres process and returns without waiting for it.
func spawn(bins Binaries, dir string, port int, account *runAs, fast bool, log *slog.Logger) (*Cluster, error) {
	logFile, err := openLog(dir, account)
	if err != nil {
		return nil, err
	}
	offset, _ := logFile.Seek(0, io.SeekEnd)
	args := []string{"-D", dir, "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-k", socketDir(dir)}
	if fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			// Parallel tests, each with a pool of up to 10, outgrow the
			// default 100 on a machine with many cores.
			"-c", "max_connections=500")
	}
	cmd := exec.Command(bins.Postgres, args...)
	cmd.Dir = dir
	cmd.Env = serverEnv()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: account.credential(),
		// Its own process group keeps a terminal's Ctrl-C away from the
		// server: the parent decides when it stops, after its own cleanup.
		Setpgid: true,
	}
	setParentDeathSignal(cmd.SysProcAttr)

	c := &Cluster{dir: dir, port: port, log: log, exited: make(chan struct{}), logOffset: offset}
	started := make(chan error, 1)
	// The parent-death signal fires when the OS thread that forked the child
	// exits, not when the process does. The Go runtime may end idle threads,
	// so the fork happens on a thread this goroutine keeps locked, and the
	// goroutine lives (blocked in Wait) as long as the server does. It never
	// unlocks: when it returns, the runtime ends the thread, and by then the
	// server is gone.
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		c.waitErr = cmd.Wait()
		_ = logFile.Close() // the server held the other copy; nothing buffered here
		if !c.stopping.Load() {
			log.Error("postgres exited unexpectedly", "pid", cmd.Process.Pid, "error", c.waitErr)
		}
		close(c.exited)
	}()
	if err := <-started; err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("run %s: %w", bins.Postgres, err)
	}
	c.proc = cmd.Process
	c.pid = cmd.Process.Pid
	return c, nil
}

// openLog opens the server log for appending, starting afresh when it has
// grown too large. It belongs to the server account so that a later run as
// that account can open it too.
func openLog(dir string, account *runAs) (*os.File, error) {
	path := filepath.Join(dir, logName)
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxLogSize {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open server log: %w", err)
	}
	if account != nil {
		if err := f.Chown(int(account.uid), int(account.gid)); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("chown server log: %w", err)
		}
	}
	return f, nil
}

// errPortTaken means postgres could not bind its port.
var errPortTaken = errors.New("port already in use")

// waitReady polls until postmaster.pid says our server is ready and its port
// answers, the server exits, or ctx ends. This is what pg_ctl -w does.
func (c *Cluster) waitReady(ctx context.Context) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-c.exited:
			logTail := c.logTail()
			err := fmt.Errorf("postgres exited during startup (%v); server log:\n%s", c.waitErr, logTail)
			switch {
			case strings.Contains(logTail, "could not bind") || strings.Contains(logTail, "could not create any TCP/IP sockets"):
				err = fmt.Errorf("%w: %w", errPortTaken, err)
			case strings.Contains(logTail, "pre-existing shared memory block"):
				err = fmt.Errorf("%w: %w", errShmemInUse, err)
			}
			return err
		case <-ctx.Done():
			return fmt.Errorf("postgres not ready on port %d: %w; server log:\n%s", c.port, ctx.Err(), c.logTail())
		case <-tick.C:
		}
		pf, err := readPidFile(c.dir)
		if err == nil && pf != nil && pf.pid == c.pid && pf.status == "ready" && reachable(c.port) {
			return nil
		}
	}
}

// logTail returns the end of what the server logged since this start.
func (c *Cluster) logTail() string {
	b, err := os.ReadFile(filepath.Join(c.dir, logName))
	if err != nil {
		return fmt.Sprintf("(cannot read server log: %v)", err)
	}
	if c.logOffset <= int64(len(b)) {
		b = b[c.logOffset:]
	}
	return string(tail(b, 4000))
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// stop sends SIGINT (fast shutdown) and waits; a server stuck past the
// grace period gets SIGQUIT (immediate shutdown), then SIGKILL.
func (c *Cluster) stop() error {
	c.stopping.Store(true)
	select {
	case <-c.exited:
		return nil
	default:
	}
	for _, step := range []struct {
		sig   os.Signal
		grace time.Duration
	}{{os.Interrupt, 30 * time.Second}, {syscall.SIGQUIT, 10 * time.Second}, {os.Kill, 10 * time.Second}} {
		if err := c.proc.Signal(step.sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
			return fmt.Errorf("stop postgres (pid %d) in %s: %w", c.pid, c.dir, err)
		}
		select {
		case <-c.exited:
			c.log.Info("postgres stopped", "pid", c.pid)
			return nil
		case <-time.After(step.grace):
			c.log.Warn("postgres slow to stop", "pid", c.pid, "signal", step.sig.String())
		}
	}
	return fmt.Errorf("stop postgres (pid %d) in %s: still running after SIGKILL", c.pid, c.dir)
}

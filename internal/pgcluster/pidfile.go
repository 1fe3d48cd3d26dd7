package pgcluster

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// pidFile is what a running postmaster publishes in postmaster.pid, the file
// pg_ctl reads too: pid, data directory, start time, port, socket directory,
// listen address, shared memory key, status.
type pidFile struct {
	pid    int
	port   int
	status string // "starting", "ready", "stopping" or "standby"
	// shm names the server's System V shared memory segment; nil until
	// written. Every server process stays attached to it, and postgres
	// refuses to start while anything is.
	shm *shmID
}

// shmID names a System V shared memory segment.
type shmID struct {
	key int64 // as postgres prints it: unsigned
	id  int64
}

// readPidFile reads dir/postmaster.pid. A missing file is (nil, nil): no
// server has the directory. A file being written may be short; callers poll.
func readPidFile(dir string) (*pidFile, error) {
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read postmaster.pid: %w", err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 1 {
		return nil, fmt.Errorf("postmaster.pid in %s is empty", dir)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil {
		return nil, fmt.Errorf("postmaster.pid in %s: bad pid %q: %w", dir, lines[0], err)
	}
	pf := &pidFile{pid: pid}
	if len(lines) > 3 {
		pf.port, _ = strconv.Atoi(strings.TrimSpace(lines[3])) // 0 until written: callers poll
	}
	if len(lines) > 6 {
		var id shmID
		if _, err := fmt.Sscan(lines[6], &id.key, &id.id); err == nil {
			pf.shm = &id
		}
	}
	if len(lines) > 7 {
		pf.status = strings.TrimSpace(lines[7])
	}
	return pf, nil
}

// alive reports whether pid still names a running postgres process. After a
// crash or a reboot the pid in a stale postmaster.pid may belong to an
// unrelated process, or to a zombie nobody reaps (containers whose init does
// not): kill(pid, 0) succeeds for both. On Linux /proc tells them apart;
// elsewhere we trust kill.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no /proc here: kill succeeded, so assume it is ours
	}
	// "pid (comm) state ...": comm may hold spaces and parentheses.
	s := string(stat)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open || end+2 >= len(s) {
		return true
	}
	comm, state := s[open+1:end], s[end+2]
	return comm == "postgres" && state != 'Z' && state != 'X'
}

// removeStalePidFile deletes a postmaster.pid whose pid kill(2) still finds
// although it is no live postgres (see alive): postgres would otherwise
// refuse to start, taking it for a running server. A dead pid needs nothing:
// postgres replaces that file itself.
func removeStalePidFile(dir string, pf *pidFile) error {
	if err := syscall.Kill(pf.pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return nil
	}
	if err := os.Remove(filepath.Join(dir, "postmaster.pid")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale postmaster.pid (pid %d is no postgres): %w", pf.pid, err)
	}
	return nil
}

// reachable reports whether something accepts TCP connections on the port.
func reachable(port int) bool {
	if port <= 0 {
		return false
	}
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 200*time.Millisecond)
	if err != nil {
		return false
	}
	_ = conn.Close() // nothing was sent; a close error tells us nothing
	return true
}

package pgcluster

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A postmaster that dies without shutting down (SIGKILL, the OOM killer)
// leaves its children running for a moment. Each exits by itself once it
// notices: an idle one at once, one busy in a query when the query ends,
// one that is not scheduled when it next runs. Until the last one has gone,
// the server's shared memory segment is still attached, and a new postmaster
// refuses to start ("pre-existing shared memory block ... is still in use").
// Start waits them out; it never signals a process.

// defaultLeftoverTimeout is how long Start waits for leftovers by default:
// far longer than idle processes need on a loaded machine, short enough that
// a stuck one is reported while someone still watches.
const defaultLeftoverTimeout = 15 * time.Second

// leftovers is what an earlier, dead server of a data directory left in the
// way of a new one.
type leftovers struct {
	dir string
	shm *shmSegment // its segment while attached; nil if unknown (no /proc, no key)
	// pids are processes found in the way: postgres processes working in
	// dir, and any process attached to shm (see lookUp).
	pids []int
}

// findLeftovers returns what a dead server of dir leaves in the way of a new
// one, or nil if nothing is. A live server is never in the way: Start reuses
// it instead. The test is the one postgres makes: is the server's segment
// still attached? That segment is the one postmaster.pid names or, with the
// file gone (see removeStalePidFile), known: the one a refused start named.
// Without /proc, or with no segment to look at, any postgres process of dir
// counts.
func findLeftovers(dir string, known *shmID) *leftovers {
	pf, _ := readPidFile(dir) // unreadable: postgres judges it when it starts
	if pf != nil && alive(pf.pid) {
		return nil
	}
	if pf != nil && pf.shm != nil {
		known = pf.shm
	}
	l := &leftovers{dir: dir}
	if known != nil {
		seg, err := readShmSegment(*known)
		switch {
		case err != nil:
			// Without /proc/sysvipc, the processes tell instead.
		case seg == nil || seg.nattch == 0:
			return nil
		default:
			l.shm = seg
		}
	}
	if l.shm != nil {
		return l // whose it is, lookUp tells: reading every process's maps is too costly to poll
	}
	if l.pids = processesOf(dir, nil); len(l.pids) == 0 {
		return nil
	}
	return l
}

// lookUp finds the processes attached to the segment, for a report.
func (l *leftovers) lookUp() {
	if l.shm != nil {
		l.pids = processesOf(l.dir, l.shm)
	}
}

// String names what is in the way, for logs and errors.
func (l *leftovers) String() string {
	var b strings.Builder
	if l.shm != nil {
		fmt.Fprintf(&b, "its shared memory (key %d, ID %d) still has %d attached", l.shm.key, l.shm.id, l.shm.nattch)
		if len(l.pids) == 0 {
			b.WriteString(", none of them a process we may look at")
		}
	} else {
		b.WriteString("its processes still run")
	}
	for i, pid := range l.pids {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%spid %d (%s)", sep, pid, commandLine(pid))
	}
	return b.String()
}

// awaitLeftovers waits until nothing a dead server of dir left behind stops
// a new one from starting. Past deadline it fails, naming what is in the way.
// known is the server's segment if a failed start named it, or nil.
func awaitLeftovers(ctx context.Context, dir string, known *shmID, deadline time.Time, log *slog.Logger) error {
	begin := time.Now()
	logged := false
	for {
		l := findLeftovers(dir, known)
		if l == nil {
			if logged {
				log.Info("processes of the crashed postgres are gone", "waited_ms", time.Since(begin).Milliseconds())
			}
			return nil
		}
		if !logged {
			logged = true
			l.lookUp()
			log.Warn("waiting for processes of a crashed postgres to exit", "pids", l.pids, "in_the_way", l.String())
		}
		if !time.Now().Before(deadline) {
			l.lookUp()
			return fmt.Errorf("an earlier server is still in the way after %s: %s "+
				"(a crashed server's processes exit by themselves once they notice; stop any that stays)",
				time.Since(begin).Round(time.Millisecond), l)
		}
		select {
		case <-ctx.Done():
			l.lookUp()
			return fmt.Errorf("wait for an earlier server to get out of the way (%s): %w", l, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// errShmemInUse means postgres found the shared memory of an earlier server
// of its data directory still attached.
var errShmemInUse = errors.New("shared memory of an earlier server still in use")

// shmInUseMessage is how postgres names that segment when it refuses to start.
var shmInUseMessage = regexp.MustCompile(`pre-existing shared memory block \(key (\d+), ID (\d+)\) is still in use`)

// shmInUse returns the segment a start that failed with errShmemInUse names.
func shmInUse(err error) *shmID {
	m := shmInUseMessage.FindStringSubmatch(err.Error())
	if m == nil {
		return nil
	}
	var s shmID
	s.key, _ = strconv.ParseInt(m[1], 10, 64) // \d+ of a key_t or an int: fits
	s.id, _ = strconv.ParseInt(m[2], 10, 64)
	return &s
}

// shmSegment is a System V shared memory segment as the kernel lists it.
type shmSegment struct {
	shmID
	nattch int // processes attached
}

// readShmSegment looks s up in /proc/sysvipc/shm: nil if no segment has that
// ID and key any more, an error if the list is not there to read.
func readShmSegment(s shmID) (*shmSegment, error) {
	f, err := os.Open("/proc/sysvipc/shm")
	if err != nil {
		return nil, fmt.Errorf("list shared memory segments: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return nil, fmt.Errorf("list shared memory segments: no header: %w", sc.Err())
	}
	col := map[string]int{}
	for i, name := range strings.Fields(sc.Text()) {
		col[name] = i
	}
	keyCol, okKey := col["key"]
	idCol, okID := col["shmid"]
	nattchCol, okNattch := col["nattch"]
	if !okKey || !okID || !okNattch {
		return nil, fmt.Errorf("list shared memory segments: unknown header %q", sc.Text())
	}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) <= max(keyCol, idCol, nattchCol) {
			continue
		}
		id, _ := strconv.ParseInt(f[idCol], 10, 64)
		key, _ := strconv.ParseInt(f[keyCol], 10, 64) // the kernel prints key_t signed
		if id != s.id || uint32(key) != uint32(s.key) {
			continue
		}
		nattch, err := strconv.Atoi(f[nattchCol])
		if err != nil {
			return nil, fmt.Errorf("list shared memory segments: bad nattch %q", f[nattchCol])
		}
		return &shmSegment{shmID: s, nattch: nattch}, nil
	}
	return nil, sc.Err()
}

// processesOf returns the live processes in the way of a server in dir:
// postgres processes working in dir (each server process does), and, if
// seg is known, every process attached to it. Without /proc it finds none.
func processesOf(dir string, seg *shmSegment) []int {
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved // the kernel reports working directories resolved
	}
	var mapping string
	if seg != nil {
		mapping = fmt.Sprintf("/SYSV%08x", uint32(seg.key)) // how the kernel names the segment in maps
	}
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !running(pid) {
			continue
		}
		proc := "/proc/" + e.Name()
		if comm, _ := os.ReadFile(proc + "/comm"); strings.TrimSpace(string(comm)) == "postgres" {
			if cwd, _ := os.Readlink(proc + "/cwd"); cwd == dir {
				pids = append(pids, pid)
				continue
			}
		}
		if mapping != "" && mapsContain(proc+"/maps", mapping) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// running reports whether pid is a process that has not exited: a zombie
// holds no memory and no directory.
func running(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(stat)
	end := strings.LastIndexByte(s, ')') // comm may hold spaces and parentheses
	return end >= 0 && end+2 < len(s) && s[end+2] != 'Z' && s[end+2] != 'X'
}

func mapsContain(path, name string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.Contains(sc.Text(), name) {
			return true
		}
	}
	return false
}

// commandLine returns what pid runs, shortened; a postgres child shows its
// role there ("postgres: checkpointer").
func commandLine(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		return "unknown"
	}
	s := strings.TrimSpace(strings.ReplaceAll(string(b), "\x00", " "))
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

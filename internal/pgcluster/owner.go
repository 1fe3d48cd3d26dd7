package pgcluster

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// runAs is the OS account the server programs run under. A nil *runAs means
// "as this process": only root needs to switch, because initdb and postgres
// refuse to run as root.
type runAs struct {
	name     string
	uid, gid uint32
	groups   []uint32
}

// serverAccount returns the account to run initdb and postgres as, or nil
// when this process may run them itself.
func serverAccount() (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and PostgreSQL refuses to run as root, but there is no postgres OS user to run it as (%w): "+
			"installing the postgresql package creates it (or: useradd --system postgres), or run as a normal user", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse uid %q of OS user postgres: %w", u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse gid %q of OS user postgres: %w", u.Gid, err)
	}
	a := &runAs{name: u.Username, uid: uint32(uid), gid: uint32(gid)}
	gids, _ := u.GroupIds() // supplementary groups only widen access; none is fine
	for _, g := range gids {
		if n, err := strconv.ParseUint(g, 10, 32); err == nil {
			a.groups = append(a.groups, uint32(n))
		}
	}
	return a, nil
}

// credential is what exec needs to start a program as a.
func (a *runAs) credential() *syscall.Credential {
	if a == nil {
		return nil
	}
	return &syscall.Credential{Uid: a.uid, Gid: a.gid, Groups: a.groups}
}

// chownAll hands dir and everything in it to a, unless it is theirs already.
func (a *runAs) chownAll(dir string) error {
	if a == nil {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := os.Lchown(path, int(a.uid), int(a.gid)); err != nil {
			return fmt.Errorf("chown %s to %s: %w", path, a.name, err)
		}
		return nil
	})
}

// checkTraversable fails when a cannot reach dir because an ancestor
// directory denies it search permission: a data directory under /root, or
// under a 0700 temporary directory, is the usual case. postgres would fail
// later with a vaguer "permission denied".
func (a *runAs) checkTraversable(dir string) error {
	if a == nil {
		return nil
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("stat %s: %w", p, err)
		}
		if !a.canSearch(fi) {
			return fmt.Errorf("the postgres OS user cannot reach %s because %s (mode %v) denies it access: "+
				"choose a data directory outside it, or chmod o+x %s", dir, p, fi.Mode().Perm(), p)
		}
		if parent := filepath.Dir(p); parent == p {
			return nil
		}
	}
}

func (a *runAs) canSearch(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true // cannot tell; let postgres report it
	}
	perm := fi.Mode().Perm()
	switch {
	case st.Uid == a.uid:
		return perm&0o100 != 0
	case a.inGroup(st.Gid):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

func (a *runAs) inGroup(gid uint32) bool {
	if gid == a.gid {
		return true
	}
	for _, g := range a.groups {
		if g == gid {
			return true
		}
	}
	return false
}

// errNotCluster marks a directory that exists, is not empty, and holds no
// cluster: initdb would refuse it, and reusing it would be wrong.
var errNotCluster = errors.New("directory is not empty and holds no PostgreSQL cluster")

// ownerOf returns the uid owning fi, if the platform says.
func ownerOf(fi fs.FileInfo) (uint32, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return st.Uid, true
}

//go:build unix

package pgserver

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
)

// runAs is the unprivileged OS user the cluster runs as when the process is
// root; nil means "run as the current user".
type runAs struct {
	name     string
	uid, gid uint32
	groups   []uint32
}

// dedicatedUser is the system user the cluster runs as when the app runs as
// root: one that owns nothing else, created on first need.
const dedicatedUser = "secondbrain-pg"

// lookupRunAs returns the user to run the cluster as, or nil when the process
// is not root. An empty name means the dedicated user, created with useradd
// when missing; where it cannot be created, "postgres" if that user exists,
// else "nobody".
func lookupRunAs(name string) (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var u *user.User
	var err error
	if name != "" {
		u, err = user.Lookup(name)
	} else {
		ensureDedicatedUser()
		for _, name = range []string{dedicatedUser, "postgres", "nobody"} {
			if u, err = user.Lookup(name); err == nil {
				break
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("look up user %q to run PostgreSQL as: %w", name, err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("user %q: uid %q: %w", name, u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("user %q: gid %q: %w", name, u.Gid, err)
	}
	if uid == 0 {
		return nil, fmt.Errorf("user %q is root; PostgreSQL refuses to run as root", name)
	}
	r := &runAs{name: u.Username, uid: uint32(uid), gid: uint32(gid)}
	if ids, err := u.GroupIds(); err == nil {
		for _, id := range ids {
			if g, err := strconv.ParseUint(id, 10, 32); err == nil {
				r.groups = append(r.groups, uint32(g))
			}
		}
	}
	return r, nil
}

// userMu serialises ensureDedicatedUser within the process; a lock file
// does so across processes (several clusters starting at once, as tests
// do): two useradd runs at once can each rewrite /etc/passwd from a stale
// copy, leaving a uid that was looked up but no longer exists.
var userMu sync.Mutex

// ensureDedicatedUser creates dedicatedUser as a system user without a home
// or a login shell when it does not exist; best effort (a system without
// useradd falls back to other users).
func ensureDedicatedUser() {
	if _, err := user.Lookup(dedicatedUser); err == nil {
		return
	}
	userMu.Lock()
	defer userMu.Unlock()
	if f, err := os.OpenFile(filepath.Join(os.TempDir(), "secondbrain-useradd.lock"), os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		defer f.Close()
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX) == nil {
			defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		}
	}
	if _, err := user.Lookup(dedicatedUser); err == nil {
		return
	}
	useradd, err := exec.LookPath("useradd")
	if err != nil {
		for _, p := range []string{"/usr/sbin/useradd", "/sbin/useradd"} {
			if _, err := os.Stat(p); err == nil {
				useradd = p
			}
		}
	}
	if useradd == "" {
		return
	}
	// A concurrent process may create it first; the lookup after tells.
	exec.Command(useradd, "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
		"--shell", "/usr/sbin/nologin", "--comment", "Second Brain database server", dedicatedUser).Run()
}

// sysProcAttr returns the attributes for a PostgreSQL program: its own
// process group (so a Ctrl-C in a terminal reaches the app, which stops the
// server cleanly, and not the postmaster directly) and, when r is set, r's
// credentials.
func (r *runAs) sysProcAttr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	if r != nil {
		a.Credential = &syscall.Credential{Uid: r.uid, Gid: r.gid, Groups: r.groups}
	}
	return a
}

// chown gives path to r; a no-op when r is nil.
func (r *runAs) chown(path string) error {
	if r == nil {
		return nil
	}
	return os.Lchown(path, int(r.uid), int(r.gid))
}

// chownTree gives the tree at root to r when root is not r's already.
func (r *runAs) chownTree(root string) error {
	if r == nil {
		return nil
	}
	fi, err := os.Stat(root)
	if err != nil {
		return err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid == r.uid {
		return nil
	}
	return filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(r.uid), int(r.gid))
	})
}

// makeTraversable lets r pass through dir and every ancestor it could not
// otherwise pass through, so the server can reach its cluster below dir. It
// changes as little as it can: an ACL entry for r alone ("user:NAME:--x"),
// and only where the file system has no ACLs, o+x (search for everyone, no
// listing). Each change is logged and returned, to be recorded. A no-op when
// r is nil.
func (r *runAs) makeTraversable(dir string, logger *slog.Logger) ([]AccessChange, error) {
	if r == nil {
		return nil, nil
	}
	var changes []AccessChange
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return changes, err
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && !r.canTraverse(fi.Mode().Perm(), st) && !aclAllowsSearch(d, r.uid) {
			c := AccessChange{Path: d, User: r.name, ModeBefore: fmt.Sprintf("%04o", fi.Mode().Perm())}
			err := grantSearchACL(d, fi.Mode(), r.uid)
			if errors.Is(err, errors.ErrUnsupported) {
				err = os.Chmod(d, fi.Mode().Perm()|0o001)
				c.Change = "chmod o+x"
			} else {
				c.Change = "acl user:" + r.name + ":--x"
			}
			if err != nil {
				return changes, fmt.Errorf("make %s traversable for user %s: %w", d, r.name, err)
			}
			logger.Warn("let the database server's user pass through a folder", "op", c.Change, "path", d, "user", r.name)
			changes = append(changes, c)
		}
		if parent := filepath.Dir(d); parent == d {
			return changes, nil
		}
	}
}

// canTraverse reports whether r may search a directory with this mode and owner.
func (r *runAs) canTraverse(perm fs.FileMode, st *syscall.Stat_t) bool {
	switch {
	case st.Uid == r.uid:
		return perm&0o100 != 0
	case st.Gid == r.gid || r.inGroup(st.Gid):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

func (r *runAs) inGroup(gid uint32) bool {
	for _, g := range r.groups {
		if g == gid {
			return true
		}
	}
	return false
}

// String names the user for logs.
func (r *runAs) String() string {
	if r == nil {
		return "current user"
	}
	return r.name
}

// processAlive reports whether a process with this pid exists.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return (err == nil || errors.Is(err, syscall.EPERM)) && !isZombie(pid)
}

// killProcess sends SIGKILL to pid.
func killProcess(pid int) error {
	return syscall.Kill(pid, syscall.SIGKILL)
}

// detached returns the attributes of a process that outlives this one: its
// own session, away from this process's terminal and signals.
func detached() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true}
}

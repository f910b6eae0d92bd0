//go:build unix

package pgserver

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// runAs is the unprivileged OS user the cluster runs as when the process is
// root; nil means "run as the current user".
type runAs struct {
	name     string
	uid, gid uint32
	groups   []uint32
}

// lookupRunAs returns the user to run the cluster as, or nil when the process
// is not root. An empty name means "postgres" if that user exists, else
// "nobody".
func lookupRunAs(name string) (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var u *user.User
	var err error
	if name != "" {
		u, err = user.Lookup(name)
	} else {
		for _, name = range []string{"postgres", "nobody"} {
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

// makeTraversable adds o+x to dir and every ancestor that r could not
// otherwise pass through, logging each change; a no-op when r is nil.
func (r *runAs) makeTraversable(dir string, logger *slog.Logger) error {
	if r == nil {
		return nil
	}
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && !r.canTraverse(fi.Mode().Perm(), st) {
			mode := fi.Mode().Perm() | 0o001
			if err := os.Chmod(d, mode); err != nil {
				return fmt.Errorf("make %s traversable for user %s: %w", d, r.name, err)
			}
			logger.Info("made directory traversable for the postgres user", "op", "chmod o+x", "path", d, "user", r.name)
		}
		if parent := filepath.Dir(d); parent == d {
			return nil
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

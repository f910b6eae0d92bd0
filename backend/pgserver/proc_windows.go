//go:build windows

package pgserver

import (
	"log/slog"
	"os"
	"syscall"
)

// runAs is unused on Windows, where pg_ctl drops administrator rights itself.
type runAs struct{}

func lookupRunAs(string) (*runAs, error) { return nil, nil }

func (r *runAs) sysProcAttr() *syscall.SysProcAttr { return nil }

func (r *runAs) chown(string) error { return nil }

func (r *runAs) chownTree(string) error { return nil }

func (r *runAs) makeTraversable(string, *slog.Logger) ([]AccessChange, error) { return nil, nil }

func (r *runAs) String() string { return "current user" }

// processAlive reports whether a process with this pid exists.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}

// killProcess ends process pid.
func killProcess(pid int) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	defer p.Release()
	return p.Kill()
}

// detached returns the attributes of a process that outlives this one.
func detached() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: 0x00000008 | 0x00000200} // DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP
}

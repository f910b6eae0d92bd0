//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package pgserver

import (
	"errors"
	"os"
	"syscall"
)

// tryLock opens path and takes an exclusive advisory lock on it without
// waiting. It returns the open file when the lock was taken, nil when another
// process holds it. The kernel releases the lock when the process dies.
func tryLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, nil
		}
		return nil, err
	}
	return f, nil
}

// unlock releases a lock taken by tryLock.
func unlock(f *os.File) error {
	if f == nil {
		return nil
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return f.Close()
}

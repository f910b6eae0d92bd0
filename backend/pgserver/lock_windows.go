//go:build windows

package pgserver

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// tryLock opens path and takes an exclusive lock on its first byte without
// waiting. It returns the open file when the lock was taken, nil when another
// process holds it. Windows releases the lock when the process dies.
func tryLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
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
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
	return f.Close()
}

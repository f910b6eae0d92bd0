//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package pgserver

import "os"

// tryLock opens path; this platform has no advisory lock, so every process
// acts as the owner (the app and its command line must not run at once).
func tryLock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

// unlock closes a file opened by tryLock.
func unlock(f *os.File) error {
	if f == nil {
		return nil
	}
	return f.Close()
}

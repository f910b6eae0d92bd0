package pgserver

import "os"

// tryLock opens path and takes an exclusive lock on it without waiting
// (lockFile, per platform). It returns the open file when the lock was
// taken, nil when another process holds it. The system releases the lock
// when the process dies.
func tryLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	held, err := lockFile(f)
	if err != nil || !held {
		f.Close()
		return nil, err
	}
	return f, nil
}

// unlock releases a lock taken by tryLock and closes its file.
func unlock(f *os.File) error {
	if f == nil {
		return nil
	}
	unlockFile(f)
	return f.Close()
}

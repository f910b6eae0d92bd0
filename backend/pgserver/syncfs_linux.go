package pgserver

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS flushes the file system that holds dir to disk with one syncfs(2):
// after a new cluster is written without syncs, one call instead of an
// fsync per file (well over a thousand, each a journal commit), as
// PostgreSQL's own --sync-method=syncfs does.
func syncFS(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return true, err
	}
	defer f.Close()
	return true, unix.Syncfs(int(f.Fd()))
}

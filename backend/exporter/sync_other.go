//go:build !linux

package exporter

import (
	"io/fs"
	"os"
	"path/filepath"
)

// syncEachFile is true where no system call flushes a whole file system:
// each file is flushed as it is closed.
const syncEachFile = true

// syncTree flushes the folders under dir (their entries) to disk; the
// files were flushed as they were written. Systems that cannot flush a
// folder (Windows) flush its entries with the files.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			syncDir(p)
		}
		return nil
	})
}

// syncDir flushes a folder's entries (a rename into it) to disk, as far as
// the system allows.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

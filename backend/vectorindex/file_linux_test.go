package vectorindex_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"secondbrain/backend/vectorindex"
)

// TestFileCheckedOnce: a file read whole and found good is not read whole
// again while it stays the same file; a file written in place since, or
// replaced, is.
func TestFileCheckedOnce(t *testing.T) {
	ix, queries := sample(t, 500, vectorindex.Options{})
	path := filepath.Join(t.TempDir(), "v.idx")
	h := vectorindex.FileHeader{Model: "m", Scope: "s", Checkpoint: 3}
	if err := ix.WriteFile(path, h); err != nil {
		t.Fatal(err)
	}
	read := func() (*vectorindex.Index, bool, error) {
		t.Helper()
		before := vectorindex.Checksums()
		x := vectorindex.New(64)
		_, err := x.ReadFile(path, h)
		return x, vectorindex.Checksums() > before, err
	}
	// The file system's clock moves on from the file's change time, so
	// that the stamp the next read leaves is trusted.
	changed := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Ctim.Nano()
	}
	probe := path + ".probe"
	for {
		if err := os.WriteFile(probe, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(probe)
		if err != nil {
			t.Fatal(err)
		}
		if fi.ModTime().UnixNano() > changed() {
			break
		}
	}
	os.Remove(probe)
	if _, checked, err := read(); err != nil || !checked {
		t.Fatalf("first read: checked %v, %v; want the file checked whole", checked, err)
	}
	x, checked, err := read()
	if err != nil || checked {
		t.Fatalf("second read: checked %v, %v; want the stamp trusted", checked, err)
	}
	sameSearches(t, ix, x, queries)

	// Written in place (the same inode, the same size): checked, refused.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x10
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, checked, err := read(); !errors.Is(err, vectorindex.ErrBadFile) || !checked {
		t.Fatalf("read after a write in place: checked %v, %v; want it checked and refused", checked, err)
	}
	// Replaced: checked again.
	if err := ix.WriteFile(path, h); err != nil {
		t.Fatal(err)
	}
	if _, checked, err := read(); err != nil || !checked {
		t.Fatalf("read of a replaced file: checked %v, %v; want it checked whole", checked, err)
	}
}

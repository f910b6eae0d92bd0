// Package blobstore keeps attachment bytes in the data dir by content hash
// (SHA-256): the same file stored twice takes the space once, and a blob
// never changes once written.
package blobstore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Store is a folder of blobs named by their hash: <dir>/ab/abcdef….
type Store struct {
	dir string
}

// New returns the blob store in dir, creating it (0700).
func New(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blobstore: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Put copies r into the store and returns its hex SHA-256 and size. The
// bytes go to a temporary file first, are synced, then renamed into place,
// so a crash never leaves a partial blob under a hash name.
func (s *Store) Put(r io.Reader) (string, int64, error) {
	tmp, err := os.CreateTemp(s.dir, ".incoming-*")
	if err != nil {
		return "", 0, fmt.Errorf("blobstore: %w", err)
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, fmt.Errorf("blobstore: write: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	dst := s.Path(sum)
	if _, err := os.Stat(dst); err == nil {
		return sum, n, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", 0, fmt.Errorf("blobstore: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", 0, fmt.Errorf("blobstore: %w", err)
	}
	return sum, n, nil
}

// PutFile copies the file at path into the store.
func (s *Store) PutFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	return s.Put(f)
}

// Path returns where the blob with hash lives.
func (s *Store) Path(hash string) string {
	if len(hash) < 2 {
		return filepath.Join(s.dir, "_", hash)
	}
	return filepath.Join(s.dir, hash[:2], hash)
}

// Open opens the blob with hash for reading.
func (s *Store) Open(hash string) (*os.File, error) {
	return os.Open(s.Path(hash))
}

//go:build !unix

package vectorindex

import (
	"io"
	"os"
)

// mapFile reads size bytes of f (no mapping here) and reports false.
func mapFile(f *os.File, size int) ([]byte, bool, error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, false, err
	}
	return b, false, nil
}

func unmapFile([]byte) {}

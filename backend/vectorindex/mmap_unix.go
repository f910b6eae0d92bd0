//go:build unix

package vectorindex

import (
	"io"
	"os"
	"syscall"
)

// mapFile maps size bytes of f privately (copy-on-write: changes the index
// makes in place never reach the file) and reports true; where mapping
// fails it reads the file instead and reports false.
func mapFile(f *os.File, size int) ([]byte, bool, error) {
	b, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if err == nil {
		return b, true, nil
	}
	b = make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, false, err
	}
	return b, false, nil
}

func unmapFile(b []byte) { syscall.Munmap(b) }

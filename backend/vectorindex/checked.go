package vectorindex

import (
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
)

// Checking a file against its checksum reads every byte of it (tens of
// megabytes at 100k notes), which a command that answers one search pays
// for again each time. So a reader that checked a whole file leaves a small
// stamp beside it, <path>.checked, naming the file it checked by its
// identity (device, inode, size, modification and change times) and its
// checksum; a later reader that finds the file still so named skips the
// check. Index files are only ever replaced by a rename (a new inode),
// never written in place, and any write changes a file's change time. The
// file system keeps times to a clock tick, though, so a stamp is trusted
// only when it was written strictly after the change time it names: a
// write to the file within that tick would leave the time as it was.

// checkedSuffix names a file's stamp.
const checkedSuffix = ".checked"

var checkedMagic = [8]byte{'S', 'B', 'V', 'E', 'C', 'O', 'K', '1'}

// fileIdentity is what names one version of a file.
type fileIdentity struct {
	dev, ino           uint64
	size, mtime, ctime int64
}

const checkedLen = 8 + 5*8 + 4

// stampSays reports whether the stamp beside path names the file id with
// the checksum sum, and was written after the file last changed.
func stampSays(path string, id fileIdentity, sum uint32) bool {
	f, err := os.Open(path + checkedSuffix)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() != checkedLen || fi.ModTime().UnixNano() <= id.ctime {
		return false
	}
	var b [checkedLen]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return false
	}
	return [checkedLen]byte(appendStamp(nil, id, sum)) == b
}

// writeStamp records that the file id at path passed its checksum sum. A
// failure only means the next reader checks the file again.
func writeStamp(path string, id fileIdentity, sum uint32) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+checkedSuffix+".tmp*")
	if err != nil {
		return
	}
	_, err = f.Write(appendStamp(nil, id, sum))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path+checkedSuffix)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

func appendStamp(b []byte, id fileIdentity, sum uint32) []byte {
	b = append(b, checkedMagic[:]...)
	for _, v := range []uint64{id.dev, id.ino, uint64(id.size), uint64(id.mtime), uint64(id.ctime)} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return binary.LittleEndian.AppendUint32(b, sum)
}

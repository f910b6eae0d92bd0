package vault

import (
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// fileID is a file's identity: its inode mixed with its birth time, so a
// new file that reuses a freed inode is not taken for the old one; 0 when
// unknown.
func fileID(abs string, fi fs.FileInfo) uint64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Ino == 0 {
		return 0
	}
	id := uint64(st.Ino)
	var sx unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, abs, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BTIME, &sx); err == nil && sx.Mask&unix.STATX_BTIME != 0 {
		id ^= (uint64(sx.Btime.Sec)*1e9 + uint64(sx.Btime.Nsec)) * 0x9E3779B97F4A7C15
	}
	if id == 0 {
		id = 1
	}
	return id
}

// exchange swaps the files at a and b in one step (renameat2 with
// RENAME_EXCHANGE), so the file that was at b stays reachable at a.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

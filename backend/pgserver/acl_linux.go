package pgserver

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"syscall"
)

// POSIX access ACLs as Linux stores them in the system.posix_acl_access
// extended attribute (see acl(5) and the kernel's posix_acl_xattr.h): a
// little-endian version word, then entries of tag, permissions and id,
// sorted by tag and id.
const (
	aclXattr      = "system.posix_acl_access"
	aclVersion    = 2
	aclUserObj    = 0x01
	aclUser       = 0x02
	aclGroupObj   = 0x04
	aclGroup      = 0x08
	aclMask       = 0x10
	aclOther      = 0x20
	aclUndefined  = 0xFFFFFFFF
	aclEntrySize  = 8
	aclHeaderSize = 4
)

type aclEntry struct {
	tag  uint16
	perm uint16
	id   uint32
}

// grantSearchACL lets user uid search (pass through) dir with an ACL entry
// "user:uid:--x", leaving every other user's access as it was: the mask it
// needs only admits the new entry, since the owning group's own entry keeps
// its permissions. It returns errors.ErrUnsupported where the file system
// has no ACLs.
func grantSearchACL(dir string, mode fs.FileMode, uid uint32) error {
	entries, err := readACL(dir)
	if err != nil {
		return err
	}
	if entries == nil { // no ACL yet: the one the mode bits stand for
		perm := uint16(mode.Perm())
		entries = []aclEntry{
			{aclUserObj, perm >> 6 & 7, aclUndefined},
			{aclGroupObj, perm >> 3 & 7, aclUndefined},
			{aclOther, perm & 7, aclUndefined},
		}
	}
	found := false
	for i := range entries {
		if entries[i].tag == aclUser && entries[i].id == uid {
			entries[i].perm |= 1
			found = true
		}
	}
	if !found {
		entries = append(entries, aclEntry{aclUser, 1, uid})
	}
	// The mask is the union of the group class: named users and groups and
	// the owning group.
	var mask uint16
	hasMask := false
	for _, e := range entries {
		switch e.tag {
		case aclUser, aclGroup, aclGroupObj:
			mask |= e.perm
		case aclMask:
			hasMask = true
		}
	}
	if !hasMask {
		entries = append(entries, aclEntry{aclMask, 0, aclUndefined})
	}
	for i := range entries {
		if entries[i].tag == aclMask {
			entries[i].perm = mask
		}
	}
	slices.SortFunc(entries, func(a, b aclEntry) int {
		if a.tag != b.tag {
			return int(a.tag) - int(b.tag)
		}
		if a.id < b.id {
			return -1
		} else if a.id > b.id {
			return 1
		}
		return 0
	})
	buf := make([]byte, aclHeaderSize+aclEntrySize*len(entries))
	binary.LittleEndian.PutUint32(buf, aclVersion)
	for i, e := range entries {
		b := buf[aclHeaderSize+i*aclEntrySize:]
		binary.LittleEndian.PutUint16(b, e.tag)
		binary.LittleEndian.PutUint16(b[2:], e.perm)
		binary.LittleEndian.PutUint32(b[4:], e.id)
	}
	if err := syscall.Setxattr(dir, aclXattr, buf, 0); err != nil {
		if errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOTSUP) {
			return errors.ErrUnsupported
		}
		return fmt.Errorf("set ACL on %s: %w", dir, err)
	}
	return nil
}

// readACL returns dir's access ACL, nil when it has none beyond its mode.
func readACL(dir string) ([]aclEntry, error) {
	buf := make([]byte, 1024)
	n, err := syscall.Getxattr(dir, aclXattr, buf)
	switch {
	case errors.Is(err, syscall.ENODATA):
		return nil, nil
	case errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOTSUP):
		return nil, errors.ErrUnsupported
	case err != nil:
		return nil, fmt.Errorf("read ACL of %s: %w", dir, err)
	}
	buf = buf[:n]
	if len(buf) < aclHeaderSize || binary.LittleEndian.Uint32(buf) != aclVersion || (len(buf)-aclHeaderSize)%aclEntrySize != 0 {
		return nil, fmt.Errorf("read ACL of %s: unknown format", dir)
	}
	var entries []aclEntry
	for b := buf[aclHeaderSize:]; len(b) > 0; b = b[aclEntrySize:] {
		entries = append(entries, aclEntry{binary.LittleEndian.Uint16(b), binary.LittleEndian.Uint16(b[2:]), binary.LittleEndian.Uint32(b[4:])})
	}
	return entries, nil
}

// aclAllowsSearch reports whether dir's ACL lets user uid search it through
// a named entry (the mode bits cannot show that).
func aclAllowsSearch(dir string, uid uint32) bool {
	entries, err := readACL(dir)
	if err != nil || entries == nil {
		return false
	}
	user, mask := false, uint16(7)
	for _, e := range entries {
		switch {
		case e.tag == aclUser && e.id == uid:
			user = e.perm&1 != 0
		case e.tag == aclMask:
			mask = e.perm
		}
	}
	return user && mask&1 != 0
}

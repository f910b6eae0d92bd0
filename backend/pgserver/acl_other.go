//go:build unix && !linux

package pgserver

import (
	"errors"
	"io/fs"
)

// grantSearchACL is not implemented here; the caller falls back to o+x.
func grantSearchACL(string, fs.FileMode, uint32) error { return errors.ErrUnsupported }

// aclAllowsSearch is false where ACLs are not read.
func aclAllowsSearch(string, uint32) bool { return false }

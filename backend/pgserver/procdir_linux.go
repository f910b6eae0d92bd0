package pgserver

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
)

// processServesDir reports whether process pid runs with dir as its working
// directory (a postmaster chdirs into its data directory): yes, no, or unknown
// when /proc cannot tell (for instance when another user owns the process).
func processServesDir(pid int, dir string) tristate {
	cwd, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd")
	if err != nil {
		return unknown
	}
	if want, err := filepath.EvalSymlinks(dir); err == nil {
		dir = want
	}
	if filepath.Clean(cwd) == filepath.Clean(dir) {
		return yes
	}
	return no
}

// isZombie reports whether pid has exited but not been reaped yet (an
// orphaned postmaster is reaped by init, which may take a moment).
func isZombie(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses.
	if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] == 'Z'
	}
	return false
}

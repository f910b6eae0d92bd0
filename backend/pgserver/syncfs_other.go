//go:build !linux

package pgserver

// syncFS reports that this system has no syncfs(2); the caller syncs file
// by file instead.
func syncFS(string) (bool, error) { return false, nil }

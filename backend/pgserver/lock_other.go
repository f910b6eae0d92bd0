//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package pgserver

import "os"

// lockFile takes no lock: this platform has no advisory lock, so every
// process acts as the owner (the app and its command line must not run at
// once).
func lockFile(*os.File) (bool, error) { return true, nil }

// unlockFile has no lock to release.
func unlockFile(*os.File) {}

//go:build !linux

package pgserver

// processServesDir cannot inspect another process here; the caller asks the
// server over its socket instead.
func processServesDir(int, string) tristate { return unknown }

// isZombie cannot tell here; a zombie counts as alive.
func isZombie(int) bool { return false }

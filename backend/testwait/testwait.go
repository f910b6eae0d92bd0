// Package testwait is how the backend's tests wait for something that
// another goroutine or process makes true, without sleeping a guessed time
// and then asserting. Tests wait on a channel or a hook where the code
// offers one; where it cannot (another process, a background build),
// Eventually polls a condition until it holds. Its deadline is a generous
// safety net that a passing test never comes near, not a bound the test
// checks: timings belong in benchmarks. This is the one place in the tests
// that polls.
package testwait

import (
	"testing"
	"time"
)

// Timeout is how long Eventually waits before it fails the test.
const Timeout = time.Minute

// interval is how often Eventually looks again.
const interval = 5 * time.Millisecond

// Eventually calls cond, on the test's goroutine (so cond may call t.Fatal),
// until it returns true; it fails the test, saying it waited for what, when
// cond still returns false after Timeout.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s after %v", what, Timeout)
		}
		time.Sleep(interval)
	}
}

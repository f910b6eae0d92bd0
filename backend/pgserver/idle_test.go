//go:build linux

package pgserver

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"secondbrain/backend/testwait"
)

// TestIdleStop leaves a server running after its last client (IdleStop):
// a client that comes back within the idle time uses the same postmaster,
// and once nobody has used it for the idle time the reaper stops it.
func TestIdleStop(t *testing.T) {
	const idle = 2 * time.Second
	dataDir := newDataDir(t)
	start := func() *Server {
		t.Helper()
		srv, err := Start(context.Background(), Options{DataDir: dataDir, Logger: testLogger(t), IdleStop: idle})
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		return srv
	}
	srv := start()
	pid := postmasterPID(t, srv)
	mustStop(t, srv)
	if !processAlive(pid) {
		t.Fatalf("postmaster %d stopped with the last client; want it kept for %v", pid, idle)
	}
	reaperLock := filepath.Join(dataDir, clientsDirName, reaperLockName)
	reaperWaits := func() bool {
		t.Helper()
		f, err := tryLock(reaperLock)
		if err != nil {
			t.Fatal(err)
		}
		unlock(f)
		return f == nil
	}
	testwait.Eventually(t, "a reaper to take its lock", reaperWaits)
	// Back within the idle time: the same server, and its reaper gives up.
	srv = start()
	if got := postmasterPID(t, srv); got != pid {
		t.Fatalf("postmaster pid %d; want the running %d", got, pid)
	}
	if !srv.Owned() {
		t.Errorf("Owned() = false with no other client; want true")
	}
	// The first reaper wakes at its deadline, finds the client and leaves.
	testwait.Eventually(t, "the first reaper to leave after a client came back", func() bool { return !reaperWaits() })
	if !processAlive(pid) {
		t.Fatalf("postmaster %d stopped while a client used it", pid)
	}
	mustStop(t, srv)
	// The second reaper stops it once idle.
	reaperLog := filepath.Join(dataDir, clientsDirName, reaperLogName)
	var stopped time.Time
	testwait.Eventually(t, "the reaper to stop the idle postmaster and say so", func() bool {
		var ok bool
		stopped, ok = stopTime(t, reaperLog)
		return ok && !processAlive(pid)
	})
	// Not before the idle time: the reaper's record of the stop is at least
	// the idle time after the last client's record of leaving.
	fi, err := os.Stat(filepath.Join(dataDir, clientsDirName, lastUsedName))
	if err != nil {
		t.Fatal(err)
	}
	if d := stopped.Sub(fi.ModTime()); d < idle {
		log, _ := os.ReadFile(reaperLog)
		t.Errorf("stopped %v after the last client left; want at least the idle time %v; reaper log:\n%s", d, idle, log)
	}
	if _, ok := readPidFile(srv.DataDir()); ok {
		t.Errorf("postmaster.pid left behind after the idle stop")
	}
	srv = start() // and it starts again as usual
	mustStop(t, srv)
}

// TestIdleStopFollowsLastClient: a client that leaves with a shorter idle
// time than the one before it is obeyed, though a reaper already waits out
// the longer one.
func TestIdleStopFollowsLastClient(t *testing.T) {
	dataDir := newDataDir(t)
	start := func(idle time.Duration) *Server {
		t.Helper()
		srv, err := Start(context.Background(), Options{DataDir: dataDir, Logger: testLogger(t), IdleStop: idle})
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		return srv
	}
	srv := start(time.Hour)
	pid := postmasterPID(t, srv)
	mustStop(t, srv) // a reaper now waits for an hour
	srv = start(time.Second)
	mustStop(t, srv)
	testwait.Eventually(t, "the reaper to obey the 1s idle stop", func() bool { return !processAlive(pid) })
}

// stopTime returns when the reaper's log says it stopped the server, and
// whether it says so yet.
func stopTime(t *testing.T, path string) (time.Time, bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.Contains(line, "database server stopped after idle") {
			continue
		}
		for _, f := range strings.Fields(line) {
			if v, ok := strings.CutPrefix(f, "time="); ok {
				at, err := time.Parse(time.RFC3339Nano, v)
				if err != nil {
					t.Fatal(err)
				}
				return at, true
			}
		}
	}
	return time.Time{}, false
}

// TestLeaveWithReaperWaiting: a client leaving while a reaper already
// waits starts no other (it would only find the lock held and exit), and
// the waiting reaper still stops the server after the idle time that
// client asked for.
func TestLeaveWithReaperWaiting(t *testing.T) {
	dataDir := newDataDir(t)
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), nil))
	start := func(idle time.Duration) *Server {
		t.Helper()
		srv, err := Start(context.Background(), Options{DataDir: dataDir, Logger: logger, IdleStop: idle})
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		return srv
	}
	srv := start(time.Hour)
	pid := postmasterPID(t, srv)
	mustStop(t, srv)
	testwait.Eventually(t, "the reaper to wait", func() bool {
		l, err := tryLock(filepath.Join(srv.clientsDir(), reaperLockName))
		unlock(l)
		return err == nil && l == nil
	})
	srv = start(time.Second)
	mustStop(t, srv)
	mu.Lock()
	got := logs.String()
	mu.Unlock()
	if !strings.Contains(got, "reaper=waiting") {
		t.Errorf("the second client's stop did not leave the server to the waiting reaper; log:\n%s", got)
	}
	testwait.Eventually(t, "the waiting reaper to obey the 1s idle stop", func() bool { return !processAlive(pid) })
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

//go:build linux

package pgserver

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
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
	for began := time.Now(); !reaperWaits(); time.Sleep(10 * time.Millisecond) {
		if time.Since(began) > 30*time.Second {
			t.Fatal("no reaper took its lock within 30s")
		}
	}
	// Back within the idle time: the same server, and its reaper gives up.
	srv = start()
	if got := postmasterPID(t, srv); got != pid {
		t.Fatalf("postmaster pid %d; want the running %d", got, pid)
	}
	if !srv.Owned() {
		t.Errorf("Owned() = false with no other client; want true")
	}
	// The first reaper wakes at its deadline, finds the client and leaves.
	for began := time.Now(); reaperWaits(); time.Sleep(50 * time.Millisecond) {
		if time.Since(began) > 30*time.Second {
			t.Fatalf("the first reaper still waits %v after a client came back", time.Since(began))
		}
	}
	if !processAlive(pid) {
		t.Fatalf("postmaster %d stopped while a client used it", pid)
	}
	left := time.Now()
	mustStop(t, srv)
	// The second reaper stops it once idle.
	for processAlive(pid) {
		if time.Since(left) > 30*time.Second {
			log, _ := os.ReadFile(filepath.Join(dataDir, clientsDirName, reaperLogName))
			t.Fatalf("postmaster %d still runs %v after the last client left (idle %v); reaper log:\n%s", pid, time.Since(left), idle, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if d := time.Since(left); d < idle {
		t.Errorf("stopped %v after the last client left; want at least the idle time %v", d, idle)
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
	left := time.Now()
	mustStop(t, srv)
	for processAlive(pid) {
		if time.Since(left) > 30*time.Second {
			log, _ := os.ReadFile(filepath.Join(dataDir, clientsDirName, reaperLogName))
			t.Fatalf("postmaster %d still runs %v after a client asked for a 1s idle stop; reaper log:\n%s", pid, time.Since(left), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

//go:build unix

package pgserver

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashSafety kills a writing app, its postmaster, or both, at random
// moments, and checks after each crash that Start works again and every row
// the server acknowledged is there.
func TestCrashSafety(t *testing.T) {
	iterations := 30
	if testing.Short() {
		iterations = 21
	}
	const (
		killApp           = "app"
		killAppPostmaster = "app and postmaster"
		killPostmaster    = "postmaster only"
	)
	modes := []string{killApp, killAppPostmaster, killPostmaster}
	dataDir := newDataDir(t)
	var acked []int64
	for i := range iterations {
		mode := modes[i%len(modes)]
		acked = append(acked, crashOnce(t, i, mode, dataDir)...)

		srv, err := Start(context.Background(), Options{DataDir: dataDir, Logger: testLogger(t)})
		if err != nil {
			t.Fatalf("iteration %d (killed %s): Start after the crash: %v", i, mode, err)
		}
		if mode == killApp && !srv.Owned() {
			t.Errorf("iteration %d (killed %s): Owned() = false; want true (the running postmaster is adopted)", i, mode)
		}
		conn := connect(t, srv.DSN())
		var present int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM acked WHERE id = ANY($1)", acked).Scan(&present); err != nil {
			t.Fatalf("iteration %d: %v", i, err)
		}
		if present != len(acked) {
			t.Fatalf("iteration %d (killed %s): got %d of %d acknowledged rows; want all", i, mode, present, len(acked))
		}
		conn.Close(context.Background())
		mustStop(t, srv)
	}
	if len(acked) < iterations {
		t.Errorf("only %d rows acknowledged in %d iterations; the writer barely ran", len(acked), iterations)
	}
	t.Logf("%d iterations, %d acknowledged rows all present", iterations, len(acked))
}

// crashOnce runs a writer process on dataDir, kills what mode says at a
// random moment and returns the ids the writer printed as acknowledged.
func crashOnce(t *testing.T, i int, mode, dataDir string) []int64 {
	t.Helper()
	cmd := helperCmd(t, "writer", dataDir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fail := func(format string, args ...any) {
		t.Helper()
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("iteration %d (%s): %s\nwriter stderr:\n%s", i, mode, fmt.Sprintf(format, args...), stderr.String())
	}

	var ids []int64
	out := lines(stdout)
	read := func(line string) {
		if v, ok := strings.CutPrefix(line, "id="); ok {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				fail("bad line %q", line)
			}
			ids = append(ids, id)
		}
	}
	// Wait for the first acknowledged row, then let the writer run a while.
	for timeout := time.After(time.Minute); len(ids) == 0; {
		select {
		case line, ok := <-out:
			if !ok {
				fail("writer exited before writing")
			}
			read(line)
		case <-timeout:
			fail("writer wrote nothing within a minute")
		}
	}
	// A deliberate random delay, not a wait for a condition: the kill
	// below must land at an arbitrary point of the writer's work.
	time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)

	killPM := func() {
		pid, ok := readPidFile(dataDir + "/pg")
		if !ok || pid <= 0 {
			fail("no postmaster.pid")
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			fail("kill postmaster %d: %v", pid, err)
		}
	}
	switch mode {
	case "app":
		cmd.Process.Kill()
	case "app and postmaster":
		cmd.Process.Kill()
		killPM()
	case "postmaster only":
		// The writer fails on its next insert and exits by itself.
		killPM()
		timer := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
		defer timer.Stop()
	}
	for line := range out {
		read(line)
	}
	err = cmd.Wait()
	if mode == "postmaster only" && (err == nil || !strings.Contains(stderr.String(), "insert:")) {
		fail("writer exited with %v; want a failed insert", err)
	}
	return ids
}

// TestLingeringBackend kills the postmaster while one of its backends is
// frozen and still attached to the shared memory: Start retries until the
// backend has gone.
func TestLingeringBackend(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	t.Cleanup(func() { srv.lease.release() }) // this Server's postmaster dies below
	conn := connect(t, srv.DSN())
	var backendPID int
	if err := conn.QueryRow(context.Background(), "SELECT pg_backend_pid()").Scan(&backendPID); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(backendPID, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(backendPID, syscall.SIGKILL) })
	if err := syscall.Kill(postmasterPID(t, srv), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Start meets the frozen backend and retries; only then is the backend
	// thawed (it notices its postmaster died and exits), and Start succeeds.
	retried := make(chan struct{}, 1)
	lg := slog.New(&signalHandler{Handler: testLogger(t).Handler(), msg: "database server start failed; retrying", ch: retried})
	type started struct {
		srv *Server
		err error
	}
	done := make(chan started, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		srv, err := Start(ctx, Options{DataDir: dataDir, Logger: lg})
		done <- started{srv, err}
	}()
	select {
	case <-retried:
	case r := <-done:
		if r.err == nil {
			mustStop(t, r.srv)
		}
		t.Fatalf("Start returned (err %v) while the old backend was frozen; want it to wait for the backend", r.err)
	}
	if err := syscall.Kill(backendPID, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil {
		t.Fatalf("Start: %v", r.err)
	}
	srv2 := r.srv
	defer mustStop(t, srv2)
	var one int
	if err := connect(t, srv2.DSN()).QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
		t.Errorf("query after restart: %v", err)
	}
}

// signalHandler passes records on to Handler and signals ch (without
// blocking) when one has the message msg.
type signalHandler struct {
	slog.Handler
	msg string
	ch  chan struct{}
}

func (h *signalHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		select {
		case h.ch <- struct{}{}:
		default:
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h *signalHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &signalHandler{Handler: h.Handler.WithAttrs(as), msg: h.msg, ch: h.ch}
}

func (h *signalHandler) WithGroup(name string) slog.Handler {
	return &signalHandler{Handler: h.Handler.WithGroup(name), msg: h.msg, ch: h.ch}
}

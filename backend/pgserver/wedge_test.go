//go:build linux

package pgserver

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"secondbrain/backend/testwait"
)

// TestKilledChildNeverWedges kills a postgres child process (or the
// postmaster) while a command writes, so that the command stops the server
// while it is still recovering, 30 times at random. After each round the next
// command must find the cluster usable within 10 seconds and every row the
// server acknowledged must be there.
func TestKilledChildNeverWedges(t *testing.T) {
	rounds := 30
	if testing.Short() {
		rounds = 10
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("SECONDBRAIN_TEST_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (set SECONDBRAIN_TEST_SEED to repeat)", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	dataDir := newDataDir(t)
	var acked []int64
	killed := map[string]int{}
	for i := range rounds {
		victim, ids := killDuringCommand(t, rng, i, dataDir)
		acked = append(acked, ids...)
		killed[victim]++

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		began := time.Now()
		srv, err := Start(ctx, Options{DataDir: dataDir, Logger: testLogger(t)})
		cancel()
		if err != nil {
			t.Fatalf("round %d (killed %s): Start after the kill: %v", i, victim, err)
		}
		conn := connect(t, srv.DSN())
		var present int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM acked WHERE id = ANY($1)", acked).Scan(&present); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		conn.Close(context.Background())
		if present != len(acked) {
			t.Fatalf("round %d (killed %s): got %d of %d acknowledged rows; want all", i, victim, present, len(acked))
		}
		t.Logf("round %d: killed %s; usable again after %v", i, victim, time.Since(began).Round(time.Millisecond))
		mustStop(t, srv)
	}
	t.Logf("%d rounds, %d acknowledged rows all present; killed %v", rounds, len(acked), killed)
}

// killDuringCommand runs a "command" helper (start, write, stop) on dataDir,
// kills one of the cluster's processes while it writes and waits for the
// helper to finish. It returns what it killed and the acknowledged ids.
func killDuringCommand(t *testing.T, rng *rand.Rand, round int, dataDir string) (string, []int64) {
	t.Helper()
	cmd := helperCmd(t, "command", dataDir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()
	fail := func(format string, args ...any) {
		t.Helper()
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("round %d: %s\ncommand stderr:\n%s", round, fmt.Sprintf(format, args...), stderr.String())
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
	// Kill while it writes, or once it has begun to stop the server.
	atStop := rng.IntN(2) == 0
	for stopping := false; len(ids) == 0 || (atStop && !stopping); {
		line, ok := <-out
		if !ok {
			fail("command exited before writing")
		}
		read(line)
		stopping = line == "stopping"
	}
	pm, ok := readPidFile(dataDir + "/pg")
	if !ok || pm <= 0 {
		fail("no postmaster.pid")
	}
	victim := "postmaster"
	pid := pm
	if rng.IntN(5) > 0 {
		// A child, unless the ones listed have all exited meanwhile.
		children := childPIDs(pm)
		for len(children) > 0 {
			k := rng.IntN(len(children))
			pid, victim = children[k], processName(children[k])
			if err := syscall.Kill(pid, syscall.SIGKILL); err == nil {
				break
			}
			children = append(children[:k], children[k+1:]...)
			pid = pm
		}
	}
	if pid == pm {
		victim = "postmaster"
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			fail("kill postmaster %d: %v", pid, err)
		}
	}
	if atStop {
		victim += " while stopping"
	}
	go func() {
		for line := range out {
			read(line)
		}
		close(done)
	}()
	<-done
	cmd.Wait() // the command fails or finishes; either way it has stopped the server
	return victim, ids
}

// childPIDs lists the processes whose parent is pid.
func childPIDs(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var kids []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, _ := parentPID(p); ppid == pid {
			kids = append(kids, p)
		}
	}
	return kids
}

// parentPID reads the parent pid of pid from /proc.
func parentPID(pid int) (int, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("bad stat %q", s)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, fmt.Errorf("bad stat %q", s)
	}
	return strconv.Atoi(f[1])
}

// processName returns a postgres process's title, such as "postgres: checkpointer".
func processName(pid int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	name := strings.TrimSpace(strings.ReplaceAll(string(b), "\x00", " "))
	if name == "" {
		return "pid " + strconv.Itoa(pid)
	}
	return name
}

// TestStopEscalates stops a postmaster that cannot act on shutdown requests
// (it is frozen with SIGSTOP): Stop escalates to killing it and returns
// within seconds, and the next Start works.
func TestStopEscalates(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	pid := postmasterPID(t, srv)
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) })
	began := time.Now()
	if err := srv.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if processAlive(pid) {
		t.Fatalf("postmaster %d still alive after Stop", pid)
	}
	t.Logf("frozen postmaster stopped in %v", time.Since(began).Round(time.Millisecond))
	srv = mustStart(t, dataDir)
	var one int
	if err := connect(t, srv.DSN()).QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
		t.Fatalf("query after restart: %v", err)
	}
	mustStop(t, srv)
}

// TestStartClearsStoppingServer finds a postmaster stuck shutting down (a
// smart shutdown waits for a client that never leaves): Start stops it and
// starts the server afresh instead of waiting a minute and failing.
func TestStartClearsStoppingServer(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	pid := postmasterPID(t, srv)
	conn := connect(t, srv.DSN()) // the client that keeps the smart shutdown waiting
	if out, err := srv.command(context.Background(), "pg_ctl", "stop", "-D", srv.DataDir(), "-m", "smart", "--no-wait").CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl stop -m smart: %v: %s", err, out)
	}
	ctx := context.Background()
	testwait.Eventually(t, "the postmaster to be shutting down", func() bool {
		if !processAlive(pid) {
			t.Fatal("the postmaster exited; want it stuck shutting down")
		}
		return srv.ping(ctx) == pingStopping
	})
	srv.lease.release() // as if its process had died

	began := time.Now()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	srv2, err := Start(ctx, Options{DataDir: dataDir, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Start with a server stuck shutting down: %v", err)
	}
	defer mustStop(t, srv2)
	t.Logf("usable again after %v", time.Since(began).Round(time.Millisecond))
	if processAlive(pid) {
		t.Errorf("the stuck postmaster %d still runs", pid)
	}
	if conn.Ping(context.Background()) == nil {
		t.Errorf("the old client's connection still works; want it closed with the old server")
	}
	var one int
	if err := connect(t, srv2.DSN()).QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
		t.Fatalf("query after restart: %v", err)
	}
}

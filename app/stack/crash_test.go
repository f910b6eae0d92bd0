package stack_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/pgserver/pgtest"
)

const childEnv = "SECONDBRAIN_CRASH_CHILD_DATA_DIR"

// TestMain turns the test binary into the writer process when childEnv is set.
func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(writer(dir))
	}
	pgtest.Main(m)
}

func body(id string, version int) string {
	return fmt.Sprintf("note %s version %d\n%s", id, version, strings.Repeat("lorem ipsum ", 40))
}

// writer opens the stack like the app does and writes until killed, printing
// "ack ID VERSION" only after each write is committed.
func writer(dir string) int {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = dir
	s, err := stack.Open(ctx, cfg, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 3
	}
	out := bufio.NewWriter(os.Stdout)
	var ids []string
	versions := map[string]int{}
	for i := 0; ; i++ {
		var id string
		if i%4 == 0 || len(ids) == 0 {
			n, err := s.Notes.Create(ctx, fmt.Sprintf("n-%d-%d", os.Getpid(), i), "", "")
			if err != nil {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			id = n.ID.String()
			ids, versions[id] = append(ids, id), 1
		} else {
			id = ids[i%len(ids)]
		}
		n, err := s.Notes.Save(ctx, id, versions[id], body(id, versions[id]+1))
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		versions[id] = n.Version
		fmt.Fprintf(out, "ack %s %d\n", id, n.Version)
		out.Flush()
	}
}

func postmasterPID(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "pg", "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	return pid
}

// TestCrashSafety kills the writing app process, the postmaster, or both,
// with SIGKILL at random moments, 21 times. After each restart every
// acknowledged write is present and no note is half-written.
func TestCrashSafety(t *testing.T) {
	iterations := 21
	if testing.Short() {
		iterations = 6
	}
	dir := filepath.Join(t.TempDir(), "data")
	acked := map[string]int{} // note id → highest acknowledged version
	for it := 0; it < iterations; it++ {
		mode := []string{"app", "postmaster", "both"}[it%3]
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+dir)
		stdout, _ := cmd.StdoutPipe()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		got := map[string]int{}
		firstAck := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(stdout)
			first := true
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) != 3 || f[0] != "ack" {
					continue
				}
				v, _ := strconv.Atoi(f[2])
				mu.Lock()
				got[f[1]] = max(got[f[1]], v)
				mu.Unlock()
				if first {
					close(firstAck)
					first = false
				}
			}
		}()
		select {
		case <-firstAck:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("iteration %d: the writer acknowledged nothing in 60s; stderr: %s", it, stderr.String())
		}
		time.Sleep(time.Duration(50+rand.IntN(400)) * time.Millisecond)
		pm := postmasterPID(t, dir)
		switch mode {
		case "app":
			cmd.Process.Signal(syscall.SIGKILL)
		case "postmaster":
			syscall.Kill(pm, syscall.SIGKILL)
			time.Sleep(time.Duration(rand.IntN(200)) * time.Millisecond)
			cmd.Process.Signal(syscall.SIGKILL)
		case "both":
			syscall.Kill(pm, syscall.SIGKILL)
			cmd.Process.Signal(syscall.SIGKILL)
		}
		cmd.Wait()
		<-done
		mu.Lock()
		for id, v := range got {
			acked[id] = max(acked[id], v)
		}
		n := len(got)
		mu.Unlock()
		verify(t, it, mode, dir, acked)
		t.Logf("iteration %d (%s killed): %d notes written in this run, every acknowledged write present", it, mode, n)
	}
}

// verify restarts the stack and checks every acknowledged write and that each
// note's row and its event log agree.
func verify(t *testing.T, it int, mode, dir string, acked map[string]int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg := config.Default()
	cfg.DataDir = dir
	s, err := stack.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatalf("iteration %d (%s killed): restart failed: %v", it, mode, err)
	}
	defer s.Close(context.Background())
	for id, v := range acked {
		n, err := s.Notes.Get(ctx, id)
		if err != nil {
			t.Fatalf("iteration %d (%s killed): acknowledged note %s lost: %v", it, mode, id, err)
		}
		if n.Version < v {
			t.Fatalf("iteration %d (%s killed): note %s at version %d; version %d was acknowledged", it, mode, id, n.Version, v)
		}
		old, err := s.Notes.Version(ctx, id, v)
		if err != nil || old.Body != body(id, v) {
			t.Fatalf("iteration %d (%s killed): note %s version %d text lost or wrong: %v", it, mode, id, v, err)
		}
	}
	page, err := s.Notes.List(ctx, backend.ListOptions{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range page.Notes {
		hist, err := s.Notes.History(ctx, n.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != n.Version || hist[0].Version != n.Version {
			t.Fatalf("iteration %d (%s killed): note %s at version %d has %d events (newest %d): half-written", it, mode, n.ID, n.Version, len(hist), hist[0].Version)
		}
	}
}

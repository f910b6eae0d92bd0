//go:build linux

package cli_test

import (
	"encoding/json"
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
)

// cliHelperEnv makes the test binary run the CLI with its arguments instead
// of the tests (see TestMain), so tests can run commands as separate
// processes, as scripts do.
const cliHelperEnv = "SECONDBRAIN_CLI_TEST_PROCESS"

// cliProcess returns a command running the CLI in its own process.
func cliProcess(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), cliHelperEnv+"=1")
	return cmd
}

// TestSharedClusterUnderKills runs 2, then 4, loops of `note new` processes
// and an import on one data dir at once, all sharing the embedded cluster
// (whoever started it, it stays up while any of them uses it), and kills one
// running command with SIGKILL at a random moment. Every write that returned
// success must be stored, and every other command must succeed.
func TestSharedClusterUnderKills(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("SECONDBRAIN_TEST_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (set SECONDBRAIN_TEST_SEED to repeat)", seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	for _, loops := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d loops", loops), func(t *testing.T) {
			sharedClusterRound(t, rng, loops)
		})
	}
}

func sharedClusterRound(t *testing.T, rng *rand.Rand, loops int) {
	const writes = 8
	dir := filepath.Join(t.TempDir(), "data")
	vault := t.TempDir()
	const vaultNotes = 600
	for i := range vaultNotes {
		body := fmt.Sprintf("# Imported %d\n\nLinks to [[imported %d]] and #shared.\n%s\n", i, (i+1)%vaultNotes, strings.Repeat("words ", 50))
		if err := os.WriteFile(filepath.Join(vault, fmt.Sprintf("imported %d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Idle stop 0: the cluster stops whenever the last process leaves, so
	// the processes keep starting and stopping it under each other.
	env := []string{"SECONDBRAIN_PG_IDLE=0"}

	type result struct {
		title  string
		ok     bool
		killed bool
		out    string
	}
	var (
		mu      sync.Mutex
		results []result
		running = map[*exec.Cmd]string{} // the commands running now, for the killer
	)
	run := func(title string, args ...string) result {
		cmd := cliProcess(t, append(args, "--data-dir", dir, "--json")...)
		cmd.Env = append(cmd.Env, env...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		mu.Lock()
		err := cmd.Start()
		if err == nil {
			running[cmd] = title
		}
		mu.Unlock()
		if err == nil {
			err = cmd.Wait()
		}
		mu.Lock()
		delete(running, cmd)
		mu.Unlock()
		r := result{title: title, ok: err == nil, out: out.String() + errOut.String()}
		if ee, ok := err.(*exec.ExitError); ok && !ee.Exited() {
			r.killed = true
		}
		return r
	}

	var wg sync.WaitGroup
	for l := range loops {
		wg.Go(func() {
			for w := range writes {
				title := fmt.Sprintf("loop %d write %d", l, w)
				r := run(title, "note", "new", "--title", title)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}
		})
	}
	var imp result
	wg.Go(func() { imp = run("import", "import", vault) })

	// The killer: once a few commands have run, SIGKILL one running note
	// command at a random moment.
	killed := make(chan string, 1)
	go func() {
		defer close(killed)
		time.Sleep(time.Duration(500+rng.IntN(2000)) * time.Millisecond)
		for range 200 {
			mu.Lock()
			var cands []*exec.Cmd
			for c, title := range running {
				if title != "import" {
					cands = append(cands, c)
				}
			}
			if len(cands) > 0 {
				c := cands[rng.IntN(len(cands))]
				c.Process.Kill()
				title := running[c]
				mu.Unlock()
				killed <- title
				return
			}
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	wg.Wait()
	victim := <-killed
	if victim == "" {
		t.Fatalf("no command was running to kill")
	}

	// Every command but the killed one succeeded.
	var stored []string
	for _, r := range results {
		switch {
		case r.killed:
			if r.title != victim {
				t.Errorf("%s was killed; only %s should have been", r.title, victim)
			}
		case !r.ok:
			t.Errorf("%s failed while sharing the cluster:\n%s", r.title, r.out)
		default:
			stored = append(stored, r.title)
		}
	}
	if !imp.ok {
		t.Fatalf("the import failed while sharing the cluster:\n%s", imp.out)
	}
	var rep struct {
		Notes int `json:"notes"`
	}
	if err := json.Unmarshal([]byte(imp.out[:strings.LastIndex(imp.out, "}")+1]), &rep); err != nil || rep.Notes != vaultNotes {
		t.Errorf("import reported %d notes (%v); want %d", rep.Notes, err, vaultNotes)
	}

	// Everything acknowledged is there.
	have := checkStored(t, dir, stored)
	imported := 0
	for title := range have {
		if strings.HasPrefix(title, "imported ") {
			imported++
		}
	}
	if imported != vaultNotes {
		t.Errorf("%d imported notes stored; want %d", imported, vaultNotes)
	}
	t.Logf("%d loops: %d writes acknowledged and stored, %q killed, %d imported notes", loops, len(stored), victim, imported)
}

// TestKilledServerProcessNeverWedges kills a process of the embedded
// cluster (a child at random, sometimes the postmaster) while a `note new`
// command runs, 30 times; the command then stops the server while it may
// still be recovering. After each round `doctor --json` must report
// PostgreSQL ok within 10 seconds, and at the end every acknowledged note
// is stored.
func TestKilledServerProcessNeverWedges(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("SECONDBRAIN_TEST_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (set SECONDBRAIN_TEST_SEED to repeat)", seed)
	rng := rand.New(rand.NewPCG(seed, 3))
	dir := filepath.Join(t.TempDir(), "data")
	var acked []string
	var slowest time.Duration
	for round := range 30 {
		title := fmt.Sprintf("round %d", round)
		cmd := cliProcess(t, "note", "new", "--title", title, "--data-dir", dir, "--json")
		cmd.Env = append(cmd.Env, "SECONDBRAIN_PG_IDLE=0")
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		victim := ""
		select {
		case err := <-done: // finished before the kill
			if err == nil {
				acked = append(acked, title)
			}
			victim = "nothing (the command had finished)"
		case <-time.After(time.Duration(100+rng.IntN(400)) * time.Millisecond):
			victim = killClusterProcess(t, rng, filepath.Join(dir, "pg"))
			if err := <-done; err == nil {
				acked = append(acked, title)
			}
		}

		began := time.Now()
		doctor := cliProcess(t, "doctor", "--data-dir", dir, "--json")
		doctor.Env = append(doctor.Env, "SECONDBRAIN_PG_IDLE=0")
		var dout strings.Builder
		doctor.Stdout = &dout
		doctor.Stderr = &dout
		timer := time.AfterFunc(10*time.Second, func() { doctor.Process.Kill() })
		derr := doctor.Run()
		timer.Stop()
		took := time.Since(began)
		slowest = max(slowest, took)
		var rep struct {
			Postgres struct {
				OK bool `json:"ok"`
			} `json:"postgres"`
		}
		json.Unmarshal([]byte(dout.String()[:strings.LastIndex(dout.String(), "}")+1]), &rep)
		if derr != nil || !rep.Postgres.OK || took > 10*time.Second {
			t.Fatalf("round %d (killed %s): doctor after %v: %v, postgres ok %v\n%s\ncommand output:\n%s",
				round, victim, took, derr, rep.Postgres.OK, dout.String(), out.String())
		}
	}
	checkStored(t, dir, acked)
	t.Logf("30 rounds: %d notes acknowledged, all stored; slowest doctor %v", len(acked), slowest.Round(time.Millisecond))
}

// checkStored fails the test for every acknowledged title that the data
// dir does not hold, and returns the titles it holds.
func checkStored(t *testing.T, dir string, acked []string) map[string]bool {
	t.Helper()
	var list struct {
		Notes []struct {
			Title string `json:"title"`
		} `json:"notes"`
	}
	if code := runJSON(t, &list, "note", "list", "--limit", "5000", "--data-dir", dir); code != 0 {
		t.Fatalf("note list exit %d", code)
	}
	have := map[string]bool{}
	for _, n := range list.Notes {
		have[n.Title] = true
	}
	for _, title := range acked {
		if !have[title] {
			t.Errorf("%q was acknowledged but is not stored", title)
		}
	}
	return have
}

// killClusterProcess sends SIGKILL to a process of the cluster in dir: a
// child of the postmaster at random, or one time in five the postmaster.
func killClusterProcess(t *testing.T, rng *rand.Rand, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return "nothing (no postmaster)"
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pm, _ := strconv.Atoi(strings.TrimSpace(line))
	if pm <= 0 {
		return "nothing (no postmaster)"
	}
	if rng.IntN(5) > 0 {
		kids := childProcesses(pm)
		rng.Shuffle(len(kids), func(i, j int) { kids[i], kids[j] = kids[j], kids[i] })
		for _, k := range kids {
			name, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", k))
			if syscall.Kill(k, syscall.SIGKILL) == nil {
				return strings.TrimSpace(strings.ReplaceAll(string(name), "\x00", " "))
			}
		}
	}
	if syscall.Kill(pm, syscall.SIGKILL) == nil {
		return "the postmaster"
	}
	return "nothing (the postmaster had exited)"
}

// childProcesses lists the processes whose parent is pid, from /proc.
func childProcesses(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var kids []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if f := strings.Fields(s[i+1:]); i >= 0 && len(f) > 1 && f[1] == strconv.Itoa(pid) {
			kids = append(kids, p)
		}
	}
	return kids
}

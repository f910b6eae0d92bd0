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
	var list struct {
		Notes []struct {
			Title string `json:"title"`
		} `json:"notes"`
		Total int `json:"total"`
	}
	if code := runJSON(t, &list, "note", "list", "--limit", "5000", "--data-dir", dir); code != 0 {
		t.Fatalf("note list exit %d", code)
	}
	have := map[string]bool{}
	for _, n := range list.Notes {
		have[n.Title] = true
	}
	for _, title := range stored {
		if !have[title] {
			t.Errorf("%q was acknowledged but is not stored", title)
		}
	}
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

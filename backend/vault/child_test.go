package vault_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/testwait"
)

const childEnv = "SECONDBRAIN_VAULT_CHILD"

// childMain is the mirror in a process of its own: one pass over the vault
// in SECONDBRAIN_VAULT_DSN, for the kill -9 test.
func childMain() int {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, os.Getenv("SECONDBRAIN_VAULT_DSN"), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	m := newMirror(st, service.NewNotes(st, nil), os.Getenv("SECONDBRAIN_VAULT_DATA"))
	if _, err := m.SyncOnce(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func startChild(t *testing.T, e *env) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", "SECONDBRAIN_VAULT_DSN="+e.dsn, "SECONDBRAIN_VAULT_DATA="+e.data)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// TestKill9MidPass kills the mirror's process with SIGKILL in the middle of
// a pass over an outside bulk change (a checkout of another branch: edits,
// creates, moves, deletes) and app saves; after a restart the folder and
// the database agree, with nothing duplicated or lost.
func TestKill9MidPass(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const files = 150
	for i := range files {
		e.write(fmt.Sprintf("f%d/n%d.md", i%5, i), fmt.Sprintf("id %d\nfolder line\n----\napp line\n", i))
	}
	e.attach()
	var mark int64
	e.st.DB().QueryRowContext(ctx, `SELECT max(seq) FROM events`).Scan(&mark)
	want := map[string]string{} // path → the file's text after the bulk change
	for i := range files {
		want[fmt.Sprintf("f%d/n%d.md", i%5, i)] = fmt.Sprintf("id %d\nfolder line\n----\napp line\n", i)
	}
	appEdited := map[string]bool{}
	for i := 0; i < files; i++ {
		p := fmt.Sprintf("f%d/n%d.md", i%5, i)
		switch {
		case i%10 < 6: // edit
			text := fmt.Sprintf("id %d\nfolder line edited on the branch\n----\napp line\n", i)
			e.write(p, text)
			want[p] = text
		case i%10 == 6: // move
			to := fmt.Sprintf("moved/n%d.md", i)
			os.MkdirAll(filepath.Join(e.dir, "moved"), 0o755)
			os.Rename(filepath.Join(e.dir, p), filepath.Join(e.dir, to))
			want[to] = want[p]
			delete(want, p)
		case i == 7 || i == 17 || i == 27: // delete
			os.Remove(filepath.Join(e.dir, p))
			delete(want, p)
		}
		if i%10 == 3 || i%10 == 8 { // the app edits its line too
			n := e.find(fmt.Sprintf("f%d/n%d.md", i%5, i))
			if _, err := e.notes.Save(ctx, n.ID.String(), n.Version, strings.Replace(n.Body, "app line", "app line edited", 1)); err != nil {
				t.Fatal(err)
			}
			appEdited[fmt.Sprint(i)] = true
		}
	}
	for i := range 60 {
		p := fmt.Sprintf("new/c%d.md", i)
		e.write(p, fmt.Sprintf("id c%d\nnew file\n", i))
		want[p] = fmt.Sprintf("id c%d\nnew file\n", i)
	}
	for round, at := range []int{15, 60} {
		cmd := startChild(t, e)
		testwait.Eventually(t, fmt.Sprintf("the mirror to write %d notes from the folder", at), func() bool {
			var n int
			e.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM events WHERE seq > $1 AND origin = 'folder'`, mark).Scan(&n)
			return n >= at
		})
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		t.Logf("round %d: killed after %d folder writes (%v)", round, at, err)
	}
	// restart: a process of its own, then this one
	cmd := startChild(t, e)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the restarted mirror: %v", err)
	}
	st := e.sync()
	if st.PendingDeletions != 0 || st.Conflicts != 0 || len(st.Issues) != 0 {
		t.Fatalf("status %+v", st)
	}
	e.checkSame()
	live := e.live()
	if len(live) != len(want) {
		t.Fatalf("%d live notes; want %d (one per file)", len(live), len(want))
	}
	for p, text := range want {
		n := e.find(p)
		id := strings.TrimPrefix(strings.SplitN(text, "\n", 2)[0], "id ")
		if appEdited[id] {
			text = strings.Replace(text, "app line", "app line edited", 1)
		}
		if n.Body != text {
			t.Errorf("%s: note %q; want %q", p, n.Body, text)
		}
	}
	// the moved notes kept their ids and history
	for i := 6; i < files; i += 10 {
		n := e.find(fmt.Sprintf("moved/n%d.md", i))
		h, _ := e.notes.History(ctx, n.ID.String())
		if h[len(h)-1].Path != fmt.Sprintf("f%d/n%d.md", i%5, i) {
			t.Errorf("moved/n%d.md has a new history: %+v", i, h[len(h)-1])
		}
	}
	var trashed int
	e.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM notes WHERE trashed_at IS NOT NULL`).Scan(&trashed)
	if trashed != 3 {
		t.Fatalf("%d notes trashed; want the 3 deleted files'", trashed)
	}
}

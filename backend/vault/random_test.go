package vault_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"secondbrain/backend"
)

// body is a note of the randomized test: an id line no side changes, four
// lines the folder edits, a separator, four lines the app edits.
func randomBody(id string) string {
	return "id: " + id + "\nf0\nf1\nf2\nf3\n----\nd0\nd1\nd2\nd3\n"
}

func setLine(body string, i int, text string) string {
	lines := strings.Split(body, "\n")
	if i < len(lines) {
		lines[i] = text
	}
	return strings.Join(lines, "\n")
}

// TestRandomTwoSided edits the folder (creates, edits, moves, deletes) and
// the database (saves through the service) at once while the mirror runs
// passes, then checks at quiescence that every note equals its file, no
// note is duplicated or lost, the folder's last edit of each line is in its
// note, and every version the app saved is in history.
func TestRandomTwoSided(t *testing.T) { randomTwoSided(t, false) }

// TestRandomTwoSidedWatching is TestRandomTwoSided with the continuous
// mirror (the watcher's batches reconciled path by path) running instead
// of full passes.
func TestRandomTwoSidedWatching(t *testing.T) { randomTwoSided(t, true) }

func randomTwoSided(t *testing.T, watching bool) {
	ops := 3000
	if testing.Short() {
		ops = 400
	}
	seed := uint64(20261207)
	e := newEnv(t)
	ctx := context.Background()
	for i := range 20 {
		e.write(fmt.Sprintf("n%d.md", i), randomBody(fmt.Sprint(i)))
	}
	e.attach()
	type saved struct {
		id      string
		version int
		body    string
	}
	var (
		mu       sync.Mutex
		files    = map[string]string{} // path → id line
		lastLine = map[string]map[int]string{}
		appSaves []saved
		created  = map[string]bool{}
		stop     atomic.Bool
		wg       sync.WaitGroup
		nextID   = 1000
		folderOp int
	)
	for i := range 20 {
		files[fmt.Sprintf("n%d.md", i)] = fmt.Sprint(i)
		created[fmt.Sprint(i)] = true
	}
	// the folder's editor
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := rand.New(rand.NewPCG(seed, 1))
		for i := 0; i < ops/2; i++ {
			mu.Lock()
			paths := make([]string, 0, len(files))
			for p := range files {
				paths = append(paths, p)
			}
			mu.Unlock()
			slicesSort(paths)
			op := r.IntN(10)
			switch {
			case op < 2 || len(paths) < 5:
				mu.Lock()
				id := fmt.Sprint(nextID)
				nextID++
				p := fmt.Sprintf("d%d/c%s.md", r.IntN(3), id)
				files[p], created[id] = id, true
				mu.Unlock()
				e.write(p, randomBody(id))
			case op < 7:
				p := paths[r.IntN(len(paths))]
				b, err := os.ReadFile(filepath.Join(e.dir, p))
				if err != nil {
					continue
				}
				line := 1 + r.IntN(4)
				text := fmt.Sprintf("f%d edit %d", line-1, i)
				os.WriteFile(filepath.Join(e.dir, p), []byte(setLine(string(b), line, text)), 0o644)
				mu.Lock()
				id := files[p]
				if lastLine[id] == nil {
					lastLine[id] = map[int]string{}
				}
				lastLine[id][line] = text
				mu.Unlock()
			case op < 9:
				p := paths[r.IntN(len(paths))]
				to := fmt.Sprintf("m%d/r%d.md", r.IntN(3), i)
				os.MkdirAll(filepath.Join(e.dir, filepath.Dir(to)), 0o755)
				if os.Rename(filepath.Join(e.dir, p), filepath.Join(e.dir, to)) == nil {
					mu.Lock()
					files[to] = files[p]
					delete(files, p)
					mu.Unlock()
				}
			default:
				p := paths[r.IntN(len(paths))]
				if os.Remove(filepath.Join(e.dir, p)) == nil {
					mu.Lock()
					id := files[p]
					delete(files, p)
					delete(lastLine, id)
					mu.Unlock()
				}
			}
			mu.Lock()
			folderOp++
			mu.Unlock()
		}
	}()
	// the app's side
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := rand.New(rand.NewPCG(seed, 2))
		for i := 0; i < ops/2; i++ {
			page, err := e.notes.List(ctx, backend.ListOptions{Limit: 1000})
			if err != nil || len(page.Notes) == 0 {
				continue
			}
			s := page.Notes[r.IntN(len(page.Notes))]
			n, err := e.notes.Get(ctx, s.ID.String())
			if err != nil || n.TrashedAt != nil {
				continue
			}
			line := 6 + r.IntN(4)
			body := setLine(n.Body, line, fmt.Sprintf("d%d app %d", line-6, i))
			if got, err := e.notes.Save(ctx, n.ID.String(), n.Version, body); err == nil {
				mu.Lock()
				appSaves = append(appSaves, saved{n.ID.String(), got.Version, body})
				mu.Unlock()
			}
		}
	}()
	// the mirror's passes
	var passes int
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(done)
		if watching {
			rctx, cancel := context.WithCancel(ctx)
			ran := make(chan struct{})
			go func() { e.m.Run(rctx); close(ran) }()
			<-stopped
			cancel()
			<-ran
			return
		}
		for !stop.Load() {
			if _, err := e.m.SyncOnce(ctx); err != nil {
				t.Errorf("pass: %v", err)
				return
			}
			passes++
		}
	}()
	wg.Wait()
	stop.Store(true)
	close(stopped)
	<-done
	st := e.sync()
	if st.PendingDeletions > 0 {
		if st, err := e.m.ConfirmDeletions(ctx, true); err != nil || st.PendingDeletions != 0 {
			t.Fatalf("confirm %+v %v", st, err)
		}
	}
	st = e.sync()
	e.checkSame()
	// no note duplicated, none lost
	page, _ := e.notes.List(ctx, backend.ListOptions{Limit: 1000})
	trash, _ := e.notes.List(ctx, backend.ListOptions{Limit: 1000, Trashed: true})
	liveIDs := map[string]string{}
	for _, s := range page.Notes {
		n, _ := e.notes.Get(ctx, s.ID.String())
		id := strings.TrimPrefix(strings.SplitN(n.Body, "\n", 2)[0], "id: ")
		if other, dup := liveIDs[id]; dup && !strings.Contains(n.Path, "(conflict ") && !strings.Contains(other, "(conflict ") {
			t.Errorf("note %s is twice: %s and %s", id, other, n.Path)
		}
		liveIDs[id] = n.Path
		for line, text := range lastLine[id] {
			if !strings.Contains(n.Body, text) {
				t.Errorf("%s lost the folder's last edit of line %d %q: %q", n.Path, line, text, n.Body)
			}
		}
	}
	seen := map[string]bool{}
	for id := range liveIDs {
		seen[id] = true
	}
	trashed, _ := e.st.DB().QueryContext(ctx, `SELECT body FROM notes WHERE trashed_at IS NOT NULL`)
	for trashed.Next() {
		var body string
		trashed.Scan(&body)
		seen[strings.TrimPrefix(strings.SplitN(body, "\n", 2)[0], "id: ")] = true
	}
	trashed.Close()
	for id := range created {
		// A file made and deleted between two passes never reached the
		// vault; any other must be live or in the trash.
		var reached bool
		e.st.DB().QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE payload->>'body' LIKE $1)`, "id: "+id+"\n%").Scan(&reached)
		if reached && !seen[id] {
			t.Errorf("note %s was lost: neither live nor in the trash", id)
			rows, _ := e.st.DB().QueryContext(ctx, `SELECT e.seq, e.note_id, e.kind, e.origin, e.payload->>'path', left(coalesce(e.payload->>'body', ''), 12)
				FROM events e WHERE e.note_id IN (SELECT note_id FROM events WHERE payload->>'body' LIKE $1) ORDER BY e.note_id, e.seq`, "id: "+id+"\n%")
			for rows.Next() {
				var seq int64
				var nid, kind, origin, p, body string
				rows.Scan(&seq, &nid, &kind, &origin, &p, &body)
				t.Logf("  %d %s %s %s %s %q", seq, nid[:8], kind, origin, p, body)
			}
			rows.Close()
		}
	}
	// every version the app saved is in history
	for _, s := range appSaves {
		v, err := e.notes.Version(ctx, s.id, s.version)
		if err != nil || v.Body != s.body {
			t.Errorf("app version %s v%d missing from history: %v", s.id, s.version, err)
		}
	}
	var folderVersions int
	e.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM events WHERE origin = 'folder'`).Scan(&folderVersions)
	t.Logf("%d folder ops, %d app saves (all in history), %d folder-origin events, %d passes, %d live notes, %d trashed, %d conflicts",
		folderOp, len(appSaves), folderVersions, passes, len(page.Notes), len(trash.Notes), st.Conflicts)
	if folderVersions == 0 || len(appSaves) == 0 {
		t.Fatal("one side made no change")
	}
	if st.Conflicts != 0 {
		cs, _ := e.m.Conflicts(ctx)
		for _, c := range cs {
			n, _ := e.notes.Get(ctx, c.NoteID.String())
			t.Errorf("conflict on %s (the sides edit different lines):\nnote %q\nfile %q", c.Path, n.Body, c.FileText)
		}
	}
}

func slicesSort(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

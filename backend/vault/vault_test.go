package vault_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/importer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/vault"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain())
	}
	pgtest.Main(m)
}

// env is a vault in a fresh database with a folder to attach.
type env struct {
	t     testing.TB
	dsn   string
	st    *pgstore.Store
	notes *service.Notes
	m     *vault.Mirror
	dir   string
	data  string
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	dsn := pgtest.NewDatabase(tb)
	return openEnv(tb, dsn, tb.TempDir())
}

func openEnv(tb testing.TB, dsn, dir string) *env {
	tb.Helper()
	st, err := pgstore.Open(context.Background(), dsn, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	e := &env{t: tb, dsn: dsn, st: st, notes: service.NewNotes(st, nil), dir: dir, data: tb.TempDir()}
	e.m = newMirror(st, e.notes, e.data)
	return e
}

func newMirror(st *pgstore.Store, notes *service.Notes, data string) *vault.Mirror {
	return vault.New(st.DB(), notes, vault.Options{
		DataDir: data,
		Import: func(ctx context.Context, root string) (map[string]string, error) {
			rep, err := importer.Import(ctx, st, root, importer.Options{})
			return importer.Moved(rep), err
		},
		Now: func() time.Time { return time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC) },
	})
}

func (e *env) write(rel, text string) {
	e.t.Helper()
	abs := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(abs, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) read(rel string) string {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(rel)))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *env) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(e.dir, filepath.FromSlash(rel)))
	return err == nil
}

func (e *env) attach() vault.Status {
	e.t.Helper()
	st, err := e.m.Attach(context.Background(), e.dir)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func (e *env) sync() vault.Status {
	e.t.Helper()
	st, err := e.m.SyncOnce(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func (e *env) find(ref string) *backend.Note {
	e.t.Helper()
	n, err := e.notes.Find(context.Background(), ref)
	if err != nil {
		e.t.Fatalf("find %s: %v", ref, err)
	}
	return n
}

// live returns the live notes' paths, sorted.
func (e *env) live() []string {
	e.t.Helper()
	page, err := e.notes.List(context.Background(), backend.ListOptions{Limit: 1000, Order: backend.OrderTitle})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, n := range page.Notes {
		out = append(out, n.Path)
	}
	slices.Sort(out)
	return out
}

// checkSame fails unless every live note equals its file and every
// Markdown file outside dot folders is a live note's.
func (e *env) checkSame() {
	e.t.Helper()
	ctx := context.Background()
	page, err := e.notes.List(ctx, backend.ListOptions{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	want := map[string]bool{}
	for _, s := range page.Notes {
		n, err := e.notes.Get(ctx, s.ID.String())
		if err != nil {
			e.t.Fatal(err)
		}
		want[n.Path] = true
		if got := e.read(n.Path); got != n.Body {
			e.t.Errorf("%s: file %q, note %q", n.Path, got, n.Body)
		}
	}
	filepath.WalkDir(e.dir, func(p string, d os.DirEntry, err error) error {
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != e.dir {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(e.dir, p)
		if strings.HasSuffix(p, ".md") && !want[filepath.ToSlash(rel)] && !strings.Contains(rel, "(conflict ") {
			e.t.Errorf("file %s is no live note's", rel)
		}
		return nil
	})
}

func TestAttachRefuses(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "f.md")
	os.WriteFile(file, []byte("x"), 0o644)
	inside := filepath.Join(e.data, "sub")
	os.MkdirAll(inside, 0o755)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, ".secondbrain-vault"), []byte("00000000-0000-0000-0000-000000000001\n"), 0o644)
	for _, c := range []struct{ path, want string }{
		{"/", "root of the file system"},
		{e.data, "data dir"},
		{inside, "data dir"},
		{filepath.Dir(e.data), "data dir"},
		{file, "not a folder"},
		{filepath.Join(t.TempDir(), "missing"), "cannot attach"},
		{other, "another vault"},
	} {
		_, err := e.m.Attach(ctx, c.path)
		if err == nil || !strings.Contains(backend.ErrorMessage(err), c.want) {
			t.Errorf("Attach(%s) = %v; want an error saying %q", c.path, err, c.want)
		}
	}
	if st := e.m.Status(ctx); st.Attached {
		t.Fatalf("a refused attach left %+v", st)
	}
	e.attach()
	if _, err := e.m.Attach(ctx, t.TempDir()); err == nil || !strings.Contains(err.Error(), "already attached") {
		t.Fatalf("a second folder: %v", err)
	}
	// the same folder again is fine; after detach the marker goes
	e.attach()
	if _, err := e.m.Detach(ctx); err != nil {
		t.Fatal(err)
	}
	if e.exists(".secondbrain-vault") {
		t.Fatal("detach left the marker")
	}
}

func TestAttachImportsAndWritesDB(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("a.md", "# A\n\nsee [[b]]\n")
	e.write("sub/b.md", "b body\n")
	e.write(".obsidian/app.json", "{}")
	if _, err := e.notes.Create(ctx, "Only in DB", "x", "db text\r\nno newline"); err != nil {
		t.Fatal(err)
	}
	st := e.attach()
	if !st.Attached || st.Path == "" || st.LagEvents != 0 {
		t.Fatalf("status %+v", st)
	}
	if got := e.read("x/Only in DB.md"); got != "db text\r\nno newline" {
		t.Fatalf("the DB note's file holds %q", got)
	}
	if got := e.live(); !slices.Equal(got, []string{"a.md", "sub/b.md", "x/Only in DB.md"}) {
		t.Fatalf("notes %v", got)
	}
	e.checkSame()
}

func TestDatabaseToFolder(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("a.md", "one\n")
	e.attach()
	n := e.find("a")
	body := "two\n\tbytes: \u00e9 \x7f end"
	n, err := e.notes.Save(ctx, n.ID.String(), n.Version, body)
	if err != nil {
		t.Fatal(err)
	}
	e.sync()
	if got := e.read("a.md"); got != body {
		t.Fatalf("after save the file holds %q", got)
	}
	fi1, _ := os.Stat(filepath.Join(e.dir, "a.md"))
	// No echo: the next pass changes nothing.
	before, _ := e.notes.History(ctx, n.ID.String())
	e.sync()
	after, _ := e.notes.History(ctx, n.ID.String())
	fi2, _ := os.Stat(filepath.Join(e.dir, "a.md"))
	if len(after) != len(before) || !fi2.ModTime().Equal(fi1.ModTime()) {
		t.Fatalf("a second pass changed something: %d → %d versions, mtime %v → %v", len(before), len(after), fi1.ModTime(), fi2.ModTime())
	}
	// Move to another folder.
	n, err = e.notes.Move(ctx, n.ID.String(), n.Version, "Renamed", "deep/er", false)
	if err != nil {
		t.Fatal(err)
	}
	e.sync()
	if e.exists("a.md") || e.read("deep/er/Renamed.md") != body {
		t.Fatal("the rename did not move the file")
	}
	// Trash: the file goes to .trash, never unlinked.
	if _, err := e.notes.Trash(ctx, n.ID.String()); err != nil {
		t.Fatal(err)
	}
	e.sync()
	if e.exists("deep/er/Renamed.md") || e.read(".trash/deep/er/Renamed.md") != body {
		t.Fatal("the trashed note's file is not in .trash")
	}
	if got := e.live(); len(got) != 0 {
		t.Fatalf("live notes %v", got)
	}
	// Restore writes it back.
	if _, err := e.notes.Restore(ctx, n.ID.String()); err != nil {
		t.Fatal(err)
	}
	e.sync()
	e.checkSame()
}

func TestFolderToDatabase(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("a.md", "alpha\n")
	e.write("b.md", "beta\n")
	e.write("c.md", "gamma\n")
	e.attach()
	a := e.find("a")
	// create
	e.write("new/fresh.md", "fresh\n")
	// edit
	e.write("a.md", "alpha edited\n")
	// rename by hash
	os.MkdirAll(filepath.Join(e.dir, "moved"), 0o755)
	if err := os.Rename(filepath.Join(e.dir, "b.md"), filepath.Join(e.dir, "moved", "bee.md")); err != nil {
		t.Fatal(err)
	}
	b := e.find("b")
	e.sync()
	if nb := e.find("moved/bee.md"); nb.ID != b.ID || nb.Body != "beta\n" {
		t.Fatalf("the moved file made %+v; want note %s kept", nb, b.ID)
	}
	if got := e.find("new/fresh.md").Body; got != "fresh\n" {
		t.Fatalf("created %q", got)
	}
	na := e.find("a")
	if na.ID != a.ID || na.Body != "alpha edited\n" || na.Version != a.Version+1 {
		t.Fatalf("edited note %+v", na)
	}
	hist, _ := e.notes.History(ctx, na.ID.String())
	if hist[0].Origin != backend.OriginFolder {
		t.Fatalf("the edit's origin is %q", hist[0].Origin)
	}
	e.checkSame()
	// delete one file: the note goes to the trash
	os.Remove(filepath.Join(e.dir, "c.md"))
	st := e.sync()
	if st.PendingDeletions != 0 {
		t.Fatalf("one deletion held: %+v", st)
	}
	if got := e.live(); slices.Contains(got, "c.md") {
		t.Fatalf("c.md still live: %v", got)
	}
	e.checkSame()
}

func newDSN(tb testing.TB) string { return pgtest.NewDatabase(tb) }

// TestNoteChangesAreTold: every note the mirror changes from the folder is
// told to OnNoteChanged (the desktop reloads an open editor), with its new
// version; a pass that changes nothing tells nothing.
func TestNoteChangesAreTold(t *testing.T) {
	e := newEnv(t)
	e.write("a.md", "alpha\n")
	e.write("b.md", "beta\n")
	e.attach()
	var mu sync.Mutex
	told := map[string]int{}
	e.m.OnNoteChanged(func(n *backend.Note) {
		mu.Lock()
		told[n.Path] = n.Version
		mu.Unlock()
	})
	e.write("a.md", "alpha edited\n")
	e.write("c.md", "gamma\n")
	e.sync()
	a, c := e.find("a"), e.find("c")
	mu.Lock()
	if told["a.md"] != a.Version || told["c.md"] != c.Version || len(told) != 2 {
		t.Fatalf("told %v; want a.md at %d and c.md at %d", told, a.Version, c.Version)
	}
	clear(told)
	mu.Unlock()
	e.sync()
	mu.Lock()
	defer mu.Unlock()
	if len(told) != 0 {
		t.Fatalf("an idle pass told %v", told)
	}
}

// TestRunningMirrorReportsConflictCopy: with the mirror running (watcher
// and all), a sync tool's conflict copy dropped in the folder shows as a
// conflict in the status it sends, as the desktop's status bar shows it.
// The copy is written once the first full pass is over, so that the
// watcher's batch (which names the copy, not its original) finds it.
func TestRunningMirrorReportsConflictCopy(t *testing.T) {
	e := newEnv(t)
	e.write("Beta.md", "# Beta\n\n- milk\n")
	e.attach()
	got := make(chan vault.Status, 100)
	e.m.OnStatus(func(st vault.Status) { got <- st })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	started := time.After(20 * time.Second)
	for running := false; !running; {
		select {
		case st := <-got:
			running = st.Watching || st.Polling
		case <-started:
			t.Fatal("the mirror did not start watching within 20 s")
		}
	}
	e.write("Beta.sync-conflict-20261207-013000-ABCDEFG.md", "# Beta\n\n- oat milk\n")
	deadline := time.After(20 * time.Second)
	for {
		select {
		case st := <-got:
			if st.Conflicts == 1 {
				return
			}
		case <-deadline:
			t.Fatal("no status with the conflict within 20 s")
		}
	}
}

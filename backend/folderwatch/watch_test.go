package folderwatch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"secondbrain/backend/testwait"
)

func TestIgnored(t *testing.T) {
	for rel, want := range map[string]bool{
		"note.md": false, "a/b/c.md": false, "..md": false, "img/x.png": false,
		".obsidian/app.json": true, ".trash/old.md": true, ".git/HEAD": true, "a/.stversions/x.md": true,
		".DS_Store": true, "note.md.swp": true, ".note.md.swp": true, "note.md~": true, ".#note.md": true,
		"#note.md#": true, "4913": true, "~$report.md": true, ".syncthing.note.md.tmp": true,
		"note.md.tmp": true, "a/.dropbox.cache/x": true, "note.md.icloud": true, ".secondbrain-vault": true,
	} {
		if got := Ignored(rel); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestIsConflictCopy(t *testing.T) {
	for rel, want := range map[string]string{
		"a/note.sync-conflict-20261201-101010-ABCDEFG.md":  "a/note.md",
		"note.sync-conflict-20261201-101010.md":            "note.md",
		"note (conflicted copy 2026-12-01).md":             "note.md",
		"Ideas/note (Ada's conflicted copy 2026-12-01).md": "Ideas/note.md",
		"note (conflicted copy 2026-12-01 101010).md":      "note.md",
		"note (Conflict 2026-12-01 10-10-10).md":           "note.md",
		"note.md":                                          "", "note (conflict 2026-12-01 1010).md": "", "sync-conflict.md": "",
	} {
		got, ok := IsConflictCopy(rel)
		if ok != (want != "") || got != want {
			t.Errorf("IsConflictCopy(%q) = %q, %v; want %q", rel, got, ok, want)
		}
	}
}

// collector gathers a watcher's batches.
type collector struct {
	t *testing.T
	w *Watcher
}

// next returns the next batch, failing after a generous timeout.
func (c collector) next() Batch {
	c.t.Helper()
	select {
	case b, ok := <-c.w.Batches():
		if !ok {
			c.t.Fatal("watcher stopped")
		}
		return b
	case <-time.After(20 * time.Second):
		c.t.Fatal("no batch within 20 s")
	}
	return Batch{}
}

// until reads batches until one satisfies ok, returning the paths seen on
// the way (all of them, so tests can check what never came).
func (c collector) until(ok func(Batch) bool) (seen []string) {
	c.t.Helper()
	for {
		b := c.next()
		seen = append(seen, b.Paths...)
		if ok(b) {
			return seen
		}
	}
}

func has(path string) func(Batch) bool {
	return func(b Batch) bool { return slices.Contains(b.Paths, path) }
}

func start(t *testing.T, root string) collector {
	t.Helper()
	w, err := Watch(context.Background(), root, Options{Debounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	c := collector{t, w}
	if b := c.next(); !b.Full {
		t.Fatalf("first batch %+v, want a full scan", b)
	}
	return c
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatchReportsChanges(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "old.md"), "old")
	write(t, filepath.Join(root, "sub", "keep.md"), "keep")
	c := start(t, root)

	// An ignored write, then a real one: only the real one is reported.
	write(t, filepath.Join(root, ".obsidian", "workspace.json"), "{}")
	write(t, filepath.Join(root, "new.md.swp"), "swap")
	write(t, filepath.Join(root, "new.md"), "new")
	seen := c.until(has("new.md"))
	for _, p := range seen {
		if Ignored(p) {
			t.Errorf("ignored path %q was reported", p)
		}
	}

	// A write inside an existing sub-folder.
	write(t, filepath.Join(root, "sub", "keep.md"), "kept, edited")
	c.until(has("sub/keep.md"))

	// A rename reports both names.
	if err := os.Rename(filepath.Join(root, "old.md"), filepath.Join(root, "sub", "moved.md")); err != nil {
		t.Fatal(err)
	}
	seen = c.until(has("sub/moved.md"))
	if !slices.Contains(seen, "old.md") {
		t.Errorf("rename reported %v, want old.md too", seen)
	}

	// A removal.
	if err := os.Remove(filepath.Join(root, "new.md")); err != nil {
		t.Fatal(err)
	}
	c.until(has("new.md"))

	// A folder created with files in it asks for a rescan, and files
	// written into it later are reported by name.
	write(t, filepath.Join(root, "fresh", "a.md"), "a")
	c.until(func(b Batch) bool { return b.Full || slices.Contains(b.Paths, "fresh/a.md") })
	write(t, filepath.Join(root, "fresh", "b.md"), "b")
	c.until(has("fresh/b.md"))

	// Removing a watched folder asks for a rescan.
	if err := os.RemoveAll(filepath.Join(root, "fresh")); err != nil {
		t.Fatal(err)
	}
	c.until(func(b Batch) bool { return b.Full })
}

// TestWatchDebounces: a file written in many small steps is reported once
// the writes settle, not once per write.
func TestWatchDebounces(t *testing.T) {
	root := t.TempDir()
	c := start(t, root)
	f, err := os.Create(filepath.Join(root, "slow.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if _, err := f.WriteString(strings.Repeat("x", i) + "\n"); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	b := c.next()
	if !slices.Equal(b.Paths, []string{"slow.md"}) {
		t.Fatalf("batch %+v, want slow.md once", b)
	}
	select {
	case b := <-c.w.Batches():
		t.Fatalf("a second batch %+v for one settled write", b)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestWatchFolderGoneAndBack: an unplugged drive pauses the watcher with
// a reason; when the folder returns it resumes with a full rescan.
func TestWatchFolderGoneAndBack(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "vault")
	write(t, filepath.Join(root, "a.md"), "a")
	c := start(t, root)
	if err := os.Rename(root, filepath.Join(parent, "away")); err != nil {
		t.Fatal(err)
	}
	testwait.Eventually(t, "the watcher to pause for the missing folder", func() bool { s := c.w.Status(); return !s.Watching && strings.Contains(s.Err, "gone") })
	if err := os.Rename(filepath.Join(parent, "away"), root); err != nil {
		t.Fatal(err)
	}
	c.until(func(b Batch) bool { return b.Full && c.w.Status().Watching })
	write(t, filepath.Join(root, "b.md"), "b")
	c.until(has("b.md"))
}

// TestWatchFallsBackToPolling: when the platform runs out of watches the
// watcher says so and rescans on a timer instead.
func TestWatchFallsBackToPolling(t *testing.T) {
	testWatchLimit = 2
	t.Cleanup(func() { testWatchLimit = 0 })
	root := t.TempDir()
	for _, d := range []string{"a", "b", "c"} {
		write(t, filepath.Join(root, d, "n.md"), d)
	}
	w, err := Watch(context.Background(), root, Options{Debounce: 20 * time.Millisecond, Poll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c := collector{t, w}
	c.next()
	s := w.Status()
	if !s.Watching || !s.Polling || !strings.Contains(s.Err, "max_user_watches") {
		t.Fatalf("status %+v, want polling with the limit explained", s)
	}
	for range 2 {
		if b := c.next(); !b.Full {
			t.Fatalf("poll batch %+v, want a full rescan", b)
		}
	}
}

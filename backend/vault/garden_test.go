package vault_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/testkit/corpora"
)

// TestGardenShellEdits attaches the garden (an Obsidian-style vault of
// 7.7k notes), edits it with plain shell tools — sed -i, mv, rm, cp — and
// checks that the database follows each change and that every note is
// still its file byte for byte.
func TestGardenShellEdits(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("imports 7.7k notes; runs without -short and always in CI")
	}
	src := corpora.Dir("garden")
	dir := filepath.Join(t.TempDir(), "garden")
	if out, err := exec.Command("cp", "-r", src, dir).CombinedOutput(); err != nil {
		t.Fatalf("copy the garden: %v %s", err, out)
	}
	e := openEnv(t, newDSN(t), dir)
	ctx := context.Background()
	e.attach()
	sh := func(script string) {
		t.Helper()
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v %s", script, err, out)
		}
	}
	sh(`sed -i 's/$/ /; 1s/^/edited by sed\n/' 007bistromath.md`)
	sh(`mkdir -p moved && mv "0oo li.md" moved/`)
	sh(`rm "0 5 6.md"`)
	sh(`cp 007bistromath.md "copy of bistromath.md"`)
	st := e.sync()
	if st.PendingDeletions != 0 || st.Conflicts != 0 {
		t.Fatalf("status %+v", st)
	}
	if n := e.find("007bistromath"); !strings.HasPrefix(n.Body, "edited by sed\n") {
		t.Fatalf("sed's edit is not in the note: %.60q", n.Body)
	}
	if n := e.find("moved/0oo li.md"); n.Body != e.read("moved/0oo li.md") {
		t.Fatal("the moved note differs from its file")
	}
	if n := e.find("copy of bistromath"); n.Body != e.read("007bistromath.md") {
		t.Fatal("the copy is not a note")
	}
	if _, err := e.notes.Find(ctx, "0 5 6"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Fatalf("the removed file's note is still live: %v", err)
	}
	// every live note is its file, byte for byte
	var checked int
	for off := 0; ; off += 1000 {
		page, err := e.notes.List(ctx, backend.ListOptions{Limit: 1000, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Notes {
			n, _ := e.notes.Get(ctx, s.ID.String())
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n.Path)))
			if err != nil || string(b) != n.Body {
				t.Errorf("%s: the file differs from the note (%v)", n.Path, err)
			}
			checked++
		}
		if len(page.Notes) < 1000 {
			break
		}
	}
	if checked < 7000 {
		t.Fatalf("checked %d notes", checked)
	}
	// and every Markdown file is a note or a file not synced: no file
	// left beside a copy of it
	files := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != dir {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files++
		}
		return nil
	})
	if files != checked+len(st.Issues) {
		t.Errorf("%d Markdown files for %d live notes and %d files not synced", files, checked, len(st.Issues))
	}
	t.Logf("%d notes equal their files; %d files not synced, e.g. %+v", checked, len(st.Issues), st.Issues[:min(3, len(st.Issues))])
}

package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"secondbrain/backend/exporter"
)

// footnoteVault copies testdata/footnotes (hand-written edge cases: named,
// multi-line, inline, in quotes and lists, CRLF, non-ASCII labels) into a
// new folder and adds n generated notes whose footnote definitions look
// like note names and paths. It returns the folder and how many real links
// the vault holds; every one of them resolves.
func footnoteVault(tb testing.TB, n int) (dir string, links int) {
	tb.Helper()
	dir = tb.TempDir()
	entries, err := os.ReadDir("testdata/footnotes")
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/footnotes", e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	links = 4 // two in each of Analytical Engine.md and Charles Babbage.md
	for i := range n {
		body := fmt.Sprintf("# Reading %d\n\nA claim[^1], another[^src%d] and an aside^[see page %d].\n"+
			"Related: [[Charles Babbage]].\n\n[^1]: Reference%d\n[^src%d]: papers/Source %d.md\n    continued on a second line\n", i, i, i, i, i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("Reading %03d.md", i)), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
		links++
	}
	return dir, links
}

// TestFootnotesAreNotLinks imports a vault full of footnotes: no footnote
// reference or definition is counted or reported as a link, the export is
// byte-identical, and importing the export derives the same data.
func TestFootnotesAreNotLinks(t *testing.T) {
	dir, wantLinks := footnoteVault(t, 300)
	first := newEnv(t)
	rep := first.importDir(t, dir)
	if rep.UnresolvedLinks != 0 || len(rep.Unresolved) != 0 {
		t.Errorf("unresolved links = %d, %+v; want none: footnotes are not links", rep.UnresolvedLinks, rep.Unresolved)
	}
	if rep.Links != wantLinks {
		t.Errorf("links = %d; want %d (only the wikilinks)", rep.Links, wantLinks)
	}
	out := filepath.Join(t.TempDir(), "export")
	if _, err := exporter.Export(context.Background(), first.store, first.blobs, out); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		orig, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		got, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil || !bytes.Equal(orig, got) {
			t.Errorf("%s: exported file differs from the original (%v):\n got %q\nwant %q", e.Name(), err, got, orig)
		}
	}
	second := newEnv(t)
	rep2 := second.importDir(t, out)
	if rep2.Notes != rep.Notes || rep2.Links != rep.Links || rep2.UnresolvedLinks != 0 {
		t.Errorf("re-import of the export: %+v; want %+v", summary(rep2), summary(rep))
	}
	diffSnapshots(t, snapshot(t, first.store.DB()), snapshot(t, second.store.DB()))
}

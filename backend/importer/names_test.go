package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/importer"
)

// bodies returns every live note's body by path.
func bodies(tb testing.TB, e env) map[string]string {
	tb.Helper()
	rows, err := e.store.DB().Query(`SELECT path, body FROM notes WHERE trashed_at IS NULL`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var p, b string
		if err := rows.Scan(&p, &b); err != nil {
			tb.Fatal(err)
		}
		out[p] = b
	}
	return out
}

func skippedReasons(rep *importer.Report) map[string]string {
	out := map[string]string{}
	for _, s := range rep.Skipped {
		out[s.Path] = s.Reason
	}
	return out
}

// TestSymlinkedRoot: a vault reached through a symlink — the root itself or
// a parent folder — imports like the real folder; its internal symlinks are
// followed and only symlinks leaving the resolved root are skipped.
func TestSymlinkedRoot(t *testing.T) {
	base := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.md", []byte("outside the vault"))
	real := filepath.Join(base, "real", "vault")
	write(t, real, "a.md", []byte("links to [[b]]"))
	write(t, real, "sub/b.md", []byte("back to [[a]]"))
	if err := os.Symlink(filepath.Join(real, "sub", "b.md"), filepath.Join(real, "alias of b.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(real, "escape.md")); err != nil {
		t.Fatal(err)
	}
	rootLink := filepath.Join(base, "link to vault")
	if err := os.Symlink(real, rootLink); err != nil {
		t.Fatal(err)
	}
	parentLink := filepath.Join(base, "link to parent")
	if err := os.Symlink(filepath.Join(base, "real"), parentLink); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, root string }{
		{"root is a symlink", rootLink},
		{"parent is a symlink", filepath.Join(parentLink, "vault")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			rep := e.importDir(t, tc.root)
			if rep.Notes != 3 || rep.Created != 3 {
				t.Fatalf("report %+v, skipped %+v; want 3 notes created (a, sub/b, alias of b)", summary(rep), rep.Skipped)
			}
			reasons := skippedReasons(rep)
			if !strings.Contains(reasons["escape.md"], "outside the vault") {
				t.Errorf("skipped[escape.md] = %q; want it to mention outside the vault", reasons["escape.md"])
			}
			if len(rep.Skipped) != 1 {
				t.Errorf("skipped = %+v; want only escape.md", rep.Skipped)
			}
			if got := bodies(t, e)["alias of b.md"]; got != "back to [[a]]" {
				t.Errorf("alias of b.md = %q; want b's text", got)
			}
		})
	}
}

// TestRenameNeverTakesAnotherName: a file renamed on import (a trailing
// space in its name) gets a free name and the right reason; the file that
// already has the name keeps it, whatever the walk order.
func TestRenameNeverTakesAnotherName(t *testing.T) {
	root := t.TempDir()
	write(t, root, "voltairine de cleyre .md", []byte("the copy with a trailing space"))
	write(t, root, "voltairine de cleyre.md", []byte("the real text"))
	write(t, root, " Leading.md", []byte("leading space"))
	write(t, root, "Folder /inside.md", []byte("in a folder with a trailing space"))
	write(t, root, "Folder/inside.md", []byte("in the real folder"))
	write(t, root, "Case.md", []byte("upper"))
	write(t, root, "case.md", []byte("lower"))
	e := newEnv(t)
	rep := e.importDir(t, root)
	got := bodies(t, e)
	for p, want := range map[string]string{
		"voltairine de cleyre.md":     "the real text",
		"voltairine de cleyre (2).md": "the copy with a trailing space",
		"Leading.md":                  "leading space",
		"Folder/inside.md":            "in the real folder",
		"Folder/inside (2).md":        "in a folder with a trailing space",
		"Case.md":                     "upper",
		"case (2).md":                 "lower",
	} {
		if got[p] != want {
			t.Errorf("%s = %q; want %q", p, got[p], want)
		}
	}
	renamed := map[string]importer.Entry{}
	for _, r := range rep.Renamed {
		renamed[r.Path] = r
	}
	for from, want := range map[string]struct{ to, reason string }{
		"voltairine de cleyre .md": {"voltairine de cleyre (2).md", "trailing space removed from the file name"},
		" Leading.md":              {"Leading.md", "leading space removed from the file name"},
		"Folder /inside.md":        {"Folder/inside (2).md", "trailing space removed from the folder name"},
		"case.md":                  {"case (2).md", `differs from "Case.md" only in letter case`},
	} {
		r := renamed[from]
		if r.NewPath != want.to || !strings.Contains(r.Reason, want.reason) {
			t.Errorf("renamed[%q] = %+v; want → %q because %q", from, r, want.to, want.reason)
		}
	}
	if len(rep.Renamed) != 4 {
		t.Errorf("renamed = %+v; want 4 entries", rep.Renamed)
	}
	var target string
	e.store.DB().QueryRow(`SELECT path FROM notes WHERE title_key = 'voltairine de cleyre'`).Scan(&target)
	if target != "voltairine de cleyre.md" {
		t.Errorf("[[voltairine de cleyre]] opens %q; want voltairine de cleyre.md", target)
	}
}

// TestLongNames: names up to the file system's 255 bytes import; renames
// that would pass it shorten the name instead.
func TestLongNames(t *testing.T) {
	root := t.TempDir()
	name255 := strings.Repeat("é", 125) + "xx.md" // 252 + 3 = 255 bytes
	folder255 := strings.Repeat("f", 255)
	spaced := strings.Repeat("s", 251) + " .md" // 255 bytes; the trimmed name is taken
	write(t, root, name255, []byte("longest name"))
	write(t, root, folder255+"/note.md", []byte("longest folder"))
	write(t, root, spaced, []byte("with a space"))
	write(t, root, strings.Repeat("s", 251)+".md", []byte("without a space"))
	e := newEnv(t)
	rep := e.importDir(t, root)
	if rep.Notes != 4 || len(rep.Skipped) != 0 {
		t.Fatalf("report %+v, skipped %+v; want 4 notes, none skipped", summary(rep), rep.Skipped)
	}
	got := bodies(t, e)
	if got[name255] != "longest name" || got[folder255+"/note.md"] != "longest folder" {
		t.Errorf("notes = %v; want the 255-byte names kept", keys(got))
	}
	if len(rep.Renamed) != 1 {
		t.Fatalf("renamed = %+v; want the spaced name renamed", rep.Renamed)
	}
	nn := rep.Renamed[0].NewPath
	if len(nn) > 255 || got[nn] != "with a space" || !strings.HasSuffix(nn, " (2).md") {
		t.Errorf("renamed to %q (%d bytes); want a free name of at most 255 bytes ending in (2).md", nn, len(nn))
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOnExisting: importing over existing notes either overwrites them
// (listed in updated_paths, history kept) or keeps both, the incoming file
// under a free name; keep-both run twice adds nothing.
func TestOnExisting(t *testing.T) {
	first := t.TempDir()
	write(t, first, "Note.md", []byte("old text"))
	write(t, first, "A/Same.md", []byte("old same"))
	write(t, first, "Kept.md", []byte("unchanged"))
	second := t.TempDir()
	write(t, second, "Note.md", []byte("new text"))
	write(t, second, "A/same.md", []byte("new same"))
	write(t, second, "Kept.md", []byte("unchanged"))
	write(t, second, "Fresh.md", []byte("fresh"))

	t.Run("overwrite", func(t *testing.T) {
		e := newEnv(t)
		e.importDir(t, first)
		rep := e.importDir(t, second)
		sort.Strings(rep.UpdatedPaths)
		if rep.Updated != 2 || strings.Join(rep.UpdatedPaths, ",") != "A/same.md,Note.md" || rep.OnExisting != "overwrite" {
			t.Fatalf("report %+v, updated_paths %v, on_existing %q; want Note.md and A/same.md updated", summary(rep), rep.UpdatedPaths, rep.OnExisting)
		}
		if got := bodies(t, e)["Note.md"]; got != "new text" {
			t.Errorf("Note.md = %q; want the new text", got)
		}
		var versions int
		e.store.DB().QueryRow(`SELECT count(*) FROM events e JOIN notes n ON n.id = e.note_id WHERE n.path = 'Note.md'`).Scan(&versions)
		if versions != 2 {
			t.Errorf("Note.md has %d events; want 2 (history kept)", versions)
		}
	})

	t.Run("keep-both", func(t *testing.T) {
		e := newEnv(t)
		e.importDir(t, first)
		write(t, second, "Note (2).md", []byte("a real note named with (2)"))
		defer os.Remove(filepath.Join(second, "Note (2).md"))
		opts := importer.Options{Blobs: e.blobs, OnExisting: importer.KeepBoth}
		rep, err := importer.Import(context.Background(), e.store, second, opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Updated != 0 || len(rep.UpdatedPaths) != 0 || rep.Created != 4 || rep.Unchanged != 1 || rep.OnExisting != "keep-both" {
			t.Fatalf("report %+v, updated_paths %v; want nothing updated, 4 created, 1 unchanged", summary(rep), rep.UpdatedPaths)
		}
		got := bodies(t, e)
		for p, want := range map[string]string{
			"Note.md":       "old text",
			"Note (2).md":   "a real note named with (2)",
			"Note (3).md":   "new text",
			"A/Same.md":     "old same",
			"A/same (2).md": "new same",
			"Fresh.md":      "fresh",
		} {
			if got[p] != want {
				t.Errorf("%s = %q; want %q (notes %v)", p, got[p], want, keys(got))
			}
		}
		renamed := map[string]importer.Entry{}
		for _, r := range rep.Renamed {
			renamed[r.Path] = r
		}
		if r := renamed["Note.md"]; r.NewPath != "Note (3).md" || !strings.Contains(r.Reason, `"Note.md"`) {
			t.Errorf("renamed[Note.md] = %+v; want → Note (3).md naming the existing Note.md", r)
		}
		if r := renamed["A/same.md"]; r.NewPath != "A/same (2).md" || !strings.Contains(r.Reason, `"A/Same.md"`) {
			t.Errorf("renamed[A/same.md] = %+v; want → A/same (2).md naming the existing A/Same.md", r)
		}
		again, err := importer.Import(context.Background(), e.store, second, opts)
		if err != nil {
			t.Fatal(err)
		}
		if again.Created != 0 || again.Updated != 0 || again.Unchanged != 5 {
			t.Fatalf("keep-both again: %+v; want everything unchanged", summary(again))
		}
	})

	t.Run("unknown choice", func(t *testing.T) {
		e := newEnv(t)
		_, err := importer.Import(context.Background(), e.store, second, importer.Options{OnExisting: "merge"})
		if backend.ErrorCode(err) != backend.EINVALID {
			t.Fatalf("OnExisting merge: %v; want invalid", err)
		}
	})
}

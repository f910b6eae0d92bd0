package service_test

import (
	"context"
	"strings"
	"testing"

	"secondbrain/backend"
)

// TestCaseClashNamesExistingNote: a path refused because a note already
// holds it in other letter case names that note's path, not the new one.
func TestCaseClashNamesExistingNote(t *testing.T) {
	ctx := context.Background()
	notes, st := newNotes(t)
	same, err := notes.Create(ctx, "Same", "A", "the first")
	if err != nil {
		t.Fatal(err)
	}
	other, err := notes.Create(ctx, "Other", "A", "the second")
	if err != nil {
		t.Fatal(err)
	}
	wantClash := func(t *testing.T, err error, existing, incoming string) {
		t.Helper()
		wantCode(t, err, backend.ECONFLICT)
		msg := backend.ErrorMessage(err)
		if !strings.Contains(msg, `"`+existing+`"`) {
			t.Errorf("message %q; want it to name the existing note %q", msg, existing)
		}
		if i, j := strings.Index(msg, `"`+incoming+`"`), strings.Index(msg, `"`+existing+`"`); i >= 0 && i < j {
			t.Errorf("message %q names %q before the existing note %q", msg, incoming, existing)
		}
	}
	t.Run("create", func(t *testing.T) {
		_, err := notes.Create(ctx, "same", "A", "")
		wantClash(t, err, "A/Same.md", "A/same.md")
	})
	t.Run("rename", func(t *testing.T) {
		_, err := notes.Rename(ctx, other.ID.String(), other.Version, "SAME", false)
		wantClash(t, err, "A/Same.md", "A/SAME.md")
	})
	t.Run("restore", func(t *testing.T) {
		if _, err := notes.Trash(ctx, same.ID.String()); err != nil {
			t.Fatal(err)
		}
		if _, err := notes.Create(ctx, "sAME", "A", "took the path"); err != nil {
			t.Fatal(err)
		}
		_, err := notes.Restore(ctx, same.ID.String())
		wantClash(t, err, "A/sAME.md", "A/Same.md")
	})
	t.Run("import batch", func(t *testing.T) {
		_, err := st.WriteNotes(ctx, []backend.NoteWrite{{Title: "B", Path: "x/B.md"}, {Title: "b", Path: "X/b.md"}})
		wantCode(t, err, backend.EINVALID)
		if msg := backend.ErrorMessage(err); !strings.Contains(msg, `takes the path of "x/B.md"`) {
			t.Errorf("message %q; want it to say X/b.md takes the path of x/B.md", msg)
		}
	})
}

// TestNameLimits: titles and folder names are refused only past what a file
// system can hold: 255 bytes per name, ".md" included for a title.
func TestNameLimits(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	for _, tc := range []struct {
		name, title, folder string
		ok                  bool
	}{
		{"252-byte title", strings.Repeat("é", 125) + "xx", "", true},
		{"253-byte title", strings.Repeat("é", 125) + "xxx", "", false},
		{"255-byte folder", "in a long folder", strings.Repeat("f", 255), true},
		{"256-byte folder", "in a longer folder", strings.Repeat("f", 256), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := notes.Create(ctx, tc.title, tc.folder, "")
			if !tc.ok {
				wantCode(t, err, backend.EINVALID)
				return
			}
			if err != nil {
				t.Fatalf("create: %v; want it accepted", err)
			}
			for _, part := range strings.Split(n.Path, "/") {
				if len(part) > 255 {
					t.Errorf("path part %q is %d bytes; want at most 255", part, len(part))
				}
			}
		})
	}
}

package pgstore_test

import (
	"context"
	"database/sql"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

// linkSource links to work/people/Ada.md in every way a link can name it,
// and in ways that must not.
const linkSource = "[[people/Ada]] [[Ada]] [[Work/People/Ada]] [[people/ada.md]] [[Ada Lovelace]] " +
	"[[eople/Ada]] [[peopl_/Ada]] [[%/Ada]] [[Bob]]"

// wantLinks is where each link of linkSource resolves ("" unresolved).
var wantLinks = map[string]string{
	"people/Ada": "work/people/Ada.md", "Ada": "work/people/Ada.md", "Work/People/Ada": "work/people/Ada.md",
	"people/ada.md": "work/people/Ada.md", "Ada Lovelace": "work/people/Ada.md",
	"eople/Ada": "", "peopl_/Ada": "", "%/Ada": "", "Bob": "",
}

// noteWrite is a write of the note at path with its derived rows.
func noteWrite(path, body string) backend.NoteWrite {
	title := strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".md")
	return backend.NoteWrite{ID: uuid.New(), Origin: "device:test", Title: title, Path: path, Body: body,
		Derived: service.Derive(path, body)}
}

// createOne creates w through CreateNote, as one note, with w's origin.
func createOne(tb testing.TB, st *pgstore.Store, w backend.NoteWrite) {
	tb.Helper()
	ctx := backend.WithOrigin(context.Background(), w.Origin)
	if _, err := st.CreateNote(ctx, backend.NewNote{ID: w.ID, Title: w.Title, Path: w.Path, Body: w.Body, Derived: w.Derived}); err != nil {
		tb.Fatalf("create %s: %v", w.Path, err)
	}
}

// linkTargets returns where each link of the note at path resolves.
func linkTargets(tb testing.TB, db *sql.DB, path string) map[string]string {
	tb.Helper()
	rows, err := db.Query(`SELECT l.target, coalesce(n.path, '') FROM links l JOIN notes s ON s.id = l.source_id
		LEFT JOIN notes n ON n.id = l.target_id WHERE s.path = $1`, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var target, to string
		if err := rows.Scan(&target, &to); err != nil {
			tb.Fatal(err)
		}
		got[target] = to
	}
	return got
}

// TestLinksResolveInAnyOrder checks that a link resolves to the same note
// whether the note it names is created before or after it: by title,
// vault path, path suffix and alias, in any letter case, and never by a
// suffix that does not start after a slash or by LIKE's wildcards.
func TestLinksResolveInAnyOrder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		order []backend.NoteWrite
	}{
		{"target later", []backend.NoteWrite{resolveSource(), resolveDecoy(), resolveAda()}},
		{"target first", []backend.NoteWrite{resolveDecoy(), resolveAda(), resolveSource()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			for _, w := range tc.order {
				createOne(t, st, w)
			}
			if got := linkTargets(t, st.DB(), "src.md"); !reflect.DeepEqual(got, wantLinks) {
				t.Errorf("links resolve to %v; want %v", got, wantLinks)
			}
		})
	}
}

// resolveAda is the note the links of resolveSource name.
func resolveAda() backend.NoteWrite {
	return noteWrite("work/people/Ada.md", "---\naliases: [Ada Lovelace]\n---\nfirst programmer")
}

// resolveSource holds linkSource.
func resolveSource() backend.NoteWrite { return noteWrite("src.md", linkSource) }

// resolveDecoy is a note whose path LIKE's wildcards would match: it must
// not take the links either.
func resolveDecoy() backend.NoteWrite { return noteWrite("peoplx/Adb.md", "decoy") }

// TestWriteNotesResolvesSettledLinks checks the links a bulk write
// resolves as it writes them: those whose target no later note can
// change (a note at the path relative to the source's folder, or at the
// vault path when the source is at the root), and no other. A wikilink
// from a folder to a note at the root stays open until the pass at the
// end, so that a note of that name in the source's folder, written in a
// later batch, takes it, as it would have had the two been written
// together.
func TestWriteNotesResolvesSettledLinks(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	write := func(ws ...backend.NoteWrite) {
		t.Helper()
		for i := range ws {
			ws[i].Title = strings.TrimSuffix(ws[i].Path[strings.LastIndex(ws[i].Path, "/")+1:], ".md")
			ws[i].Derived = service.Derive(ws[i].Path, ws[i].Body)
		}
		if _, err := st.WriteNotes(ctx, ws); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when, path string, want map[string]string) {
		t.Helper()
		if got := linkTargets(t, st.DB(), path); !reflect.DeepEqual(got, want) {
			t.Errorf("%s, the links of %s resolve to %v; want %v", when, path, got, want)
		}
	}
	write(backend.NoteWrite{Path: "Ada.md"}, backend.NoteWrite{Path: "work/Bob.md"})
	write(backend.NoteWrite{Path: "work/src.md", Body: "[[Bob]] [[Ada]]"},
		backend.NoteWrite{Path: "top.md", Body: "[[Ada]] [[work/Bob]] [[Bob]]"})
	check("as written", "work/src.md", map[string]string{"Bob": "work/Bob.md", "Ada": ""})
	check("as written", "top.md", map[string]string{"Ada": "Ada.md", "work/Bob": "work/Bob.md", "Bob": ""})
	write(backend.NoteWrite{Path: "work/Ada.md"})
	if _, err := st.ResolveLinks(ctx); err != nil {
		t.Fatal(err)
	}
	check("resolved", "work/src.md", map[string]string{"Bob": "work/Bob.md", "Ada": "work/Ada.md"})
	check("resolved", "top.md", map[string]string{"Ada": "Ada.md", "work/Bob": "work/Bob.md", "Bob": "work/Bob.md"})
}

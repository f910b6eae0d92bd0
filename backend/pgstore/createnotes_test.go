package pgstore_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/testkit/sqltext"
)

// createMany creates ws through CreateNotes and wants each created.
func createMany(tb testing.TB, st *pgstore.Store, ws ...backend.NoteWrite) {
	tb.Helper()
	outs, err := st.CreateNotes(context.Background(), ws)
	if err != nil {
		tb.Fatal(err)
	}
	for i, o := range outs {
		if o.Action != backend.WriteCreated || o.ID != ws[i].ID || o.Version != 1 {
			tb.Fatalf("CreateNotes outcome %d: %+v; want created %s at version 1", i, o, ws[i].ID)
		}
	}
}

// TestCreateNotesResolvesLinks checks that links resolve in and across
// batches of CreateNotes as they do when notes are created one by one
// (TestLinksResolveInAnyOrder).
func TestCreateNotesResolvesLinks(t *testing.T) {
	ada, src, decoy := resolveAda, resolveSource, resolveDecoy
	for _, tc := range []struct {
		name  string
		write func(*pgstore.Store)
	}{
		{"one batch", func(st *pgstore.Store) { createMany(t, st, src(), decoy(), ada()) }},
		{"target in a later batch", func(st *pgstore.Store) { createMany(t, st, src()); createMany(t, st, decoy(), ada()) }},
		{"source in a later batch", func(st *pgstore.Store) { createMany(t, st, ada(), decoy()); createMany(t, st, src()) }},
		{"batch, then one", func(st *pgstore.Store) { createMany(t, st, src(), decoy()); createOne(t, st, ada()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			tc.write(st)
			if got := linkTargets(t, st.DB(), "src.md"); !reflect.DeepEqual(got, wantLinks) {
				t.Errorf("links resolve to %v; want %v", got, wantLinks)
			}
		})
	}
}

// TestCreateNotesMatchesCreateNote checks that CreateNotes leaves the rows
// that creating the same notes one by one with CreateNote does: notes
// (their keys lower-cased alike, beyond ASCII too), derived rows, link
// resolution, search data and events with their origins.
func TestCreateNotesMatchesCreateNote(t *testing.T) {
	var ws []backend.NoteWrite
	for i, p := range []string{"work/people/Ada.md", "src.md", "Äpfel und Öl.md", "dir/Tagged.md", "知识管理.md"} {
		body := []string{
			"---\naliases: [Ada Lovelace]\ntype: person\n---\nfirst programmer #math",
			linkSource + " [[äpfel und öl]]",
			"Äpfel [[Tagged]] #Obst",
			"---\nstatus: draft\nauthor: \"[[Ada]]\"\n---\n#tag words",
			"知识管理 body [[src]]",
		}[i]
		w := noteWrite(p, body)
		w.Origin = fmt.Sprintf("device:d%d", i%2)
		ws = append(ws, w)
	}
	one, many := openStore(t), openStore(t)
	for _, w := range ws {
		createOne(t, one, w)
	}
	createMany(t, many, ws...)
	for _, q := range []string{
		`SELECT id, title, title_key, path, path_key, body, content_hash, version, note_type, trashed_at IS NULL FROM notes ORDER BY id`,
		`SELECT s.id, l.target, l.target_key, l.anchor, l.alias, l.kind, l.rel, l.position, l.target_id, l.attachment_id
			FROM links l JOIN notes s ON s.id = l.source_id ORDER BY 1, l.position, l.rel, l.target`,
		`SELECT nt.note_id, t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id ORDER BY 1, 2`,
		`SELECT note_id, name, name_key FROM aliases ORDER BY 1, 2`,
		`SELECT note_id, key, value FROM properties ORDER BY 1, 2`,
		`SELECT note_id, title_fold, title_vec::text, body_vec::text, title_len, body_len FROM note_search ORDER BY 1`,
		`SELECT kind, note_id, origin, payload::text FROM events WHERE note_id IS NOT NULL ORDER BY note_id, seq`,
		`SELECT term, sum(df) FROM search_terms GROUP BY term HAVING sum(df) <> 0 ORDER BY 1`,
		`SELECT sum(docs), sum(title_len), sum(body_len) FROM search_stats`,
	} {
		if a, b := sqltext.Rows(t, one.DB(), q), sqltext.Rows(t, many.DB(), q); !reflect.DeepEqual(a, b) {
			t.Errorf("%s\none by one: %v\nCreateNotes: %v", q, a, b)
		}
	}
	if got := linkTargets(t, many.DB(), "src.md"); got["people/Ada"] != "work/people/Ada.md" || got["äpfel und öl"] != "Äpfel und Öl.md" {
		t.Errorf("links of src.md resolve to %v", got)
	}
	checkSearch(t, many.DB())
}

// TestCreateNotesTaken checks that CreateNotes makes nothing under an id a
// note has (in the trash too) or at a path a live note holds, and makes
// the rest.
func TestCreateNotesTaken(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	trashed, live := noteWrite("old.md", "old"), noteWrite("Live.md", "live")
	createOne(t, st, trashed)
	createOne(t, st, live)
	if _, err := st.SetTrashed(ctx, trashed.ID, true); err != nil {
		t.Fatal(err)
	}
	sameID := noteWrite("elsewhere.md", "x")
	sameID.ID = trashed.ID
	ws := []backend.NoteWrite{sameID, noteWrite("live.md", "clash"), noteWrite("old.md", "the trashed note's path is free")}
	outs, err := st.CreateNotes(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{backend.WriteExists, backend.WriteExists, backend.WriteCreated}
	for i, o := range outs {
		if o.Action != want[i] || o.ID != ws[i].ID {
			t.Errorf("outcome %d: %+v; want %s of %s", i, o, want[i], ws[i].ID)
		}
	}
	var n int
	st.DB().QueryRow(`SELECT count(*) FROM notes`).Scan(&n)
	if n != 3 {
		t.Errorf("%d notes; want 3", n)
	}
	for _, bad := range [][]backend.NoteWrite{
		{noteWrite("a.md", ""), noteWrite("A.md", "")},
		{{Title: "a", Path: "a.md"}},
		{ws[2], func() backend.NoteWrite { w := noteWrite("b.md", ""); w.ID = ws[2].ID; return w }()},
	} {
		if _, err := st.CreateNotes(ctx, bad); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("CreateNotes(%v): %v; want %s", bad, err, backend.EINVALID)
		}
	}
}

package pgstore_test

import (
	"context"
	"database/sql"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/service"
)

// TestWriteNotesSearchData checks the set-wise search data of bulk writes:
// every written note is indexed as the row triggers index a note saved one
// at a time, and the BM25 counters match note_search exactly after notes
// are created, updated and found unchanged.
func TestWriteNotesSearchData(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	db := st.DB()
	// A note saved one at a time, through the row triggers, shares terms
	// with the batch.
	create(t, st, "single.md", "alpha beta shared words")
	write := func(ws ...backend.NoteWrite) []backend.WriteOutcome {
		t.Helper()
		for i := range ws {
			ws[i].Derived = service.Derive(ws[i].Path, ws[i].Body)
		}
		outs, err := st.WriteNotes(ctx, ws)
		if err != nil {
			t.Fatal(err)
		}
		return outs
	}
	outs := write(
		backend.NoteWrite{Title: "One", Path: "one.md", Body: "alpha gamma #tag [[Two]] café 知识管理"},
		backend.NoteWrite{Title: "Two", Path: "dir/Two.md", Body: "---\naliases: [Deux]\nstatus: draft\n---\nbeta delta <b>bold</b> [[One]]"},
		backend.NoteWrite{Title: "Three", Path: "three.md", Body: "shared words only"},
		// Titles with CJK characters and Hangul words take sb_tsvector's
		// slow path, others a plain to_tsvector: both must agree with it.
		backend.NoteWrite{Title: "知识管理 설치하다", Path: "知识管理 설치하다.md", Body: "plain body"},
	)
	for _, o := range outs {
		if o.Action != backend.WriteCreated {
			t.Fatalf("first write: %+v", outs)
		}
	}
	checkSearch(t, db)
	outs = write(
		backend.NoteWrite{Title: "One", Path: "one.md", Body: "alpha epsilon #other"},
		backend.NoteWrite{Title: "Two", Path: "dir/Two.md", Body: "---\naliases: [Deux]\nstatus: draft\n---\nbeta delta <b>bold</b> [[One]]"},
		backend.NoteWrite{Title: "Four", Path: "four.md", Body: "zeta"},
	)
	if outs[0].Action != backend.WriteUpdated || outs[0].Version != 2 || outs[1].Action != backend.WriteUnchanged || outs[2].Action != backend.WriteCreated {
		t.Fatalf("second write: %+v", outs)
	}
	checkSearch(t, db)
	var tags, props, aliases int
	db.QueryRow(`SELECT count(*) FROM note_tags nt JOIN notes n ON n.id = nt.note_id WHERE n.path = 'one.md'`).Scan(&tags)
	db.QueryRow(`SELECT count(*) FROM properties`).Scan(&props)
	db.QueryRow(`SELECT count(*) FROM aliases WHERE name_key = 'deux'`).Scan(&aliases)
	if tags != 1 || props == 0 || aliases != 1 {
		t.Errorf("derived rows: %d tags of one.md (want 1), %d properties, %d aliases deux (want 1)", tags, props, aliases)
	}
	// One event per created or updated note, with the payload of a write.
	var events int
	db.QueryRow(`SELECT count(*) FROM events WHERE payload ?& array['version', 'title', 'path', 'body', 'source']
		AND payload->>'source' = 'import' AND note_id IS NOT NULL`).Scan(&events)
	if events != 6 {
		t.Errorf("%d note events; want 6 (4 created, 1 updated, 1 created)", events)
	}
}

// checkSearch compares every note's search row with what the search
// functions compute for it, and the counters with note_search.
func checkSearch(tb testing.TB, db *sql.DB) {
	tb.Helper()
	var bad, missing int
	if err := db.QueryRow(`
		SELECT count(*) FILTER (WHERE s.note_id IS NOT NULL AND (s.title_fold <> sb_fold(n.title) OR s.title_vec <> sb_tsvector(n.title)
			OR s.body_vec <> sb_tsvector(left(n.body, 100000)) OR s.title_len <> sb_doclen(s.title_vec) OR s.body_len <> sb_doclen(s.body_vec))),
			count(*) FILTER (WHERE s.note_id IS NULL)
		FROM notes n LEFT JOIN note_search s ON s.note_id = n.id WHERE n.trashed_at IS NULL`).Scan(&bad, &missing); err != nil {
		tb.Fatal(err)
	}
	if bad != 0 || missing != 0 {
		tb.Fatalf("note_search: %d rows differ from their notes, %d notes not indexed", bad, missing)
	}
	var docsOK, lensOK bool
	if err := db.QueryRow(`
		SELECT (SELECT coalesce(sum(docs), 0) FROM search_stats) = (SELECT count(*) FROM note_search),
		       (SELECT coalesce(sum(title_len), 0) FROM search_stats) = (SELECT coalesce(sum(title_len), 0) FROM note_search)
		   AND (SELECT coalesce(sum(body_len), 0) FROM search_stats) = (SELECT coalesce(sum(body_len), 0) FROM note_search)`).Scan(&docsOK, &lensOK); err != nil {
		tb.Fatal(err)
	}
	if !docsOK || !lensOK {
		tb.Fatalf("search_stats: documents right %v, lengths right %v", docsOK, lensOK)
	}
	var wrong, pending int
	if err := db.QueryRow(`
		WITH truth AS (SELECT t AS term, count(*) AS df FROM note_search, unnest(tsvector_to_array(title_vec || body_vec)) AS t GROUP BY t),
		kept AS (SELECT term, sum(df) AS df FROM search_terms GROUP BY term HAVING sum(df) <> 0)
		SELECT count(*) FROM truth FULL JOIN kept USING (term) WHERE truth.df IS DISTINCT FROM kept.df`).Scan(&wrong); err != nil {
		tb.Fatal(err)
	}
	db.QueryRow(`SELECT count(*) FROM search_pending`).Scan(&pending)
	if wrong != 0 || pending != 0 {
		tb.Fatalf("%d terms have a document frequency other than note_search's; search_pending holds %d rows", wrong, pending)
	}
	// A term no note holds any more leaves no row behind (one writer, one shard).
	var zero int
	db.QueryRow(`SELECT count(*) FROM search_terms WHERE df = 0`).Scan(&zero)
	if zero != 0 {
		tb.Fatalf("search_terms keeps %d rows of terms no note holds", zero)
	}
}

package lexical_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/lexical"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/testkit/corpora"
)

// TestMain gives the package's tests one throwaway PostgreSQL cluster.
func TestMain(m *testing.M) { pgtest.Main(m) }

// store is a note store with lexical search over it, as the app wires them.
type store struct {
	*pgstore.Store
	*lexical.Searcher
}

func withSearch(st *pgstore.Store) *store { return &store{st, lexical.New(st)} }

func openStore(tb testing.TB) *store {
	tb.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return withSearch(st)
}

func create(tb testing.TB, st *store, path, body string) *backend.Note {
	tb.Helper()
	title := strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".md")
	n, err := st.CreateNote(context.Background(), backend.NewNote{Title: title, Path: path, Body: body})
	if err != nil {
		tb.Fatalf("create %s: %v", path, err)
	}
	return n
}

func searchIDs(tb testing.TB, st *store, q backend.SearchQuery) ([]uuid.UUID, []backend.SearchHit) {
	tb.Helper()
	hits, err := st.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("search %+v: %v", q, err)
	}
	ids := make([]uuid.UUID, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids, hits
}

func contains(ids []uuid.UUID, id uuid.UUID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func TestSearchRanking(t *testing.T) {
	st := openStore(t)
	inBody := create(t, st, "Gardening.md", "Notes about compost, and a line on zettelkasten at the end.")
	inTitle := create(t, st, "Zettelkasten.md", "A method for notes.")
	other := create(t, st, "Cooking.md", "Soup and bread.")
	cafe := create(t, st, "Café culture.md", "Espresso in Vienna.")
	know := create(t, st, "Knowledge management.md", "Tools for thought.")
	cjk := create(t, st, "读书笔记.md", "我喜欢知识管理和阅读。")
	html := create(t, st, "Web.md", "Beware of <script>alert(1)</script> & friends in XSS notes.")
	hyphen := create(t, st, "Mail.md", "Send an e-mail to the team.")

	cases := []struct {
		name   string
		q      backend.SearchQuery
		first  uuid.UUID
		absent []uuid.UUID
	}{
		{"title above body", backend.SearchQuery{Text: "zettelkasten"}, inTitle.ID, []uuid.UUID{other.ID}},
		{"unaccent query", backend.SearchQuery{Text: "Café"}, cafe.ID, nil},
		{"unaccent note", backend.SearchQuery{Text: "cafe"}, cafe.ID, nil},
		{"case", backend.SearchQuery{Text: "VIENNA"}, cafe.ID, nil},
		{"prefix star", backend.SearchQuery{Text: "zettel*"}, inTitle.ID, nil},
		{"prefix as you type", backend.SearchQuery{Text: "espr", Prefix: true}, cafe.ID, nil},
		{"typo in title", backend.SearchQuery{Text: "knowlege"}, know.ID, nil},
		{"cjk substring", backend.SearchQuery{Text: "知识"}, cjk.ID, nil},
		{"cjk title", backend.SearchQuery{Text: "读书"}, cjk.ID, nil},
		{"phrase", backend.SearchQuery{Text: `"method for notes"`}, inTitle.ID, []uuid.UUID{inBody.ID}},
		{"exclusion", backend.SearchQuery{Text: "notes -compost"}, inTitle.ID, []uuid.UUID{inBody.ID}},
		{"hyphenated", backend.SearchQuery{Text: "e-mail"}, hyphen.ID, nil},
		{"hyphen part", backend.SearchQuery{Text: "mail"}, hyphen.ID, nil},
		{"script", backend.SearchQuery{Text: "script alert"}, html.ID, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ids, hits := searchIDs(t, st, c.q)
			if len(ids) == 0 || ids[0] != c.first {
				t.Fatalf("search %q = %+v; want %s first", c.q.Text, hits, c.first)
			}
			for _, a := range c.absent {
				if contains(ids, a) {
					t.Errorf("search %q found %s; want it left out", c.q.Text, a)
				}
			}
			if hits[0].Title == "" || hits[0].Path == "" || hits[0].Score <= 0 || hits[0].Why == "" || hits[0].UpdatedAt.IsZero() {
				t.Errorf("hit = %+v; want title, path, score, why and time", hits[0])
			}
		})
	}
	t.Run("body hit ranks below title hit", func(t *testing.T) {
		ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "zettelkasten"})
		if len(ids) != 2 || ids[1] != inBody.ID {
			t.Fatalf("got %v; want [%s %s]", ids, inTitle.ID, inBody.ID)
		}
	})
	t.Run("snippet escapes html", func(t *testing.T) {
		_, hits := searchIDs(t, st, backend.SearchQuery{Text: "alert"})
		s := hits[0].Snippet
		if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;") || !strings.Contains(s, "<mark>alert</mark>") || !strings.Contains(s, "&amp;") {
			t.Fatalf("snippet = %q; want escaped note HTML and a <mark> on alert", s)
		}
		stripped := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
		if strings.ContainsAny(stripped, "<>") {
			t.Fatalf("snippet %q has markup besides <mark>", s)
		}
	})
	t.Run("cjk snippet", func(t *testing.T) {
		_, hits := searchIDs(t, st, backend.SearchQuery{Text: "知识"})
		if !strings.Contains(hits[0].Snippet, "<mark>知识</mark>") {
			t.Fatalf("snippet = %q; want 知识 marked", hits[0].Snippet)
		}
	})
	t.Run("why", func(t *testing.T) {
		_, hits := searchIDs(t, st, backend.SearchQuery{Text: "zettelkasten method"})
		if !strings.Contains(hits[0].Why, "title: zettelkasten") || !strings.Contains(hits[0].Why, "body: method") {
			t.Fatalf("why = %q", hits[0].Why)
		}
	})
	t.Run("limit", func(t *testing.T) {
		ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "notes the and", Limit: 1})
		if len(ids) != 1 {
			t.Fatalf("got %d hits; want 1", len(ids))
		}
	})
	t.Run("no match", func(t *testing.T) {
		ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "qwertyuiopasdf"})
		if len(ids) != 0 {
			t.Fatalf("got %v; want none", ids)
		}
	})
}

func TestSearchInvalid(t *testing.T) {
	st := openStore(t)
	for _, q := range []backend.SearchQuery{
		{Text: ""}, {Text: "   "}, {Text: "-only -excluded"}, {Text: `""`}, {Text: "***"},
		{Text: "x", Mode: "telepathic"}, {Text: "x", Tags: []string{" "}},
		{Text: "x", UpdatedAfter: time.Now(), UpdatedBefore: time.Now().Add(-time.Hour)},
	} {
		_, err := st.Search(context.Background(), q)
		if backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("search %+v = %v; want %s", q, err, backend.EINVALID)
		}
	}
}

func TestSearchFiltersAndLifecycle(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	a := create(t, st, "projects/Alpha plan.md", "roadmap for the rocket")
	b := create(t, st, "projects/sub/Beta plan.md", "roadmap for the boat")
	c := create(t, st, "Gamma plan.md", "roadmap for the car")
	db := st.DB()
	// Tags and properties as the markdown layer stores them.
	mustExec(t, db, `INSERT INTO tags (id, name) VALUES ($1, 'work'), ($2, 'work/urgent'), ($3, 'home')`, uuid.New(), uuid.New(), uuid.New())
	mustExec(t, db, `INSERT INTO note_tags (note_id, tag_id) SELECT $1, id FROM tags WHERE name = 'work'`, a.ID)
	mustExec(t, db, `INSERT INTO note_tags (note_id, tag_id) SELECT $1, id FROM tags WHERE name = 'work/urgent'`, b.ID)
	mustExec(t, db, `INSERT INTO note_tags (note_id, tag_id) SELECT $1, id FROM tags WHERE name = 'home'`, c.ID)
	mustExec(t, db, `INSERT INTO properties (id, note_id, key, value) VALUES ($1, $2, 'status', '"active"'), ($3, $4, 'status', '["done", "archived"]'), ($5, $6, 'priority', '2')`,
		uuid.New(), a.ID, uuid.New(), b.ID, uuid.New(), c.ID)
	mustExec(t, db, `UPDATE notes SET updated_at = '2020-01-01T00:00:00Z' WHERE id = $1`, c.ID)

	cases := []struct {
		name string
		q    backend.SearchQuery
		want []uuid.UUID
	}{
		{"all", backend.SearchQuery{}, []uuid.UUID{a.ID, b.ID, c.ID}},
		{"tag", backend.SearchQuery{Tags: []string{"#Work"}}, []uuid.UUID{a.ID, b.ID}},
		{"nested tag", backend.SearchQuery{Tags: []string{"work/urgent"}}, []uuid.UUID{b.ID}},
		{"folder", backend.SearchQuery{Folder: "Projects"}, []uuid.UUID{a.ID, b.ID}},
		{"subfolder", backend.SearchQuery{Folder: "projects/sub/"}, []uuid.UUID{b.ID}},
		{"property string", backend.SearchQuery{Properties: []backend.PropertyFilter{{Key: "status", Value: "active"}}}, []uuid.UUID{a.ID}},
		{"property list", backend.SearchQuery{Properties: []backend.PropertyFilter{{Key: "Status", Value: "done"}}}, []uuid.UUID{b.ID}},
		{"property number", backend.SearchQuery{Properties: []backend.PropertyFilter{{Key: "priority", Value: "2"}}}, []uuid.UUID{c.ID}},
		{"updated before", backend.SearchQuery{UpdatedBefore: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}, []uuid.UUID{c.ID}},
		{"updated after", backend.SearchQuery{UpdatedAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}, []uuid.UUID{a.ID, b.ID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Text = "roadmap"
			ids, _ := searchIDs(t, st, tc.q)
			if len(ids) != len(tc.want) {
				t.Fatalf("got %v; want %v", ids, tc.want)
			}
			for _, w := range tc.want {
				if !contains(ids, w) {
					t.Fatalf("got %v; want %v", ids, tc.want)
				}
			}
		})
	}

	t.Run("edit reindexes", func(t *testing.T) {
		if _, err := st.UpdateBody(ctx, a.ID, a.Version, "now about submarines", backend.Derived{}, backend.EventNoteUpdated, nil); err != nil {
			t.Fatal(err)
		}
		if ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "submarines"}); len(ids) != 1 || ids[0] != a.ID {
			t.Fatalf("after edit: got %v; want %s", ids, a.ID)
		}
		if ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "rocket"}); len(ids) != 0 {
			t.Fatalf("old words still found: %v", ids)
		}
	})
	t.Run("rename reindexes", func(t *testing.T) {
		n, _ := st.Note(ctx, c.ID)
		if _, err := st.Rename(ctx, c.ID, n.Version, "Hovercraft", "Hovercraft.md", nil); err != nil {
			t.Fatal(err)
		}
		if ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "hovercraft"}); len(ids) != 1 || ids[0] != c.ID {
			t.Fatalf("after rename: got %v", ids)
		}
	})
	t.Run("trashed excluded, restored found", func(t *testing.T) {
		if _, err := st.SetTrashed(ctx, b.ID, true); err != nil {
			t.Fatal(err)
		}
		if ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "boat"}); len(ids) != 0 {
			t.Fatalf("trashed note found: %v", ids)
		}
		if _, err := st.SetTrashed(ctx, b.ID, false); err != nil {
			t.Fatal(err)
		}
		if ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "boat"}); len(ids) != 1 {
			t.Fatalf("restored note not found: %v", ids)
		}
	})
	t.Run("delete", func(t *testing.T) {
		if err := st.DeleteNote(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "boat"}); len(ids) != 0 {
			t.Fatalf("deleted note found: %v", ids)
		}
	})
	t.Run("statistics match the index", func(t *testing.T) {
		checkStats(t, db)
	})
}

// TestSearchCommonTerms checks the lists of common terms (search_top): with
// a tiny candidate budget every word is common, and the results must be
// those of scoring every note, through edits, trash and filters.
func TestSearchCommonTerms(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	var notes []*backend.Note
	for i := range 60 {
		body := strings.Repeat("filler words here ", 1+i%7) + strings.Repeat("zebra ", 1+i%5)
		if i%3 == 0 {
			body += " quagga"
		}
		notes = append(notes, create(t, st, fmt.Sprintf("folder%d/Note %d.md", i%2, i), body))
	}
	common := lexical.DefaultRanking
	common.CandidateBudget = 3
	exact := lexical.DefaultRanking
	exact.CandidateBudget, exact.TermLists = 1<<30, false
	same := func(t *testing.T, q backend.SearchQuery) []backend.SearchHit {
		t.Helper()
		got, err := st.SearchWith(ctx, q, common)
		if err != nil {
			t.Fatal(err)
		}
		want, err := st.SearchWith(ctx, q, exact)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: %d hits; want %d", q, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID || math.Abs(got[i].Score-want[i].Score) > 1e-9 {
				t.Fatalf("%+v: hit %d is %s (%g); want %s (%g)", q, i, got[i].Title, got[i].Score, want[i].Title, want[i].Score)
			}
		}
		return got
	}
	var lists int
	check := func(t *testing.T) {
		t.Helper()
		for _, q := range []backend.SearchQuery{
			{Text: "zebra", Limit: 10},
			{Text: "zebra", Limit: 3},
			{Text: "quagga", Limit: 5},
			{Text: "zebra filler", Limit: 10},
			{Text: "zebra", Limit: 10, Folder: "folder1"},
			{Text: "zebra -quagga", Limit: 10},
		} {
			same(t, q)
		}
	}
	check(t)
	if err := st.DB().QueryRow(`SELECT count(*) FROM search_top`).Scan(&lists); err != nil {
		t.Fatal(err)
	}
	if lists == 0 {
		t.Fatal("no common term was listed in search_top")
	}
	t.Run("edited notes rank at once", func(t *testing.T) {
		n := notes[1]
		if _, err := st.UpdateBody(ctx, n.ID, n.Version, strings.Repeat("zebra ", 30), backend.Derived{}, backend.EventNoteUpdated, nil); err != nil {
			t.Fatal(err)
		}
		late := create(t, st, "Late.md", "zebra zebra zebra zebra zebra zebra zebra zebra")
		hits := same(t, backend.SearchQuery{Text: "zebra", Limit: 10})
		if hits[0].ID != n.ID && hits[0].ID != late.ID {
			t.Fatalf("first hit %s; want an edited note", hits[0].Title)
		}
		check(t)
	})
	t.Run("trashed notes leave", func(t *testing.T) {
		first := same(t, backend.SearchQuery{Text: "zebra", Limit: 1})[0]
		if _, err := st.SetTrashed(ctx, first.ID, true); err != nil {
			t.Fatal(err)
		}
		if hits := same(t, backend.SearchQuery{Text: "zebra", Limit: 10}); contains(idsOf(hits), first.ID) {
			t.Fatal("trashed note found")
		}
		check(t)
	})
	t.Run("an old horizon scores every note indexed since", func(t *testing.T) {
		mustExec(t, st.DB(), `UPDATE search_top SET horizon = '1'::xid8`)
		check(t)
	})
	t.Run("concurrent builds", func(t *testing.T) {
		mustExec(t, st.DB(), `DELETE FROM search_top`)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := st.SearchWith(ctx, backend.SearchQuery{Text: "zebra filler", Limit: 5}, common)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("many notes indexed behind an open transaction", func(t *testing.T) {
		open, err := st.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer open.Rollback()
		if _, err := open.ExecContext(ctx, `SELECT pg_current_xact_id()`); err != nil {
			t.Fatal(err)
		}
		mustExec(t, st.DB(), `INSERT INTO notes (id, title, title_key, path, path_key, body, created_at, updated_at)
			SELECT gen_random_uuid(), 'Bulk ' || i, 'bulk ' || i, 'bulk/' || i || '.md', 'bulk/' || i || '.md',
			  repeat('zebra ', 1 + i % 9) || repeat('filler ', i % 13), now(), now()
			FROM generate_series(1, 700) AS i`)
		check(t)
		check(t)
		if err := open.Commit(); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
}

func idsOf(hits []backend.SearchHit) []uuid.UUID {
	ids := make([]uuid.UUID, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// checkStats recomputes the BM25 statistics from note_search and compares
// them with the counters the triggers keep.
func checkStats(tb testing.TB, db *sql.DB) {
	tb.Helper()
	var docs, want int64
	if err := db.QueryRow(`SELECT coalesce(sum(docs), 0) FROM search_stats`).Scan(&docs); err != nil {
		tb.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM note_search`).Scan(&want); err != nil {
		tb.Fatal(err)
	}
	if docs != want {
		tb.Fatalf("search_stats counts %d notes; note_search has %d", docs, want)
	}
	var bad int
	err := db.QueryRow(`
		WITH truth AS (SELECT t AS term, count(*) AS df FROM note_search, unnest(tsvector_to_array(title_vec || body_vec)) AS t GROUP BY t),
		kept AS (SELECT term, sum(df) AS df FROM search_terms GROUP BY term HAVING sum(df) <> 0)
		SELECT count(*) FROM truth FULL JOIN kept USING (term) WHERE truth.df IS DISTINCT FROM kept.df`).Scan(&bad)
	if err != nil {
		tb.Fatal(err)
	}
	if bad != 0 {
		tb.Fatalf("%d terms have a document frequency that differs from note_search", bad)
	}
	var pending int
	db.QueryRow(`SELECT count(*) FROM search_pending`).Scan(&pending)
	if pending != 0 {
		tb.Fatalf("search_pending holds %d rows after commit; want 0", pending)
	}
}

func mustExec(tb testing.TB, db *sql.DB, q string, args ...any) {
	tb.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

// TestSearchConcurrentWrites saves notes from many goroutines at once (in
// single and multi-note transactions) and checks that no write fails and
// the statistics stay exact.
func TestSearchConcurrentWrites(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	db := st.DB()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				body := strings.Repeat("shared words everywhere ", 3) + " unique" + uuid.NewString()[:8]
				n, err := st.CreateNote(ctx, backend.NewNote{Title: uuid.NewString(), Path: uuid.NewString() + ".md", Body: body})
				if err != nil {
					errs <- err
					return
				}
				if _, err := st.UpdateBody(ctx, n.ID, n.Version, body+" edited "+uuid.NewString()[:6], backend.Derived{}, backend.EventNoteUpdated, nil); err != nil {
					errs <- err
					return
				}
				if i%5 == 0 {
					if err := st.DeleteNote(ctx, n.ID); err != nil {
						errs <- err
						return
					}
				}
			}
			// A transaction writing several notes, as a bulk import does.
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				errs <- err
				return
			}
			for i := 0; i < 10; i++ {
				title := uuid.NewString()
				if _, err := tx.Exec(`INSERT INTO notes (id, title, title_key, path, path_key, body, created_at, updated_at)
					VALUES ($1, $2::text, lower($2::text), $3::text, lower($3::text), $4, now(), now())`, uuid.New(), title, title+".md", "bulk shared words z"+title[:4]); err != nil {
					tx.Rollback()
					errs <- err
					return
				}
			}
			if err := tx.Commit(); err != nil {
				errs <- err
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent write: %v", err)
	}
	checkStats(t, db)
	ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "shared", Limit: 1000})
	var live int
	db.QueryRow(`SELECT count(*) FROM notes WHERE trashed_at IS NULL`).Scan(&live)
	if len(ids) != live {
		t.Fatalf("search for a word in every note found %d; want %d", len(ids), live)
	}
}

// TestSearchHugeNote indexes a 5 MB note (only its beginning is searchable)
// and checks the save stays within reason.
func TestSearchHugeNote(t *testing.T) {
	st := openStore(t)
	var b strings.Builder
	b.WriteString("needle at the start. ")
	for b.Len() < 5<<20 {
		b.WriteString("lorem ipsum dolor sit amet consectetur adipiscing elit ")
		b.WriteString(uuid.NewString())
		b.WriteString(" ")
	}
	n := create(t, st, "Huge.md", b.String())
	ids, hits := searchIDs(t, st, backend.SearchQuery{Text: "needle"})
	if len(ids) != 1 || ids[0] != n.ID || !strings.Contains(hits[0].Snippet, "<mark>needle</mark>") {
		t.Fatalf("got %+v; want the huge note with needle marked", hits)
	}
}

// BenchmarkSearch measures lexical search latency on synthetic notes: 10k
// notes, or SECONDBRAIN_BENCH_NOTES (e.g. 100000). Queries are one to three
// words of four letters or more, the last one sometimes a prefix; p50 and
// p99 are reported in milliseconds. The same notes are also written out as
// Markdown files and the first queries run through ripgrep (`rg -l -i -F`,
// any word, as file-based apps search) in the same run: rg_p50_ms and
// rg_ratio (ripgrep's p50 over ours) are the baseline users know, and
// legacy_p50_ms / legacy_p99_ms the same queries ranked without term lists
// and with the budget of before. The notes are imported once per process,
// for every -count and the probe run, so the first count also builds the
// term lists its queries need (search_top.go) and the later ones find them.
func BenchmarkSearch(b *testing.B) {
	env := searchBenchEnv(b)
	st, queries := env.st, env.queries
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := st.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
	}
	p50 := pct(0.50)
	b.ReportMetric(p50, "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	if b.N == 1 {
		return // the probe run; its metrics are not reported
	}
	// The same queries without term lists and with the budget of before,
	// in the same run (legacy_p50_ms, legacy_p99_ms).
	legacy := lexical.DefaultRanking
	legacy.CandidateBudget, legacy.TermLists = 2000, false
	old := make([]time.Duration, 0, len(queries))
	for _, q := range queries {
		t0 := time.Now()
		if _, err := st.SearchWith(ctx, q, legacy); err != nil {
			b.Fatal(err)
		}
		old = append(old, time.Since(t0))
	}
	sort.Slice(old, func(i, j int) bool { return old[i] < old[j] })
	b.ReportMetric(float64(old[len(old)/2])/float64(time.Millisecond), "legacy_p50_ms")
	b.ReportMetric(float64(old[min(len(old)-1, len(old)*99/100)])/float64(time.Millisecond), "legacy_p99_ms")
	// The same queries without the title tier (notier_p50_ms): its cost.
	plain := lexical.DefaultRanking
	plain.TitleTier = false
	bare := make([]time.Duration, 0, len(queries))
	for _, q := range queries {
		t0 := time.Now()
		if _, err := st.SearchWith(ctx, q, plain); err != nil {
			b.Fatal(err)
		}
		bare = append(bare, time.Since(t0))
	}
	sort.Slice(bare, func(i, j int) bool { return bare[i] < bare[j] })
	b.ReportMetric(float64(bare[len(bare)/2])/float64(time.Millisecond), "notier_p50_ms")
	files := b.TempDir()
	if err := env.writeFiles(files); err != nil {
		b.Fatal(err)
	}
	if rgP50, ok := ripgrepP50(b, files, queries[:min(len(queries), 25)]); ok {
		b.ReportMetric(rgP50, "rg_p50_ms")
		b.ReportMetric(rgP50/p50, "rg_ratio")
	}
}

// searchBench is the data of the search benchmark: a store holding the
// synthetic notes, and the query mix.
type searchBench struct {
	st      *store
	queries []backend.SearchQuery
}

var (
	searchBenchMu   sync.Mutex
	searchBenchEnvs = map[int]*searchBench{}
)

// searchBenchEnv returns the benchmark's notes for SECONDBRAIN_BENCH_NOTES
// (10k by default), importing them into a database of their own on first
// use; it lives as long as the package's cluster.
func searchBenchEnv(tb testing.TB) *searchBench {
	tb.Helper()
	n := 10000
	if v := os.Getenv("SECONDBRAIN_BENCH_NOTES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			tb.Fatalf("SECONDBRAIN_BENCH_NOTES=%q: want a positive number", v)
		}
	}
	searchBenchMu.Lock()
	defer searchBenchMu.Unlock()
	if env, ok := searchBenchEnvs[n]; ok {
		return env
	}
	// A database of its own, not dropped with this benchmark run's cleanup.
	scratch := pgtest.NewDatabase(tb)
	sdb, err := sql.Open("pgx", scratch)
	if err != nil {
		tb.Fatal(err)
	}
	name := fmt.Sprintf("search_bench_%d", n)
	_, err = sdb.Exec("CREATE DATABASE " + name)
	sdb.Close()
	if err != nil {
		tb.Fatal(err)
	}
	fields := strings.Fields(scratch)
	for i, f := range fields {
		if strings.HasPrefix(f, "dbname=") {
			fields[i] = "dbname=" + name
		}
	}
	dsn := strings.Join(fields, " ")
	st, err := pgstore.Open(context.Background(), dsn, nil)
	if err != nil {
		tb.Fatal(err)
	}
	env := &searchBench{st: withSearch(st)}
	env.queries = loadSearchBench(tb, st.DB(), n)
	searchBenchEnvs[n] = env
	return env
}

// loadSearchBench writes n synthetic notes and returns the query mix.
func loadSearchBench(tb testing.TB, db *sql.DB, n int) []backend.SearchQuery {
	tb.Helper()
	words := corpora.Words()
	rng := rand.New(rand.NewPCG(7, 9))
	pick := func(k int) string {
		i := rng.IntN(len(words) - k)
		return strings.Join(words[i:i+k], " ")
	}
	start := time.Now()
	const batch = 500
	for done := 0; done < n; done += batch {
		tx, err := db.Begin()
		if err != nil {
			tb.Fatal(err)
		}
		for i := done; i < min(n, done+batch); i++ {
			title := fmt.Sprintf("%s %d", pick(2+rng.IntN(6)), i)
			body := pick(50 + rng.IntN(250))
			if _, err := tx.Exec(`INSERT INTO notes (id, title, title_key, path, path_key, body, created_at, updated_at)
				VALUES ($1, $2::text, lower($2::text), $3::text, lower($3::text), $4, now(), now())`, uuid.New(), title, title+".md", body); err != nil {
				tb.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := db.Exec(`VACUUM ANALYZE`); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("indexed %d notes in %v", n, time.Since(start))
	var queries []backend.SearchQuery
	for len(queries) < 500 {
		var qw []string
		for len(qw) < 1+rng.IntN(3) {
			w := words[rng.IntN(len(words))]
			if len([]rune(w)) >= 4 {
				qw = append(qw, w)
			}
		}
		q := backend.SearchQuery{Text: strings.Join(qw, " "), Limit: 20}
		if rng.IntN(4) == 0 {
			last := []rune(qw[len(qw)-1])
			qw[len(qw)-1] = string(last[:3])
			q = backend.SearchQuery{Text: strings.Join(qw, " "), Limit: 20, Prefix: true}
		}
		queries = append(queries, q)
	}
	return queries
}

// writeFiles writes the benchmark's notes as Markdown files into dir, for
// ripgrep.
func (e *searchBench) writeFiles(dir string) error {
	rows, err := e.st.DB().Query(`SELECT title, body FROM notes`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var title, body string
		if err := rows.Scan(&title, &body); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.md", i)), []byte("# "+title+"\n\n"+body+"\n"), 0o644); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ripgrepP50 runs each query's words through ripgrep over dir and returns
// the median wall time in milliseconds; false when rg is not installed.
func ripgrepP50(b *testing.B, dir string, queries []backend.SearchQuery) (float64, bool) {
	b.Helper()
	rg, err := exec.LookPath("rg")
	if err != nil {
		b.Logf("rg not found (apt-get install ripgrep): no baseline")
		return 0, false
	}
	var lat []float64
	for _, q := range queries {
		args := []string{"-l", "-i", "-F", "--no-messages"}
		for _, w := range strings.Fields(q.Text) {
			args = append(args, "-e", w)
		}
		t0 := time.Now()
		// Exit status 1 means no match, which is fine.
		if err := exec.Command(rg, append(args, dir)...).Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatalf("rg: %v", err)
			}
		}
		lat = append(lat, float64(time.Since(t0))/float64(time.Millisecond))
	}
	sort.Float64s(lat)
	return lat[len(lat)/2], true
}

// TestSearchTitleTier: a note whose title or alias is the query ranks
// first, however long the other notes that say its name all the time, and
// however many link to them; then titles starting with the query; a typo
// finds the title when no title holds the query.
func TestSearchTitleTier(t *testing.T) {
	st := openStore(t)
	short := create(t, st, "Flancia.md", "A place.")
	long := create(t, st, "Journal of the flancia project.md", strings.Repeat("Today flancia grew; flancia is near. ", 400))
	for i := range 30 {
		create(t, st, fmt.Sprintf("Day %d.md", i), "Went to [[Journal of the flancia project]] and talked of flancia, flancia, flancia.")
	}
	longer := create(t, st, "Flancia collective.md", "People.")
	aliased := create(t, st, "The Agora of many names.md", "---\naliases: [Agora]\n---\nA commons.")
	mustExec(t, st.DB(), `INSERT INTO aliases (id, note_id, name, name_key) VALUES ($1, $2, 'Agora', 'agora')`, uuid.New(), aliased.ID)
	create(t, st, "Agora notes.md", strings.Repeat("agora agora agora ", 200))
	// Long titles a typo reaches only through trigrams; the decoys share
	// most trigrams but differ in length by more than the edits allowed.
	photo := create(t, st, "Photosynthesis notes.md", "Light.")
	create(t, st, "Photosynthesis notes of the whole summer school.md", "Leaves.")
	create(t, st, "Photosynthesis.md", "Chlorophyll.")

	cases := []struct {
		name  string
		q     backend.SearchQuery
		first []uuid.UUID // the first hits, in order
		tier  backend.TitleTier
	}{
		{"exact", backend.SearchQuery{Text: "flancia"}, []uuid.UUID{short.ID, longer.ID}, backend.TierExact},
		{"exact, other case and accent", backend.SearchQuery{Text: "FLÁNCIA"}, []uuid.UUID{short.ID}, backend.TierExact},
		{"prefix", backend.SearchQuery{Text: "flanc"}, []uuid.UUID{short.ID, longer.ID}, backend.TierPrefix},
		{"as you type", backend.SearchQuery{Text: "flanci", Prefix: true}, []uuid.UUID{short.ID}, backend.TierPrefix},
		{"typo", backend.SearchQuery{Text: "flnacia"}, []uuid.UUID{short.ID}, backend.TierTypo},
		{"two typos, longer", backend.SearchQuery{Text: "photosynthesiss notess"}, []uuid.UUID{photo.ID}, backend.TierTypo},
		{"two typos, shorter", backend.SearchQuery{Text: "photosynthsis nots"}, []uuid.UUID{photo.ID}, backend.TierTypo},
		{"alias", backend.SearchQuery{Text: "agora"}, []uuid.UUID{aliased.ID}, backend.TierExact},
		{"many words", backend.SearchQuery{Text: "journal of the flancia project"}, []uuid.UUID{long.ID}, backend.TierExact},
		{"limit one", backend.SearchQuery{Text: "flancia", Limit: 1}, []uuid.UUID{short.ID}, backend.TierExact},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ids, hits := searchIDs(t, st, tc.q)
			if len(ids) < len(tc.first) {
				t.Fatalf("got %d hits %v; want %v first", len(ids), ids, tc.first)
			}
			for i, id := range tc.first {
				if ids[i] != id {
					t.Fatalf("hit %d is %s (%s, %q); want %s", i+1, hits[i].Title, ids[i], hits[i].Why, id)
				}
			}
			if hits[0].Tier != tc.tier {
				t.Errorf("first hit's tier %d; want %d", hits[0].Tier, tc.tier)
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Errorf("hit %d scores %g above hit %d's %g", i+1, hits[i].Score, i, hits[i-1].Score)
				}
			}
			if tc.q.Limit > 0 && len(hits) > tc.q.Limit {
				t.Errorf("%d hits; want at most %d", len(hits), tc.q.Limit)
			}
		})
	}
	// A typo is forgiven only when no title holds the query: "flancia"
	// exactly does not bring its typos along.
	_, hits := searchIDs(t, st, backend.SearchQuery{Text: "flancia"})
	for _, h := range hits {
		if h.Tier == backend.TierTypo {
			t.Errorf("%s came as a typo of a query a title holds", h.Title)
		}
	}
	// A title without words is found by itself.
	tilde := create(t, st, "~.md", "A squiggle.")
	ids, hits0 := searchIDs(t, st, backend.SearchQuery{Text: "~"})
	if len(ids) != 1 || ids[0] != tilde.ID || hits0[0].Tier != backend.TierExact || hits0[0].Title != "~" {
		t.Errorf("search ~ = %+v; want the note ~", hits0)
	}
	// A prefix typed with its accents prefers the title that has them.
	accented := create(t, st, "Révolution.md", "A long word.")
	create(t, st, "revolt.md", "A short word.")
	_, hits = searchIDs(t, st, backend.SearchQuery{Text: "révol"})
	if len(hits) < 2 || hits[0].ID != accented.ID {
		t.Errorf("search révol: first %+v; want Révolution", hits)
	}
	// The filters apply to the tier.
	ids, _ = searchIDs(t, st, backend.SearchQuery{Text: "flancia", Folder: "nowhere"})
	if len(ids) != 0 {
		t.Errorf("folder filter: got %v; want none", ids)
	}
	// Excluded words switch the tier off: the title alone does not say
	// the note lacks them.
	_, hits = searchIDs(t, st, backend.SearchQuery{Text: "flancia -grew"})
	for _, h := range hits {
		if h.Tier != backend.TierNone {
			t.Errorf("%s in tier %d for a query with exclusions", h.Title, h.Tier)
		}
	}
}

// TestSearchBrowse: no words and a filter list the filter's notes, the most
// recently updated first, nested tags included; no words and no filter is
// still invalid.
func TestSearchBrowse(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	db := st.DB()
	a := create(t, st, "A.md", "first")
	b := create(t, st, "B.md", "second <b>bold</b>")
	c := create(t, st, "C.md", "third")
	create(t, st, "D.md", "untagged")
	mustExec(t, db, `INSERT INTO tags (id, name) VALUES ($1, 'proj'), ($2, 'proj/x'), ($3, 'project')`, uuid.New(), uuid.New(), uuid.New())
	mustExec(t, db, `INSERT INTO note_tags (note_id, tag_id) SELECT $1, id FROM tags WHERE name = 'proj'`, a.ID)
	mustExec(t, db, `INSERT INTO note_tags (note_id, tag_id) SELECT $1, id FROM tags WHERE name = 'proj/x'`, b.ID)
	mustExec(t, db, `INSERT INTO note_tags (note_id, tag_id) SELECT $1, id FROM tags WHERE name = 'project'`, c.ID)
	mustExec(t, db, `UPDATE notes SET updated_at = '2021-01-01T00:00:00Z' WHERE id = $1`, a.ID)
	mustExec(t, db, `UPDATE notes SET updated_at = '2023-01-01T00:00:00Z' WHERE id = $1`, b.ID)
	cases := []struct {
		name string
		q    backend.SearchQuery
		want []uuid.UUID
	}{
		{"tag with nested, newest first", backend.SearchQuery{Tags: []string{"#proj"}}, []uuid.UUID{b.ID, a.ID}},
		{"nested tag", backend.SearchQuery{Tags: []string{"proj/x"}}, []uuid.UUID{b.ID}},
		{"blank text", backend.SearchQuery{Text: "  ", Tags: []string{"PROJ"}}, []uuid.UUID{b.ID, a.ID}},
		{"limit", backend.SearchQuery{Tags: []string{"proj"}, Limit: 1}, []uuid.UUID{b.ID}},
		{"folder", backend.SearchQuery{Folder: "nowhere"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ids, hits := searchIDs(t, st, tc.q)
			if fmt.Sprint(ids) != fmt.Sprint(tc.want) && !(len(ids) == 0 && len(tc.want) == 0) {
				t.Fatalf("got %v; want %v", ids, tc.want)
			}
			for _, h := range hits {
				if h.Title == "" || h.Path == "" || h.UpdatedAt.IsZero() || h.Why == "" {
					t.Errorf("hit %+v lacks its details", h)
				}
				if strings.Contains(h.Snippet, "<b>") {
					t.Errorf("snippet %q is not escaped", h.Snippet)
				}
			}
		})
	}
	if _, err := st.Search(ctx, backend.SearchQuery{}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("no words, no filter: %v; want %s", err, backend.EINVALID)
	}
}

// TestSearchSnippetsReadable: snippets show a note's text as a reader sees
// it: link text without link syntax, no front matter unless only it
// matches (then as key: value), matched words marked, CJK cut between
// characters.
func TestSearchSnippetsReadable(t *testing.T) {
	st := openStore(t)
	create(t, st, "Engine.md", "---\ntitle: Engine\ntags: [history]\ncreated: 2024-01-02\n---\n"+
		"The engine was designed by [[Charles Babbage]] with [[Ada Lovelace|Ada]], see [the plans](https://example.org/plans) and ![a drawing](drawing.png).[^1]\n\n[^1]: Menabrea 1842\n")
	create(t, st, "Meta.md", "---\nauthor: Florence Nightingale\nstatus: draft\n---\nA note whose body never names its writer.\n")
	long := strings.Repeat("前文在这里。", 30) + "我们讨论知识管理的方法" + strings.Repeat("后面还有很多文字👍🏽と가각。", 30)
	create(t, st, "长文.md", long)
	filler := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 200) // 11 kB
	create(t, st, "Sky.md", "A quasar is mentioned here.\n\n"+filler+"\n\nThe quasar and the pulsar were seen together.\n\n"+filler)

	snippet := func(q string) string {
		t.Helper()
		_, hits := searchIDs(t, st, backend.SearchQuery{Text: q})
		if len(hits) == 0 {
			t.Fatalf("search %q found nothing", q)
		}
		return hits[0].Snippet
	}
	t.Run("links show as text", func(t *testing.T) {
		s := snippet("babbage")
		for _, bad := range []string{"[[", "]]", "](", "https://", "![", "[^1]", "---", "tags:", "created:"} {
			if strings.Contains(s, bad) {
				t.Errorf("snippet %q holds %q", s, bad)
			}
		}
		for _, want := range []string{"Charles <mark>Babbage</mark>", "with Ada,", "the plans", "a drawing"} {
			if !strings.Contains(s, want) {
				t.Errorf("snippet %q; want %q in it", s, want)
			}
		}
	})
	t.Run("front matter only when it matches", func(t *testing.T) {
		s := snippet("nightingale")
		if !strings.Contains(s, "author: Florence <mark>Nightingale</mark>") || strings.Contains(s, "---") {
			t.Errorf("snippet = %q; want the matching front matter as key: value", s)
		}
		if s := snippet("writer"); strings.Contains(s, "author") || !strings.Contains(s, "<mark>writer</mark>") {
			t.Errorf("snippet = %q; want the body, without front matter", s)
		}
	})
	t.Run("long note: the passage holding the words", func(t *testing.T) {
		s := snippet("quasar pulsar")
		if !strings.Contains(s, "<mark>quasar</mark> and the <mark>pulsar</mark>") || strings.Contains(s, "mentioned") {
			t.Errorf("snippet = %q; want the passage with both words, not the first mention", s)
		}
	})
	t.Run("cjk cut on characters", func(t *testing.T) {
		s := snippet("知识管理")
		if !utf8.ValidString(s) || !strings.Contains(s, "<mark>知识管理</mark>") {
			t.Fatalf("snippet = %q; want valid UTF-8 with 知识管理 marked", s)
		}
		text := strings.NewReplacer("<mark>", "", "</mark>", "", "… ", "", " …", "").Replace(s)
		if !strings.Contains(long, text) {
			t.Errorf("snippet text %q is not a stretch of the note", text)
		}
		if r, _ := utf8.DecodeLastRuneInString(text); r == 0x1F44D { // 👍 cut from its skin tone
			t.Errorf("snippet %q cuts an emoji from its modifier", s)
		}
	})
}

// TestSearchKorean: Korean words match with and without their particles
// and endings, and a query's whole word ranks the note holding it first.
func TestSearchKorean(t *testing.T) {
	st := openStore(t)
	install := create(t, st, "설치.md", "패키지를 설치하다")
	pkg := create(t, st, "패키지.md", "새 패키지 관리자")
	other := create(t, st, "기타.md", "키지와 관련 없는 글")
	for _, c := range []struct {
		q    string
		want uuid.UUID
	}{
		{"설치", install.ID},
		{"설치합니다", install.ID},
		{"패키지를", install.ID},
		{"패키지", pkg.ID},
		{"관리자가", pkg.ID},
	} {
		ids, _ := searchIDs(t, st, backend.SearchQuery{Text: c.q})
		if len(ids) == 0 || ids[0] != c.want {
			t.Errorf("search %q = %v; want %s first", c.q, ids, c.want)
		}
		if contains(ids, other.ID) && c.q != "패키지" && c.q != "패키지를" {
			t.Errorf("search %q found the unrelated note", c.q)
		}
	}
	ids, _ := searchIDs(t, st, backend.SearchQuery{Text: "패키지"})
	if !contains(ids, install.ID) {
		t.Errorf("search 패키지 = %v; want 패키지를 found too", ids)
	}
	// Whole words and their stems are indexed beside the character pairs.
	var v string
	if err := st.DB().QueryRow(`SELECT sb_tsvector('패키지를 설치합니다. Café 知识管理')::text`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	for _, lex := range []string{"'패키지를'", "'패키지'", "'설치합니다'", "'설치'", "'패키'", "'cafe'", "'知识'"} {
		if !strings.Contains(v, lex+":") {
			t.Errorf("sb_tsvector = %s; want %s in it", v, lex)
		}
	}
	// Up to two particles or endings go, as long as two syllables stay.
	for w, want := range map[string]string{
		"파일에서만": "파일", "설치하다": "설치", "패키지를": "패키지", "형식이지만": "형식",
		"나라가": "나라", "하나": "하나", "관리자": "관리자",
	} {
		var got string
		if err := st.DB().QueryRow(`SELECT sb_hangul_stem($1)`, w).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("sb_hangul_stem(%s) = %s; want %s", w, got, want)
		}
	}
}

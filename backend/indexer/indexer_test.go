package indexer_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/embedder"
	"secondbrain/backend/indexer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/vectorindex"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// counting wraps the built-in model, counts the texts it embeds, and can be
// made unavailable or to refuse texts holding "REFUSE".
type counting struct {
	backend.Embedder
	mu    sync.Mutex
	texts int
	down  bool
	gate  chan struct{} // when set, each call waits for a receive
}

func (c *counting) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if c.gate != nil {
		<-c.gate
	}
	c.mu.Lock()
	down := c.down
	c.mu.Unlock()
	if down {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the endpoint is down")
	}
	for _, t := range texts {
		if strings.Contains(t, "REFUSE") {
			return nil, backend.Errorf(backend.EINVALID, "the model refuses this text")
		}
	}
	c.mu.Lock()
	c.texts += len(texts)
	c.mu.Unlock()
	return c.Embedder.Embed(ctx, texts)
}

func (c *counting) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.texts
	c.texts = 0
	return n
}

func setup(t *testing.T) (*pgstore.Store, *counting) {
	t.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m, err := embedder.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return st, &counting{Embedder: m}
}

func create(t *testing.T, st *pgstore.Store, title, body string) *backend.Note {
	t.Helper()
	n, err := st.CreateNote(context.Background(), backend.NewNote{Title: title, Path: "f/" + title + ".md", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func counts(t *testing.T, ix *indexer.Indexer) backend.EmbeddingCounts {
	t.Helper()
	p, err := ix.Progress(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p.EmbeddingCounts
}

// TestIndexerHashSkipping checks that an unchanged chunk is never embedded
// twice: not on a second pass, not when another chunk of its note changes,
// not in a new indexer over the same store (a restart).
func TestIndexerHashSkipping(t *testing.T) {
	ctx := context.Background()
	st, emb := setup(t)
	a := create(t, st, "Bread", "# Sourdough\n\nFlour, water and salt.\n\n# Rye\n\nDense and dark.")
	create(t, st, "Stocks", "The market fell on Tuesday.")
	create(t, st, "Empty", "")
	index := vectorindex.New(emb.Dim())
	ix := indexer.New(st, emb, index, indexer.Options{})
	n, err := ix.CatchUp(ctx)
	if err != nil || n != 3 {
		t.Fatalf("CatchUp = %d, %v; want 3 notes", n, err)
	}
	if got := emb.count(); got != 4 {
		t.Errorf("embedded %d chunks; want 4", got)
	}
	if c := counts(t, ix); c != (backend.EmbeddingCounts{Indexed: 3, Total: 3}) {
		t.Errorf("counts %+v", c)
	}
	if got, _ := index.Count(ctx); got != 4 {
		t.Errorf("index holds %d points; want 4", got)
	}
	if n, _ := ix.CatchUp(ctx); n != 0 || emb.count() != 0 {
		t.Errorf("second pass indexed %d notes; want none", n)
	}
	// Change one section: only it is embedded again.
	if _, err := st.UpdateBody(ctx, a.ID, a.Version, "# Sourdough\n\nFlour, water and salt.\n\n# Rye\n\nDense, dark and sour.", backend.Derived{}, "note.saved", nil); err != nil {
		t.Fatal(err)
	}
	restarted := indexer.New(st, emb, index, indexer.Options{})
	if n, err := restarted.CatchUp(ctx); err != nil || n != 1 {
		t.Fatalf("CatchUp after an edit = %d, %v", n, err)
	}
	if got := emb.count(); got != 1 {
		t.Errorf("embedded %d chunks after a one-section edit; want 1", got)
	}
	p, _ := restarted.Progress(ctx)
	if p.Reused != 1 || p.Embedded != 1 {
		t.Errorf("progress %+v; want 1 reused, 1 embedded", p)
	}
	// Trash a note: its points go.
	if _, err := st.SetTrashed(ctx, a.ID, true); err != nil {
		t.Fatal(err)
	}
	restarted.CatchUp(ctx)
	if got, _ := index.Count(ctx); got != 2 {
		t.Errorf("index holds %d points after trashing; want 2", got)
	}
	// A fresh index loads what PostgreSQL holds.
	fresh := vectorindex.New(emb.Dim())
	if n, err := indexer.LoadIndex(ctx, st, emb.Model(), fresh); err != nil || n != 2 {
		t.Errorf("LoadIndex = %d, %v; want 2", n, err)
	}
}

// TestIndexerFailuresAndOutage checks that a chunk the model refuses fails
// alone with its reason, and that an unavailable embedder stops the pass
// without losing anything: the next pass goes on.
func TestIndexerFailuresAndOutage(t *testing.T) {
	ctx := context.Background()
	st, emb := setup(t)
	bad := create(t, st, "Bad", "fine paragraph\n\n# Two\n\nREFUSE this one")
	for i := range 5 {
		create(t, st, "Note"+string(rune('A'+i)), "some text about gardens")
	}
	ix := indexer.New(st, emb, vectorindex.New(emb.Dim()), indexer.Options{Batch: 2, Notes: 2})
	emb.down = true
	if _, err := ix.CatchUp(ctx); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Fatalf("CatchUp with the embedder down: %v; want EUNAVAILABLE", err)
	}
	if p, _ := ix.Progress(ctx); p.LastError == "" || p.Indexed != 0 {
		t.Errorf("progress %+v; want the error and nothing indexed", p)
	}
	emb.down = false
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, ix); c != (backend.EmbeddingCounts{Indexed: 6, Total: 6, Failed: 1}) {
		t.Errorf("counts %+v; want 6/6 and one failed chunk", c)
	}
	fs, err := ix.Failures(ctx, 10)
	if err != nil || len(fs) != 1 || fs[0].NoteID != bad.ID || fs[0].Ordinal != 1 || !strings.Contains(fs[0].Reason, "refuses") {
		t.Errorf("failures %+v, %v", fs, err)
	}
}

// TestIndexerPause checks that a paused pass waits and goes on after Resume.
func TestIndexerPause(t *testing.T) {
	ctx := context.Background()
	st, emb := setup(t)
	for i := range 4 {
		create(t, st, "N"+string(rune('A'+i)), "text")
	}
	emb.gate = make(chan struct{})
	ix := indexer.New(st, emb, nil, indexer.Options{Notes: 1})
	paused := make(chan struct{}, 1)
	indexer.SetHooks(ix, func() {
		select {
		case paused <- struct{}{}:
		default:
		}
	}, nil)
	done := make(chan error, 1)
	go func() { _, err := ix.CatchUp(ctx); done <- err }()
	select {
	case emb.gate <- struct{}{}: // the first note embeds
	case err := <-done:
		t.Fatalf("CatchUp ended before embedding: %v", err)
	}
	ix.Pause()
	close(emb.gate)
	select {
	case <-paused: // the pass waits for Resume
	case err := <-done:
		t.Fatalf("CatchUp ended while paused: %v", err)
	}
	if c := counts(t, ix); c.Indexed > 2 {
		t.Errorf("paused indexer indexed %d notes", c.Indexed)
	}
	if p, _ := ix.Progress(ctx); !p.Paused || !p.Running {
		t.Errorf("progress %+v; want running and paused", p)
	}
	ix.Resume()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if c := counts(t, ix); c.Indexed != 4 {
		t.Errorf("indexed %d notes after Resume; want 4", c.Indexed)
	}
}

// TestRunWakesOnTheLog: a running indexer with the event log to listen to
// embeds a new note without waiting for its poll.
func TestRunWakesOnTheLog(t *testing.T) {
	st, emb := setup(t)
	ix := indexer.New(st, emb, nil, indexer.Options{Events: st, Poll: time.Hour})
	passes := make(chan struct{}, 16)
	indexer.SetHooks(ix, nil, func() {
		select {
		case passes <- struct{}{}:
		default: // the test has signals to read already
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ix.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	<-passes // the first pass, after Run listens
	create(t, st, "Woken", "Indexed without a poll.")
	for counts(t, ix).Indexed != 1 {
		<-passes // woken by the note's event
	}
}

func TestPointIDStable(t *testing.T) {
	n := uuid.MustParse("5b1a8f0e-0000-4000-8000-000000000001")
	if indexer.PointID(n, "m", 0) != indexer.PointID(n, "m", 0) || indexer.PointID(n, "m", 0) == indexer.PointID(n, "m", 1) ||
		indexer.PointID(n, "m", 0) == indexer.PointID(n, "m2", 0) {
		t.Error("PointID is not stable per (note, model, ordinal)")
	}
}

// renamed is the built-in model under another id, as a model change looks.
type renamed struct{ *counting }

func (renamed) Model() string { return "other-model@1" }

// TestIndexerModelChange checks that another model embeds every note again
// and replaces the old model's chunks.
func TestIndexerModelChange(t *testing.T) {
	ctx := context.Background()
	st, emb := setup(t)
	create(t, st, "A", "alpha")
	create(t, st, "B", "beta")
	if _, err := indexer.New(st, emb, nil, indexer.Options{}).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	emb.count()
	other := indexer.New(st, renamed{emb}, nil, indexer.Options{})
	if c := counts(t, other); c.Indexed != 0 || c.Total != 2 {
		t.Errorf("counts under a new model %+v; want 0/2", c)
	}
	if n, err := other.CatchUp(ctx); err != nil || n != 2 || emb.count() != 2 {
		t.Fatalf("CatchUp under a new model = %d, %v", n, err)
	}
	if c := counts(t, indexer.New(st, emb, nil, indexer.Options{})); c.Indexed != 0 {
		t.Errorf("the old model still has %d notes indexed", c.Indexed)
	}
}

// TestCatchUpNotesSinceMark: a complete pass records its mark; the notes
// the event log shows changed after it are all CatchUpNotes needs to embed
// new and edited notes and drop trashed ones, leaving nothing pending.
func TestCatchUpNotesSinceMark(t *testing.T) {
	ctx := context.Background()
	st, emb := setup(t)
	a := create(t, st, "Bread", "Flour, water and salt.")
	b := create(t, st, "Stocks", "The market fell on Tuesday.")
	index := vectorindex.New(emb.Dim())
	ix := indexer.New(st, emb, index, indexer.Options{Mark: st.SettledSeq})
	if ix.CaughtUp() != 0 {
		t.Fatalf("CaughtUp before a pass = %d; want 0", ix.CaughtUp())
	}
	before, err := st.SettledSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	mark := ix.CaughtUp()
	if mark < before || mark == 0 {
		t.Fatalf("CaughtUp = %d; want the seq at the pass's start (≥ %d)", mark, before)
	}
	c := create(t, st, "Hiking", "The trail climbs through pine forest.")
	if _, err := st.UpdateBody(ctx, a.ID, a.Version, "Flour, water, salt and time.", backend.Derived{}, "note.saved", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetTrashed(ctx, b.ID, true); err != nil {
		t.Fatal(err)
	}
	ids, next, tooMany, err := st.NotesTouchedSince(ctx, mark, 100)
	if err != nil || tooMany || next <= mark {
		t.Fatalf("NotesTouchedSince = %v, %d, %v, %v", ids, next, tooMany, err)
	}
	if len(ids) != 3 {
		t.Fatalf("notes touched since the mark = %v; want Bread, Stocks and Hiking", ids)
	}
	n, err := ix.CatchUpNotes(ctx, ids)
	if err != nil || n != 2 {
		t.Fatalf("CatchUpNotes = %d, %v; want Bread and Hiking indexed", n, err)
	}
	if got := counts(t, ix); got != (backend.EmbeddingCounts{Indexed: 2, Total: 2}) {
		t.Errorf("counts %+v; want 2 of 2 indexed", got)
	}
	if p, _ := st.PendingNotes(ctx, emb.Model(), uuid.Nil, 10); len(p) != 0 {
		t.Errorf("%d notes still pending", len(p))
	}
	hits, _ := index.Search(ctx, mustEmbed(t, emb, "forest trail"), 5, backend.VectorFilter{})
	seen := map[uuid.UUID]bool{}
	for _, h := range hits {
		seen[h.NoteID] = true
	}
	if !seen[c.ID] || !seen[a.ID] || seen[b.ID] {
		t.Errorf("index holds notes %v; want Bread and Hiking, not the trashed Stocks", seen)
	}
	if n, err := ix.CatchUpNotes(ctx, ids); err != nil || n != 0 {
		t.Errorf("second CatchUpNotes = %d, %v; want nothing to do", n, err)
	}
	if _, _, tooMany, _ := st.NotesTouchedSince(ctx, mark, 2); !tooMany {
		t.Error("3 notes touched with at most 2 wanted: tooMany not set")
	}
}

func mustEmbed(t *testing.T, emb backend.Embedder, text string) []float32 {
	t.Helper()
	v, err := emb.Embed(context.Background(), []string{text})
	if err != nil {
		t.Fatal(err)
	}
	return v[0]
}

package projector_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/neo4jgraph/neo4jtest"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/projector"
	"secondbrain/backend/service"
	"secondbrain/backend/sqlgraph"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type fixture struct {
	t     *testing.T
	ctx   context.Context
	st    *pgstore.Store
	notes *service.Notes
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return &fixture{t: t, ctx: context.Background(), st: st, notes: service.NewNotes(st, nil)}
}

func (f *fixture) create(title, body string) *backend.Note {
	f.t.Helper()
	n, err := f.notes.Create(f.ctx, title, "", body)
	if err != nil {
		f.t.Fatalf("create %q: %v", title, err)
	}
	return n
}

// overview is the whole graph as a comparable value.
func overview(t *testing.T, g backend.Graph) *backend.Subgraph {
	t.Helper()
	sg, err := g.Overview(context.Background(), 100_000)
	if err != nil {
		t.Fatalf("overview: %v", err)
	}
	return sg
}

func sameGraph(t *testing.T, what string, got, want *backend.Subgraph) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s differ:\n got %+v\nwant %+v", what, got, want)
	}
}

// history writes a vault through every kind of change, calling step
// between changes so that an incremental projection sees each state.
func (f *fixture) history(step func()) {
	t := f.t
	ada := f.create("Ada", "#person [[Babbage]] [[Engine]] [[Nowhere]]")
	step()
	bab := f.create("Babbage", "---\ntype: person\nauthor: \"[[Ada]]\"\n---\n[[Ada]] #person")
	step()
	engine := f.create("Engine", "![[Ada]] [[Babbage]] [[Babbage]]")
	step()
	if _, err := f.notes.Save(f.ctx, ada.ID.String(), ada.Version, "#person #math [[Babbage]] [[Engine]] [[Loom]]"); err != nil {
		t.Fatal(err)
	}
	step()
	loom := f.create("Loom", "[[Jacquard]]") // resolves Ada's link to Loom
	step()
	// An alias resolves Loom's link to Engine, which is only saved.
	if _, err := f.notes.Save(f.ctx, engine.ID.String(), engine.Version, "---\naliases: [Jacquard]\n---\n![[Ada]] [[Babbage]] [[Babbage]]"); err != nil {
		t.Fatal(err)
	}
	step()
	if _, err := f.notes.Rename(f.ctx, bab.ID.String(), bab.Version, "Charles Babbage", false); err != nil {
		t.Fatal(err) // Ada's and Engine's links are detached
	}
	step()
	if _, err := f.notes.Trash(f.ctx, loom.ID.String()); err != nil {
		t.Fatal(err)
	}
	step()
	if _, err := f.notes.Restore(f.ctx, loom.ID.String()); err != nil {
		t.Fatal(err)
	}
	step()
	tmp := f.create("Temp", "[[Ada]] #scratch")
	step()
	if err := f.notes.Delete(f.ctx, tmp.ID.String()); err != nil {
		t.Fatal(err)
	}
	step()
	// An import: notes written in a batch, links resolved afterwards in a
	// transaction of their own.
	var batch []backend.NoteWrite
	for i := range 5 {
		title := fmt.Sprintf("Imp%d", i)
		body := fmt.Sprintf("[[Imp%d]] [[Ada]] #imported", (i+1)%5)
		batch = append(batch, backend.NoteWrite{Title: title, Path: title + ".md", Body: body, Derived: service.Derive(title+".md", body)})
	}
	if _, err := f.st.WriteNotes(f.ctx, batch); err != nil {
		t.Fatal(err)
	}
	step()
	if _, err := f.st.ResolveLinks(f.ctx); err != nil {
		t.Fatal(err)
	}
	step()
}

// TestIncrementalEqualsRebuild projects a history incrementally, one
// change at a time, then rebuilds into another namespace: both must equal
// each other and the SQL graph over the same tables.
func TestIncrementalEqualsRebuild(t *testing.T) {
	f := newFixture(t)
	inc := neo4jtest.Open(t)
	p := projector.New(f.st, inc, projector.Options{Name: "neo4j"})
	sg := sqlgraph.New(f.st.DB())
	step := 0
	f.history(func() {
		if _, err := p.CatchUp(f.ctx); err != nil {
			t.Fatalf("catch up: %v", err)
		}
		step++
		sameGraph(t, fmt.Sprintf("after change %d, incremental and SQL graphs", step), overview(t, inc), overview(t, sg))
	})
	reb := neo4jtest.Open(t)
	p2 := projector.New(f.st, reb, projector.Options{Name: "neo4j_rebuild"})
	st, err := p2.Rebuild(f.ctx)
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if st.Notes != 9 {
		t.Errorf("rebuild notes = %d; want 9", st.Notes)
	}
	want := overview(t, sqlgraph.New(f.st.DB()))
	sameGraph(t, "incremental and SQL graphs", overview(t, inc), want)
	sameGraph(t, "rebuilt and SQL graphs", overview(t, reb), want)
	status, err := p.Status(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if status.LagEvents != 0 || status.LastError != "" {
		t.Errorf("status after catch-up = %+v; want no lag, no error", status)
	}
}

// TestReplayIsHarmless applies the same states twice, and replays the
// whole log from checkpoint 0 over an up-to-date graph.
func TestReplayIsHarmless(t *testing.T) {
	f := newFixture(t)
	g := neo4jtest.Open(t)
	f.history(func() {})
	p := projector.New(f.st, g, projector.Options{Name: "neo4j", BatchSize: 3})
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatal(err)
	}
	once := overview(t, g)
	if _, err := f.st.DB().Exec(`UPDATE projections SET seq = 0 WHERE name = 'neo4j'`); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatal(err)
	}
	sameGraph(t, "graphs after a replay", overview(t, g), once)
	// The same batch twice through the target directly.
	tx, err := f.st.BeginProjection(f.ctx, "probe")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ids, err := tx.LiveNotes(f.ctx, uuid.Nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	states, _, err := tx.NoteStates(f.ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := g.Apply(f.ctx, states); err != nil {
			t.Fatal(err)
		}
	}
	sameGraph(t, "graphs after applying a batch twice", overview(t, g), once)
}

// TestTargetDown: with Neo4j unreachable, writes go on, the lag grows and
// the error is recorded; once it is back, the projection catches up.
func TestTargetDown(t *testing.T) {
	f := newFixture(t)
	good := neo4jtest.Open(t)
	opts := neo4jtest.Options(t)
	opts.URI = "bolt://127.0.0.1:1" // nothing listens there
	down, err := neo4jgraph.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close(f.ctx)
	p := projector.New(f.st, down, projector.Options{Name: "neo4j"})
	f.create("One", "[[Two]]")
	_, err = p.CatchUp(f.ctx)
	if backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Fatalf("catch up with Neo4j down = %v; want %s", err, backend.EUNAVAILABLE)
	}
	f.create("Two", "[[One]]") // writes keep succeeding
	st, err := p.Status(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.LagEvents != 2 || st.LagSeconds <= 0 || !strings.Contains(st.LastError, "unavailable") {
		t.Fatalf("status while down = %+v; want lag 2 and an unavailable error", st)
	}
	if strings.Contains(st.LastError, opts.Password) && opts.Password != "" {
		t.Fatalf("last error %q shows the password", st.LastError)
	}
	p.SetTarget(good)
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatalf("catch up after recovery: %v", err)
	}
	st, _ = p.Status(f.ctx)
	if st.LagEvents != 0 || st.LastError != "" {
		t.Fatalf("status after recovery = %+v; want no lag, no error", st)
	}
	sameGraph(t, "recovered and SQL graphs", overview(t, good), overview(t, sqlgraph.New(f.st.DB())))
}

// TestRunWakesOnNotify: the running projector applies a change without
// waiting for its poll.
func TestRunWakesOnNotify(t *testing.T) {
	f := newFixture(t)
	g := neo4jtest.Open(t)
	p := projector.New(f.st, g, projector.Options{Name: "neo4j", PollInterval: time.Hour})
	passes := make(chan struct{}, 16)
	projector.SetRunHook(p, func() {
		select {
		case passes <- struct{}{}:
		default: // the test has signals to read already
		}
	})
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	<-passes // the first pass, after Run listens
	n := f.create("Woken", "#fast")
	for {
		<-passes // woken by the note's event: no poll comes within the test
		if _, err := g.Backlinks(f.ctx, n.ID.String()); err == nil {
			return
		}
	}
}

// insertUncommitted begins a transaction that creates a note and its event
// and returns it uncommitted, with the event's seq.
func insertUncommitted(t *testing.T, db *sql.DB, title string) (*sql.Tx, int64) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	id := uuid.New()
	if _, err := tx.Exec(`INSERT INTO notes (id, title, title_key, path, path_key, body, content_hash, version, created_at, updated_at)
		VALUES ($1, $2::text, lower($2::text), $2::text || '.md', lower($2::text) || '.md', '', '', 1, now(), now())`, id, title); err != nil {
		t.Fatal(err)
	}
	var seq int64
	if err := tx.QueryRow(`INSERT INTO events (time, kind, note_id, payload) VALUES (now(), 'note.created', $1, '{}') RETURNING seq`, id).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return tx, seq
}

// TestLateCommit: a transaction that drew a lower seq commits after a
// higher one was projected; the checkpoint waits for it and the note is
// projected. A rolled-back seq is passed over.
func TestLateCommit(t *testing.T) {
	f := newFixture(t)
	g := neo4jtest.Open(t)
	p := projector.New(f.st, g, projector.Options{Name: "neo4j"})
	slow, slowSeq := insertUncommitted(t, f.st.DB(), "Slow")
	fast := f.create("Fast", "")
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatal(err)
	}
	st, _ := p.Status(f.ctx)
	if st.Seq != slowSeq-1 {
		t.Fatalf("checkpoint with seq %d in flight = %d; want %d", slowSeq, st.Seq, slowSeq-1)
	}
	if _, err := g.Backlinks(f.ctx, fast.ID.String()); err != nil {
		t.Fatalf("the note above the gap is not projected: %v", err)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatal(err)
	}
	st, _ = p.Status(f.ctx)
	if st.LagEvents != 0 {
		t.Fatalf("status after the late commit = %+v; want no lag", st)
	}
	sameGraph(t, "graphs after the late commit", overview(t, g), overview(t, sqlgraph.New(f.st.DB())))

	// A rolled-back seq below a committed one never appears.
	gone, goneSeq := insertUncommitted(t, f.st.DB(), "Gone")
	f.create("After", "")
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ = p.Status(f.ctx); st.Seq != goneSeq-1 {
		t.Fatalf("checkpoint with seq %d in flight = %d; want %d", goneSeq, st.Seq, goneSeq-1)
	}
	if err := gone.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ = p.Status(f.ctx); st.LagEvents != 0 {
		t.Fatalf("status after the rollback = %+v; want the checkpoint past the lost seq", st)
	}
	// A rebuild with a seq in flight also leaves it to the next catch-up.
	late, lateSeq := insertUncommitted(t, f.st.DB(), "Late")
	f.create("Later", "")
	if _, err := p.Rebuild(f.ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ = p.Status(f.ctx); st.Seq != lateSeq-1 {
		t.Fatalf("checkpoint after a rebuild with seq %d in flight = %d; want %d", lateSeq, st.Seq, lateSeq-1)
	}
	if err := late.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CatchUp(f.ctx); err != nil {
		t.Fatal(err)
	}
	sameGraph(t, "graphs after a rebuild and a late commit", overview(t, g), overview(t, sqlgraph.New(f.st.DB())))
}

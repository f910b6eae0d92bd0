package eventlog_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync/atomic"
	"testing"

	"secondbrain/backend/eventlog"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/testwait"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st.DB()
}

// appendEvent appends an event in its own transaction (or in tx) and returns its seq.
func appendEvent(t *testing.T, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) int64 {
	t.Helper()
	var seq int64
	if err := q.QueryRowContext(context.Background(), `INSERT INTO events (time, kind, payload) VALUES (now(), 'setting.changed', '{}') RETURNING seq`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// read reads the events after c in a snapshot of its own and returns their seqs and the cursor after them.
func read(t *testing.T, db *sql.DB, c eventlog.Cursor) ([]int64, eventlog.Cursor) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	snap, err := eventlog.ReadSnapshot(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	next, err := c.Read(ctx, tx, snap, `kind`, nil, func(r *sql.Rows) (int64, error) {
		var s int64
		var kind string
		err := r.Scan(&s, &kind)
		seqs = append(seqs, s)
		return s, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return seqs, next
}

// TestCursorWaitsForLateCommits checks the rule for seqs drawn by a
// transaction that commits after a later one: a reader that met the later
// seq first still gets the earlier one once it commits, and stops waiting
// for a seq whose transaction rolled back.
func TestCursorWaitsForLateCommits(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	tx0, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := eventlog.ReadSnapshot(ctx, tx0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := eventlog.Start(ctx, tx0, snap)
	if err != nil {
		t.Fatal(err)
	}
	tx0.Rollback()

	slow, err := db.BeginTx(ctx, nil) // draws a seq, commits last
	if err != nil {
		t.Fatal(err)
	}
	late := appendEvent(t, slow)
	doomed, err := db.BeginTx(ctx, nil) // draws a seq, rolls back
	if err != nil {
		t.Fatal(err)
	}
	gone := appendEvent(t, doomed)
	after := appendEvent(t, db)

	seqs, c := read(t, db, c)
	if !slices.Equal(seqs, []int64{after}) || c.Seq != after || c.Pending() != 2 {
		t.Fatalf("first read: seqs %v, cursor at %d waiting for %d; want [%d] at %d waiting for 2", seqs, c.Seq, c.Pending(), after, after)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := doomed.Rollback(); err != nil {
		t.Fatal(err)
	}
	seqs, c = read(t, db, c)
	if !slices.Equal(seqs, []int64{late}) || c.Pending() != 0 {
		t.Fatalf("after the commit: seqs %v, waiting for %d; want [%d] (and %d given up)", seqs, c.Pending(), late, gone)
	}
	seqs, c = read(t, db, c)
	if len(seqs) != 0 {
		t.Fatalf("a third read got %v; want nothing new", seqs)
	}
	next := appendEvent(t, db)
	if seqs, _ = read(t, db, c); !slices.Equal(seqs, []int64{next}) {
		t.Fatalf("then: %v; want [%d]", seqs, next)
	}
}

// TestMirror checks the background build: Use finds no copy until it is
// built, uses it after, and a dropped copy is built again.
func TestMirror(t *testing.T) {
	var loads atomic.Int32
	release := make(chan struct{})
	m := eventlog.NewMirror(func(ctx context.Context) (*int, error) {
		n := int(loads.Add(1))
		if n == 1 {
			<-release
		}
		if n == 2 {
			return nil, errors.New("the second build fails")
		}
		return &n, nil
	})
	used, err := m.Use(func(*int) (bool, error) { t.Fatal("fn ran without a copy"); return false, nil })
	if used || err != nil {
		t.Fatalf("before Enable: used %v, %v", used, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m.Enable(ctx)
	if used, _ := m.Use(func(*int) (bool, error) { return false, nil }); used || m.Built() {
		t.Fatal("used a copy that is still being built")
	}
	close(release)
	waitBuilt(t, m)
	var got int
	used, err = m.Use(func(v *int) (bool, error) {
		got = *v
		return true, errors.New("drop it")
	})
	if !used || err == nil || got != 1 {
		t.Fatalf("after the build: used %v, err %v, copy %d; want used, the error, copy 1", used, err, got)
	}
	// The copy was dropped; the rebuild fails once, and the next Use starts another.
	testwait.Eventually(t, "the copy built again", func() bool {
		m.Use(func(*int) (bool, error) { return false, nil })
		return m.Built()
	})
	m.Use(func(v *int) (bool, error) {
		got = *v
		return false, nil
	})
	if got != 3 {
		t.Fatalf("rebuilt copy %d; want the third load's", got)
	}
	cancel()
	// Use decides whether to start a build before it returns: no build
	// may start once the context ended, so there is no load to wait for.
	m.Use(func(*int) (bool, error) { return true, nil })
	if m.Built() || loads.Load() != 3 {
		t.Fatalf("after its context ended: built %v after %d loads; want no copy and no fourth load", m.Built(), loads.Load())
	}
	m.Use(func(*int) (bool, error) { t.Fatal("fn ran without a copy"); return false, nil })
	if loads.Load() != 3 {
		t.Fatalf("a Use after the context ended started load %d", loads.Load())
	}
}

func waitBuilt[T any](t *testing.T, m *eventlog.Mirror[T]) {
	t.Helper()
	testwait.Eventually(t, "the copy built", m.Built)
}

// TestCursorAdvance checks the gap rule on its own, as every follower of
// the log (projectors, in-memory copies) applies it: seqs skipped wait
// with the read's bound, a late commit fills its gap, and a gap whose
// bound a later snapshot's xmin reaches is given up.
func TestCursorAdvance(t *testing.T) {
	c := eventlog.At(10)
	if c.Settled() != 10 || c.Pending() != 0 {
		t.Fatalf("At(10): settled %d, %d pending", c.Settled(), c.Pending())
	}
	// 11 and 13 are missing from a read whose bound is 100.
	next, fresh := c.Advance([]int64{12, 14}, 100, 50)
	if c.Seq != 10 || c.Pending() != 0 {
		t.Fatalf("Advance changed the cursor it was called on: %+v", c)
	}
	if next.Seq != 14 || fresh != 2 || !slices.Equal(next.PendingSeqs(), []int64{11, 13}) || next.Settled() != 10 {
		t.Fatalf("after 12, 14: at %d (%d fresh), waiting for %v, settled %d; want 14, 2, [11 13], 10",
			next.Seq, fresh, next.PendingSeqs(), next.Settled())
	}
	// 11 commits late; 13's transaction is still possible (xmin below 100).
	next, fresh = next.Advance([]int64{11, 15}, 120, 99)
	if next.Seq != 15 || fresh != 1 || !slices.Equal(next.PendingSeqs(), []int64{13}) || next.Settled() != 12 {
		t.Fatalf("after 11, 15: at %d (%d fresh), waiting for %v, settled %d; want 15, 1, [13], 12",
			next.Seq, fresh, next.PendingSeqs(), next.Settled())
	}
	// Every transaction below 100 has ended: 13 was rolled back.
	next, fresh = next.Advance(nil, 130, 100)
	if next.Seq != 15 || fresh != 0 || next.Pending() != 0 || next.Settled() != 15 {
		t.Fatalf("after xmin 100: at %d, waiting for %v, settled %d; want 15, none, 15", next.Seq, next.PendingSeqs(), next.Settled())
	}
}

// Package eventlog follows the events table: every write appends its events
// to the table in its own transaction, so whatever is derived from the
// tables — a copy of some tables in memory (the SQL graph's walk index, the
// title index), a projection (backend/projector) — is kept in step by
// reading, in each later snapshot, the events after the last one applied.
// A Cursor is that place in the log; it is the one implementation of the
// rule below, shared by every follower.
//
// Seqs are drawn before their transaction commits, so a later read can meet
// a seq below the highest one read — or never meet it, when its
// transaction rolls back. A Cursor remembers the seqs missing from a read,
// each with a bound: a transaction id above that of every transaction that
// could still commit it (a snapshot's xmax, or an id drawn after the read).
// It keeps asking for them until a later snapshot's xmin reaches the bound:
// by then their transactions have ended, so a seq still missing was rolled
// back. This relies on every writer appending its event after another write
// of the same transaction (true of every writer in pgstore), so that its
// transaction id precedes its seq.
package eventlog

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strconv"
)

// gapWindow is how far below the highest seq a first read looks for seqs
// that a running transaction may still commit.
const gapWindow = 10_000

// Querier is what a cursor reads with: a read-only repeatable-read
// transaction, so that the snapshot and the events read are one view.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Snapshot is where a read transaction stands in the event log.
type Snapshot struct {
	// Xmin and Xmax bound the snapshot's transactions (xid8 values).
	Xmin, Xmax uint64
	// MaxSeq is the highest seq the snapshot shows, 0 for none.
	MaxSeq int64
}

// ReadSnapshot reads db's snapshot.
func ReadSnapshot(ctx context.Context, db Querier) (Snapshot, error) {
	var s Snapshot
	var xmin, xmax string
	err := db.QueryRowContext(ctx, `
		SELECT pg_snapshot_xmin(pg_current_snapshot())::text, pg_snapshot_xmax(pg_current_snapshot())::text,
		       coalesce((SELECT max(seq) FROM events), 0)`).Scan(&xmin, &xmax, &s.MaxSeq)
	if err != nil {
		return s, err
	}
	s.Xmin, _ = strconv.ParseUint(xmin, 10, 64)
	s.Xmax, _ = strconv.ParseUint(xmax, 10, 64)
	return s, nil
}

// Cursor is how far a follower has applied the event log: every event up
// to Seq but the pending ones. The zero Cursor has applied nothing.
type Cursor struct {
	// Seq is the highest seq applied.
	Seq  int64
	gaps map[int64]uint64 // seqs below Seq not read yet → bound
}

// At returns the cursor of a follower that has applied every event up to
// seq and waits for none (a stored checkpoint).
func At(seq int64) Cursor { return Cursor{Seq: seq} }

// PendingSeqs returns the seqs below c.Seq that c still waits for, in order.
func (c Cursor) PendingSeqs() []int64 { return slices.Sorted(maps.Keys(c.gaps)) }

// Settled is the highest seq up to which every event is applied or known
// never to appear: a checkpoint that a restart can resume from.
func (c Cursor) Settled() int64 {
	if len(c.gaps) == 0 {
		return c.Seq
	}
	return slices.Min(slices.Collect(maps.Keys(c.gaps))) - 1
}

// Advance returns the cursor after applying a read of the log that
// returned seqs, in order: the events after c.Seq and any of the pending
// ones. bound exceeds the id of every transaction that could still commit
// a seq the read did not show; every transaction below xmin had ended when
// the read began (0 settles nothing). fresh counts the seqs above c.Seq. c
// itself is unchanged, so a follower that fails to apply the events keeps
// its old cursor.
func (c Cursor) Advance(seqs []int64, bound, xmin uint64) (next Cursor, fresh int) {
	next = Cursor{Seq: c.Seq, gaps: maps.Clone(c.gaps)}
	if next.gaps == nil {
		next.gaps = map[int64]uint64{}
	}
	for _, s := range seqs {
		if s <= next.Seq {
			delete(next.gaps, s) // a late commit filled the gap
			continue
		}
		for m := next.Seq + 1; m < s; m++ {
			next.gaps[m] = bound
		}
		next.Seq = s
		fresh++
	}
	for s, b := range next.gaps {
		if xmin >= b {
			delete(next.gaps, s) // every transaction that could hold it has ended
		}
	}
	return next, fresh
}

// Start returns the cursor of a copy read whole in db's snapshot snap: at
// its highest seq, waiting for the seqs below it that a transaction running
// in snap may still commit.
func Start(ctx context.Context, db Querier, snap Snapshot) (Cursor, error) {
	c := Cursor{Seq: snap.MaxSeq, gaps: map[int64]uint64{}}
	if snap.Xmin >= snap.Xmax {
		return c, nil // no transaction runs: a missing seq was rolled back
	}
	rows, err := db.QueryContext(ctx, `
		SELECT s FROM generate_series(greatest($1::bigint - $2, 1), $1::bigint) s
		WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.seq = s)`, snap.MaxSeq, gapWindow)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			return c, err
		}
		c.gaps[s] = snap.Xmax
	}
	return c, rows.Err()
}

// Current says whether snap can show no event that c has not applied.
func (c Cursor) Current(snap Snapshot) bool { return snap.MaxSeq <= c.Seq && len(c.gaps) == 0 }

// Pending is how many seqs below c.Seq c still waits for.
func (c Cursor) Pending() int { return len(c.gaps) }

// Read calls visit, in seq order, for every event of db's snapshot snap
// that c has not applied, and returns the cursor past them; c itself is
// unchanged, so a caller that fails to apply the events keeps its old
// cursor. The rows hold seq and then cols (a select list over events, whose
// placeholders start at $3; args are theirs); visit scans a row and
// returns its seq.
func (c Cursor) Read(ctx context.Context, db Querier, snap Snapshot, cols string, args []any, visit func(*sql.Rows) (int64, error)) (Cursor, error) {
	if c.Current(snap) {
		return c, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT seq, `+cols+` FROM events WHERE seq > $1 OR seq = ANY($2::bigint[]) ORDER BY seq`,
		append([]any{c.Seq, c.PendingSeqs()}, args...)...)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	var seqs []int64
	for rows.Next() {
		s, err := visit(rows)
		if err != nil {
			return c, err
		}
		seqs = append(seqs, s)
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	next, _ := c.Advance(seqs, snap.Xmax, snap.Xmin)
	return next, nil
}

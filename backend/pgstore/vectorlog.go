package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
)

// The reads that keep a copy of the vectors (an index file in the data
// folder) in step with PostgreSQL: everything once, with the place in the
// event log it stands at, then only the notes touched after that place.

// LoadVectors calls fn with every stored vector of a live note under
// model, all read in one snapshot, and returns the event-log seq up to
// which that snapshot holds every event: a checkpoint for VectorChangesSince.
func (s *Store) LoadVectors(ctx context.Context, model string, fn func(backend.VectorPoint) error) (int64, error) {
	const op = "pgstore.LoadVectors"
	var seq int64
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		snap, err := eventlog.ReadSnapshot(ctx, tx)
		if err != nil {
			return err
		}
		cur, err := eventlog.Start(ctx, tx, snap)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, pointsSQL+`
			WHERE c.model = $1 AND c.dim > 0 AND n.trashed_at IS NULL`, model)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPoint(rows)
			if err != nil {
				return err
			}
			if err := fn(p); err != nil {
				return err
			}
		}
		seq = cur.Settled()
		return rows.Err()
	})
	return seq, s.translate(op, err)
}

// VectorChangesSince returns the notes touched by the events after seq
// (their own events, and backend.EventChunksEmbedded naming them) and
// their current vectors under model, in one snapshot; with TooMany set
// instead when more than most notes were touched.
func (s *Store) VectorChangesSince(ctx context.Context, model string, seq int64, most int) (backend.VectorChanges, error) {
	const op = "pgstore.VectorChangesSince"
	out := backend.VectorChanges{Seq: seq}
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		snap, err := eventlog.ReadSnapshot(ctx, tx)
		if err != nil {
			return err
		}
		touched, seq, err := touchedSince(ctx, tx, snap, seq)
		if err != nil {
			return err
		}
		out.Seq = seq
		if len(touched) > most {
			out.TooMany = true
			return nil
		}
		if len(touched) == 0 {
			return nil
		}
		strs := make([]string, 0, len(touched))
		for id := range touched {
			out.Notes = append(out.Notes, id)
			strs = append(strs, id.String())
		}
		rows, err := tx.QueryContext(ctx, pointsSQL+`
			WHERE c.note_id = ANY($2::uuid[]) AND c.model = $1 AND c.dim > 0 AND n.trashed_at IS NULL
			ORDER BY c.note_id, c.ordinal`, model, strs)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPoint(rows)
			if err != nil {
				return err
			}
			out.Points = append(out.Points, p)
		}
		return rows.Err()
	})
	if err != nil {
		return backend.VectorChanges{Seq: seq}, s.translate(op, err)
	}
	return out, nil
}

// touchedSince returns the notes touched by the events after seq (their
// own events, and backend.EventChunksEmbedded naming them) visible in
// tx's snapshot snap, and the settled seq after them.
func touchedSince(ctx context.Context, tx *sql.Tx, snap eventlog.Snapshot, seq int64) (map[uuid.UUID]bool, int64, error) {
	touched := map[uuid.UUID]bool{}
	cur, err := eventlog.At(seq).Read(ctx, tx, snap, `note_id,
			CASE WHEN kind = $3 THEN payload->'sources' END`, []any{string(backend.EventChunksEmbedded)},
		func(r *sql.Rows) (int64, error) {
			var (
				s       int64
				note    uuid.NullUUID
				sources []byte
			)
			if err := r.Scan(&s, &note, &sources); err != nil {
				return 0, err
			}
			if note.Valid {
				touched[note.UUID] = true
			}
			if len(sources) > 0 {
				var ids []uuid.UUID
				if err := json.Unmarshal(sources, &ids); err != nil {
					return 0, fmt.Errorf("event %d: sources: %w", s, err)
				}
				for _, id := range ids {
					touched[id] = true
				}
			}
			return s, nil
		})
	if err != nil {
		return nil, seq, err
	}
	return touched, cur.Settled(), nil
}

// NotesTouchedSince returns the notes touched by the events after seq and
// the settled seq after them; with tooMany set instead of the notes when
// more than most were touched.
func (s *Store) NotesTouchedSince(ctx context.Context, seq int64, most int) (ids []uuid.UUID, next int64, tooMany bool, err error) {
	const op = "pgstore.NotesTouchedSince"
	next = seq
	err = s.readSnapshot(ctx, func(tx *sql.Tx) error {
		snap, err := eventlog.ReadSnapshot(ctx, tx)
		if err != nil {
			return err
		}
		touched, after, err := touchedSince(ctx, tx, snap, seq)
		if err != nil {
			return err
		}
		next = after
		if len(touched) > most {
			tooMany = true
			return nil
		}
		for id := range touched {
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, seq, false, s.translate(op, err)
	}
	return ids, next, tooMany, nil
}

// SettledSeq returns the highest event-log seq up to which every event is
// visible now or will never be.
func (s *Store) SettledSeq(ctx context.Context) (int64, error) {
	const op = "pgstore.SettledSeq"
	var seq int64
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		snap, err := eventlog.ReadSnapshot(ctx, tx)
		if err != nil {
			return err
		}
		cur, err := eventlog.Start(ctx, tx, snap)
		seq = cur.Settled()
		return err
	})
	return seq, s.translate(op, err)
}

// readSnapshot runs fn in a read-only repeatable-read transaction: the
// snapshot, the events and the rows read after them are one view.
func (s *Store) readSnapshot(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

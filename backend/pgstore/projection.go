package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"secondbrain/backend"
	"secondbrain/ent"
)

// This file is the event log as projectors read it (backend.ProjectionLog):
// passes locked per projection, events with the snapshot they were read in,
// the current state of notes, the checkpoint rows and LISTEN wake-ups.

var _ backend.ProjectionLog = (*Store)(nil)

// eventsChannel is the channel the events_notify trigger notifies on commit.
const eventsChannel = "secondbrain_events"

// BeginProjection starts a pass: a transaction holding the projection's
// advisory lock (not a row lock, which would give the pass a transaction id
// and hold back every snapshot's xmin) with its checkpoint read.
func (s *Store) BeginProjection(ctx context.Context, name string) (backend.ProjectionPass, error) {
	const op = "pgstore.BeginProjection"
	if _, err := s.db.ExecContext(ctx, `INSERT INTO projections (name, seq, last_error, updated_at) VALUES ($1, 0, '', now()) ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return nil, s.translate(op, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.translate(op, err)
	}
	p := &pass{s: s, tx: tx, name: name}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('secondbrain.projection.' || $1, 0))`, name); err != nil {
		tx.Rollback()
		return nil, s.translate(op, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM projections WHERE name = $1`, name).Scan(&p.checkpoint); err != nil {
		tx.Rollback()
		return nil, s.translate(op, err)
	}
	return p, nil
}

// RecordProjectionError stores msg as the projection's last error.
func (s *Store) RecordProjectionError(ctx context.Context, name, msg string) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO projections (name, seq, last_error, updated_at) VALUES ($1, 0, $2, now())
		ON CONFLICT (name) DO UPDATE SET last_error = EXCLUDED.last_error, updated_at = now()`, name, msg)
	return s.translate("pgstore.RecordProjectionError", err)
}

// ProjectionStatus returns a projection's checkpoint and lag in one snapshot.
func (s *Store) ProjectionStatus(ctx context.Context, name string) (backend.ProjectionStatus, error) {
	st := backend.ProjectionStatus{Name: name}
	var (
		updated sql.NullTime
		oldest  sql.NullTime
	)
	err := s.db.QueryRowContext(ctx, `
		WITH p AS (SELECT coalesce(max(seq), 0) AS seq, coalesce(max(last_error), '') AS last_error, max(updated_at) AS updated_at
		           FROM projections WHERE name = $1)
		SELECT p.seq, p.last_error, p.updated_at,
		       (SELECT coalesce(max(seq), 0) FROM events),
		       (SELECT time FROM events WHERE seq > p.seq ORDER BY seq LIMIT 1)
		FROM p`, name).Scan(&st.Seq, &st.LastError, &updated, &st.MaxSeq, &oldest)
	if err != nil {
		return st, s.translate("pgstore.ProjectionStatus", err)
	}
	st.UpdatedAt = updated.Time
	st.LagEvents = max(st.MaxSeq-st.Seq, 0)
	if oldest.Valid {
		st.LagSeconds = max(time.Since(oldest.Time).Seconds(), 0)
	}
	return st, nil
}

// ListenEvents listens on the events channel on a connection of its own
// (LISTEN needs one session for as long as it lasts), reconnecting after a
// drop, and signals the returned channel; signals coalesce.
func (s *Store) ListenEvents(ctx context.Context) (<-chan struct{}, error) {
	const op = "pgstore.ListenEvents"
	cfg, err := s.connConfig(ctx)
	if err != nil {
		return nil, s.translate(op, err)
	}
	conn, err := listen(ctx, cfg)
	if err != nil {
		return nil, s.translate(op, err)
	}
	ch := make(chan struct{}, 1)
	signal := func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	go func() {
		defer close(ch)
		backoff := 100 * time.Millisecond
		for {
			if conn == nil {
				select {
				case <-ctx.Done():
					return
				case <-time.After(backoff):
				}
				backoff = min(backoff*2, 10*time.Second)
				if conn, err = listen(ctx, cfg); err != nil {
					conn = nil
					continue
				}
				backoff = 100 * time.Millisecond
				signal() // notifications may have been missed while down
			}
			_, err := conn.WaitForNotification(ctx)
			if err != nil {
				conn.Close(context.WithoutCancel(ctx))
				conn = nil
				if ctx.Err() != nil {
					return
				}
				s.log.Debug("listen connection lost", "err", err)
				continue
			}
			signal()
		}
	}()
	return ch, nil
}

// connConfig returns the configuration of the pool's connections, to open
// one more outside the pool.
func (s *Store) connConfig(ctx context.Context) (*pgx.ConnConfig, error) {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var cfg *pgx.ConnConfig
	err = c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		cfg = sc.Conn().Config()
		return nil
	})
	return cfg, err
}

func listen(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(cctx, "LISTEN "+eventsChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return conn, nil
}

// pass is one projector pass: a transaction holding the projection's lock.
type pass struct {
	s          *Store
	tx         *sql.Tx
	name       string
	checkpoint int64
}

func (p *pass) Checkpoint() int64 { return p.checkpoint }

// Events reads events after seq (and the seqs in also) together with the
// xmin of the snapshot that read them: one statement, so the bound
// describes exactly what the rows show. The body-carrying payload is left out.
func (p *pass) Events(ctx context.Context, after int64, also []int64, limit int) (backend.EventBatch, error) {
	const op = "pgstore.Events"
	if also == nil {
		also = []int64{}
	}
	rows, err := p.tx.QueryContext(ctx, `
		WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin)
		SELECT snap.xmin, e.seq, e.time, e.kind, e.note_id, e.sources
		FROM snap LEFT JOIN LATERAL (
			SELECT seq, time, kind, note_id,
			       CASE WHEN kind = ANY($4::text[]) THEN payload->'sources' END AS sources
			FROM (SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2) x
			UNION
			SELECT seq, time, kind, note_id,
			       CASE WHEN kind = ANY($4::text[]) THEN payload->'sources' END
			FROM events WHERE seq = ANY($3::bigint[])) e ON true
		ORDER BY e.seq`, after, limit, also, []string{string(backend.EventLinksResolved), string(backend.EventChunksEmbedded)})
	if err != nil {
		return backend.EventBatch{}, p.s.translate(op, err)
	}
	defer rows.Close()
	var b backend.EventBatch
	for rows.Next() {
		var (
			xmin    string
			seq     sql.NullInt64
			t       sql.NullTime
			kind    sql.NullString
			noteID  uuid.NullUUID
			sources []byte
		)
		if err := rows.Scan(&xmin, &seq, &t, &kind, &noteID, &sources); err != nil {
			return b, p.s.translate(op, err)
		}
		b.Xmin, _ = strconv.ParseUint(xmin, 10, 64)
		if !seq.Valid {
			continue // nothing to read: only the snapshot
		}
		e := backend.LogEvent{Seq: seq.Int64, Time: t.Time, Kind: backend.EventKind(kind.String), NoteID: noteID.UUID}
		if len(sources) > 0 {
			var ids []uuid.UUID
			if err := json.Unmarshal(sources, &ids); err != nil {
				return b, &backend.Error{Code: backend.EINTERNAL, Op: op, Err: fmt.Errorf("event %d: sources: %w", e.Seq, err)}
			}
			e.Sources = ids
		}
		b.Events = append(b.Events, e)
	}
	return b, p.s.translate(op, rows.Err())
}

// XidBound assigns the pass its transaction id and returns it.
func (p *pass) XidBound(ctx context.Context) (uint64, error) {
	var x string
	if err := p.tx.QueryRowContext(ctx, `SELECT pg_current_xact_id()::text`).Scan(&x); err != nil {
		return 0, p.s.translate("pgstore.XidBound", err)
	}
	return strconv.ParseUint(x, 10, 64)
}

// NoteStates reads the current state of the live notes among ids, in three
// statements whatever the number of notes.
func (p *pass) NoteStates(ctx context.Context, ids []uuid.UUID) ([]backend.NoteState, []uuid.UUID, error) {
	const op = "pgstore.NoteStates"
	if len(ids) == 0 {
		return nil, nil, nil
	}
	keys := uuidStrings(ids)
	rows, err := p.tx.QueryContext(ctx, `
		SELECT id, title, path, note_type FROM notes
		WHERE id = ANY($1::uuid[]) AND trashed_at IS NULL ORDER BY id`, keys)
	if err != nil {
		return nil, nil, p.s.translate(op, err)
	}
	var states []backend.NoteState
	index := map[uuid.UUID]int{}
	for rows.Next() {
		var n backend.NoteState
		if err := rows.Scan(&n.ID, &n.Title, &n.Path, &n.Type); err != nil {
			rows.Close()
			return nil, nil, p.s.translate(op, err)
		}
		index[n.ID] = len(states)
		states = append(states, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, p.s.translate(op, err)
	}
	var gone []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, id := range ids {
		if _, live := index[id]; !live && !seen[id] {
			gone = append(gone, id)
		}
		seen[id] = true
	}
	if len(states) == 0 {
		return nil, gone, nil
	}
	live := make([]string, len(states))
	for i, n := range states {
		live[i] = n.ID.String()
	}
	rows, err = p.tx.QueryContext(ctx, `
		SELECT nt.note_id, t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id
		WHERE nt.note_id = ANY($1::uuid[]) ORDER BY nt.note_id, t.name`, live)
	if err != nil {
		return nil, nil, p.s.translate(op, err)
	}
	for rows.Next() {
		var (
			id   uuid.UUID
			name string
		)
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, nil, p.s.translate(op, err)
		}
		n := &states[index[id]]
		n.Tags = append(n.Tags, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, p.s.translate(op, err)
	}
	// A link resolved to a note in the trash is no relation (trashing
	// detaches such links, so it does not happen, but the graph model says so).
	// Liveness is a scalar subquery, an index lookup per link, where a join
	// would hash the whole notes table on every chunk.
	rows, err = p.tx.QueryContext(ctx, `
		SELECT l.source_id, l.kind, l.rel, l.target_key, min(l.target COLLATE "C"),
		       l.target_id, l.attachment_id, count(*)
		FROM links l
		WHERE l.source_id = ANY($1::uuid[])
		  AND (l.target_id IS NULL OR (SELECT t.trashed_at IS NULL FROM notes t WHERE t.id = l.target_id))
		GROUP BY l.source_id, l.kind, l.rel, l.target_key, l.target_id, l.attachment_id
		ORDER BY l.source_id, l.kind, l.rel, l.target_key, l.target_id, l.attachment_id`, live)
	if err != nil {
		return nil, nil, p.s.translate(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id       uuid.UUID
			l        backend.LinkState
			tid, aid uuid.NullUUID
		)
		if err := rows.Scan(&id, &l.Kind, &l.Rel, &l.TargetKey, &l.Target, &tid, &aid, &l.Count); err != nil {
			return nil, nil, p.s.translate(op, err)
		}
		l.TargetID, l.AttachmentID = tid.UUID, aid.UUID
		n := &states[index[id]]
		n.Links = append(n.Links, l)
	}
	return states, gone, p.s.translate(op, rows.Err())
}

// LinkingTo returns the live notes with a link resolved to one of ids.
func (p *pass) LinkingTo(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return p.ids(ctx, "pgstore.LinkingTo", `
		SELECT DISTINCT l.source_id FROM links l
		WHERE l.target_id = ANY($1::uuid[]) AND (SELECT n.trashed_at IS NULL FROM notes n WHERE n.id = l.source_id)`, uuidStrings(ids))
}

// EdgesInto returns the edges from live notes into the live notes among
// ids, as the graph model counts them: one per (source, target, type), the
// type LINKS_TO, EMBEDS or the property's relation, Count the links. The
// projector compares them with the projected ones to find the notes whose
// links a change of ids re-resolved.
func (p *pass) EdgesInto(ctx context.Context, ids []uuid.UUID) ([]backend.GraphEdge, error) {
	const op = "pgstore.EdgesInto"
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := p.tx.QueryContext(ctx, `
		SELECT l.source_id::text, l.target_id::text,
		       CASE l.kind WHEN 'embed' THEN 'EMBEDS' WHEN 'property' THEN l.rel ELSE 'LINKS_TO' END, count(*)
		FROM links l
		WHERE l.target_id = ANY($1::uuid[]) AND l.attachment_id IS NULL AND (l.kind <> 'property' OR l.rel <> '')
		  AND (SELECT n.trashed_at IS NULL FROM notes n WHERE n.id = l.source_id)
		  AND (SELECT n.trashed_at IS NULL FROM notes n WHERE n.id = l.target_id)
		GROUP BY 1, 2, 3`, uuidStrings(ids))
	if err != nil {
		return nil, p.s.translate(op, err)
	}
	defer rows.Close()
	var out []backend.GraphEdge
	for rows.Next() {
		var e backend.GraphEdge
		if err := rows.Scan(&e.Source, &e.Target, &e.Type, &e.Count); err != nil {
			return nil, p.s.translate(op, err)
		}
		out = append(out, e)
	}
	return out, p.s.translate(op, rows.Err())
}

// LiveNotes pages through the live notes by id.
func (p *pass) LiveNotes(ctx context.Context, after uuid.UUID, limit int) ([]uuid.UUID, error) {
	return p.ids(ctx, "pgstore.LiveNotes", `
		SELECT id FROM notes WHERE trashed_at IS NULL AND id > $1 ORDER BY id LIMIT $2`, after, limit)
}

func (p *pass) ids(ctx context.Context, op, query string, args ...any) ([]uuid.UUID, error) {
	rows, err := p.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, p.s.translate(op, err)
	}
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, p.s.translate(op, err)
		}
		out = append(out, id)
	}
	return out, p.s.translate(op, rows.Err())
}

// Commit stores the checkpoint, clears the last error and commits.
func (p *pass) Commit(ctx context.Context, seq int64) error {
	const op = "pgstore.CommitProjection"
	if _, err := p.tx.ExecContext(ctx, `UPDATE projections SET seq = $2, last_error = '', updated_at = now() WHERE name = $1`, p.name, seq); err != nil {
		p.tx.Rollback()
		return p.s.translate(op, err)
	}
	return p.s.translate(op, p.tx.Commit())
}

// Rollback ends the pass without a change.
func (p *pass) Rollback() error {
	err := p.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// resolveRecorded resolves the open links of part part of parts (the
// links are split by their source note), like resolve(tx, "true") for
// one part, and appends one EventLinksResolved event naming the notes
// whose links it resolved: nothing else tells the projections that those
// notes changed.
func resolveRecorded(ctx context.Context, tx *ent.Tx, ph *phases, part, parts int) error {
	// The part of a link is the last byte of its source's id (random in
	// every version of UUID) modulo parts.
	cond := func(col string) string {
		return fmt.Sprintf("get_byte(uuid_send(%s), 15) %% %d = %d", col, parts, part)
	}
	// The ranking sorts every candidate of every open link: after an import
	// of 50k links that spills out of the default 4 MB to disk.
	if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `
		CREATE TEMP TABLE open_links ON COMMIT DROP AS
		SELECT id, source_id FROM links
		WHERE target_id IS NULL AND attachment_id IS NULL AND target_key <> '' AND `+cond("source_id"))
	if err != nil {
		return err
	}
	ph.mark("open")
	if n, err := res.RowsAffected(); err == nil {
		ph.set("open_links", n)
	}
	if err := resolve(ctx, tx, cond("l.source_id")); err != nil {
		return err
	}
	ph.mark("resolve")
	_, err = tx.ExecContext(ctx, `
		INSERT INTO events (time, kind, payload)
		SELECT now(), $1, jsonb_build_object('sources', jsonb_agg(DISTINCT o.source_id))
		FROM open_links o JOIN links l ON l.id = o.id
		WHERE l.target_id IS NOT NULL OR l.attachment_id IS NOT NULL
		HAVING count(*) > 0`, backend.EventLinksResolved)
	ph.mark("event")
	return err
}

func uuidStrings(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

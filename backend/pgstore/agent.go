package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/ent/note"
)

var _ backend.AgentStore = (*Store)(nil)

// privacyArgs returns the folder prefixes ("a/b/") and tag names, lower
// case, that p hides.
func privacyArgs(p backend.Privacy) (folders, tags []string) {
	folders, tags = []string{}, []string{}
	for _, f := range p.Folders {
		if f = strings.ToLower(strings.Trim(strings.TrimSpace(f), "/")); f != "" {
			folders = append(folders, f+"/")
		}
	}
	for _, t := range p.Tags {
		if t = strings.ToLower(strings.Trim(strings.TrimSpace(t), "#/")); t != "" {
			tags = append(tags, t)
		}
	}
	return folders, tags
}

// tagMatch is the SQL condition "tag t is one of the names in the text[]
// argument arg, or nested under one".
func tagMatch(arg string) string {
	return fmt.Sprintf(`(t.name = ANY(%[1]s::text[]) OR EXISTS (SELECT 1 FROM unnest(%[1]s::text[]) g WHERE starts_with(t.name, g || '/')))`, arg)
}

// hidden is the SQL condition "note n is private" over the folder prefixes
// in argument fa and the tags in argument ta.
func hidden(fa, ta string) string {
	return fmt.Sprintf(`(EXISTS (SELECT 1 FROM unnest(%s::text[]) f WHERE starts_with(n.path_key, f))
		OR EXISTS (SELECT 1 FROM note_tags nt JOIN tags t ON t.id = nt.tag_id WHERE nt.note_id = n.id AND %s))`, fa, tagMatch(ta))
}

// PrivateNotes returns the ids of the notes, live or trashed, that p hides.
func (s *Store) PrivateNotes(ctx context.Context, p backend.Privacy) (map[uuid.UUID]bool, error) {
	const op = "pgstore.PrivateNotes"
	out := map[uuid.UUID]bool{}
	if p.Empty() {
		return out, nil
	}
	folders, tags := privacyArgs(p)
	rows, err := s.db.QueryContext(ctx, `SELECT n.id FROM notes n WHERE `+hidden("$1", "$2"), folders, tags)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, s.translate(op, err)
		}
		out[id] = true
	}
	return out, s.translate(op, rows.Err())
}

// NotesByID returns the notes with these ids that exist, by id.
func (s *Store) NotesByID(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*backend.Note, error) {
	out := make(map[uuid.UUID]*backend.Note, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.client.Note.Query().Where(note.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, s.translate("pgstore.NotesByID", err)
	}
	for _, r := range rows {
		out[r.ID] = toNote(r)
	}
	return out, nil
}

// FilterNotes returns one page of live notes matching f, the most recently
// updated first, with the total.
func (s *Store) FilterNotes(ctx context.Context, f backend.NoteFilter) (*backend.NotePage, error) {
	const op = "pgstore.FilterNotes"
	folders, tags := privacyArgs(f.Hide)
	args := []any{folders, tags}
	where := []string{"n.trashed_at IS NULL", "NOT " + hidden("$1", "$2")}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "$?", fmt.Sprintf("$%d", len(args))))
	}
	if folder := strings.ToLower(strings.Trim(strings.TrimSpace(f.Folder), "/")); folder != "" {
		add("starts_with(n.path_key, $?)", folder+"/")
	}
	if tag := strings.ToLower(strings.Trim(strings.TrimSpace(f.Tag), "#/")); tag != "" {
		add(`EXISTS (SELECT 1 FROM note_tags nt JOIN tags t ON t.id = nt.tag_id WHERE nt.note_id = n.id AND (t.name = $? OR starts_with(t.name, $? || '/')))`, tag)
	}
	if typ := strings.TrimSpace(f.Type); typ != "" {
		add("lower(n.note_type) = lower($?)", typ)
	}
	if !f.UpdatedSince.IsZero() {
		add("n.updated_at >= $?", f.UpdatedSince)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	args = append(args, limit, max(f.Offset, 0))
	q := fmt.Sprintf(`SELECT n.id, n.title, n.path, n.version, n.created_at, n.updated_at, count(*) OVER ()
		FROM notes n WHERE %s ORDER BY n.updated_at DESC, n.id LIMIT $%d OFFSET $%d`,
		strings.Join(where, " AND "), len(args)-1, len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	page := &backend.NotePage{Notes: []backend.NoteSummary{}}
	for rows.Next() {
		var n backend.NoteSummary
		if err := rows.Scan(&n.ID, &n.Title, &n.Path, &n.Version, &n.CreatedAt, &n.UpdatedAt, &page.Total); err != nil {
			return nil, s.translate(op, err)
		}
		page.Notes = append(page.Notes, n)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate(op, err)
	}
	if len(page.Notes) == 0 && f.Offset > 0 {
		// Past the last page: count alone.
		cq := fmt.Sprintf(`SELECT count(*) FROM notes n WHERE %s`, strings.Join(where, " AND "))
		if err := s.db.QueryRowContext(ctx, cq, args[:len(args)-2]...).Scan(&page.Total); err != nil {
			return nil, s.translate(op, err)
		}
	}
	return page, nil
}

// TagCounts counts the live notes per tag, leaving out private notes and
// private tags.
func (s *Store) TagCounts(ctx context.Context, hide backend.Privacy) ([]backend.TagCount, error) {
	const op = "pgstore.TagCounts"
	folders, tags := privacyArgs(hide)
	rows, err := s.db.QueryContext(ctx, `
		SELECT t.name, count(n.id) FROM tags t
		JOIN note_tags nt0 ON nt0.tag_id = t.id JOIN notes n ON n.id = nt0.note_id AND n.trashed_at IS NULL
		WHERE NOT `+tagMatch("$2")+` AND NOT `+hidden("$1", "$2")+`
		GROUP BY t.name ORDER BY count(n.id) DESC, t.name`, folders, tags)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	out := []backend.TagCount{}
	for rows.Next() {
		var t backend.TagCount
		if err := rows.Scan(&t.Name, &t.Count); err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, t)
	}
	return out, s.translate(op, rows.Err())
}

// AppendEvent appends an event about no note, with the origin in ctx.
func (s *Store) AppendEvent(ctx context.Context, kind backend.EventKind, payload any) (int64, error) {
	const op = "pgstore.AppendEvent"
	b, err := json.Marshal(payload)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	const insert = `INSERT INTO events (time, kind, origin, payload) VALUES ($1, $2, $3, $4::jsonb) RETURNING seq`
	args := []any{now(), string(kind), backend.Origin(ctx), string(b)}
	var seq int64
	if kind != backend.EventAgentCall {
		err = s.db.QueryRowContext(ctx, insert, args...).Scan(&seq)
		return seq, s.translate(op, err)
	}
	// A tool call's record commits without waiting for the disk (one
	// fsync, most of a read-only call's time): PostgreSQL's WAL writer
	// flushes it within wal_writer_delay (200 ms), so only a power loss or
	// an operating-system crash in that window can lose it. The notes an
	// agent writes are recorded by their own durable commits.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.translate(op, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
		return 0, s.translate(op, err)
	}
	if err := tx.QueryRowContext(ctx, insert, args...).Scan(&seq); err != nil {
		return 0, s.translate(op, err)
	}
	return seq, s.translate(op, tx.Commit())
}

const eventColumns = `seq, time, kind, note_id, origin, payload::text`

func scanEvent(sc interface{ Scan(...any) error }) (*backend.LoggedEvent, error) {
	var (
		e       backend.LoggedEvent
		noteID  uuid.NullUUID
		payload string
	)
	if err := sc.Scan(&e.Seq, &e.Time, &e.Kind, &noteID, &e.Origin, &payload); err != nil {
		return nil, err
	}
	if noteID.Valid {
		e.NoteID = &noteID.UUID
	}
	e.Payload = json.RawMessage(payload)
	return &e, nil
}

// AgentEvents returns the agents' events, newest first.
func (s *Store) AgentEvents(ctx context.Context, withCalls bool, limit int) ([]backend.LoggedEvent, error) {
	const op = "pgstore.AgentEvents"
	if limit <= 0 || limit > 10_000 {
		limit = 100
	}
	cond := `starts_with(origin, 'agent:') AND kind <> $2`
	if withCalls {
		cond = `starts_with(origin, 'agent:') AND kind <> $2 OR kind = $2`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM events WHERE `+cond+` ORDER BY seq DESC LIMIT $1`, limit, backend.EventAgentCall)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	out := []backend.LoggedEvent{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, *e)
	}
	return out, s.translate(op, rows.Err())
}

// Event returns one event by seq. Returns ENOTFOUND.
func (s *Store) Event(ctx context.Context, seq int64) (*backend.LoggedEvent, error) {
	const op = "pgstore.Event"
	e, err := scanEvent(s.db.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE seq = $1`, seq))
	if err == sql.ErrNoRows {
		return nil, &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("no event %d", seq)}
	}
	return e, s.translate(op, err)
}

package timeline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// VersionAt is a note as it was at a moment: its latest version then, with
// the title and path it had.
type VersionAt struct {
	ID      uuid.UUID `json:"id"`
	Title   string    `json:"title"`
	Path    string    `json:"path"`
	Version int       `json:"version"`
	// At is when that version was written.
	At   time.Time `json:"at"`
	Body string    `json:"body,omitempty"`
}

// Vault describes the vault at a moment.
type Vault struct {
	At time.Time `json:"at"`
	// First is the time of the first note change in the log, nil for none.
	First *time.Time `json:"first_change,omitempty"`
	// Empty says the moment is before the first change: the vault was empty.
	Empty bool `json:"empty"`
	// Notes is how many notes existed then whose text the log keeps.
	Notes int `json:"notes"`
	// Purged is how many notes existed then but were deleted for good
	// since: their text is gone from the log.
	Purged int `json:"purged"`
}

// CheckMoment refuses a moment in the future.
func CheckMoment(at time.Time) error {
	if at.After(time.Now()) {
		return backend.Errorf(backend.EINVALID, "%s is in the future: the vault as of a moment can only be read for the past", at.Format(time.RFC3339))
	}
	return nil
}

// asOfSQL selects, for each note that existed at $1, its latest version
// then and the body of that version (purged when deleted since), in path
// order: the versions are put in order before their bodies are read, so
// that the bodies stream out without being sorted.
const asOfSQL = `
	WITH last AS (
		SELECT DISTINCT ON (note_id) note_id, seq, kind, title, path, version, at
		FROM timeline_events WHERE at <= $1 ORDER BY note_id, seq DESC),
	live AS (
		SELECT lower(path) AS path_key, * FROM last WHERE kind NOT IN ('trashed', 'deleted')
		ORDER BY 1, note_id)
	SELECT l.note_id, l.title, l.path, l.version, l.at, coalesce(b.body, ''), coalesce(b.purged, true)
	FROM live l
	LEFT JOIN LATERAL (` + bodyAt + `) b ON true
	ORDER BY l.path_key, l.note_id`

// bodyAt is the body of note l's version of seq l.seq: that of its last
// event that carried one, or purged.
const bodyAt = `
		SELECT e.payload->>'body' AS body, e.payload ? 'purged' AS purged FROM events e
		WHERE e.note_id = l.note_id AND e.seq <= l.seq AND (e.payload ? 'body' OR e.payload ? 'purged')
		ORDER BY e.seq DESC LIMIT 1`

// noteAtSQL is asOfSQL for one note ($2).
const noteAtSQL = `
	SELECT l.note_id, l.title, l.path, l.version, l.at, coalesce(b.body, ''), coalesce(b.purged, true)
	FROM (SELECT note_id, seq, kind, title, path, version, at FROM timeline_events
	      WHERE note_id = $2 AND at <= $1 ORDER BY seq DESC LIMIT 1) l
	LEFT JOIN LATERAL (` + bodyAt + `) b ON true
	WHERE l.kind NOT IN ('trashed', 'deleted')`

// asOfWorkMem is the memory PostgreSQL may sort in for a read of the
// whole vault as of a moment: the latest version of every note then is a
// sort of every change until then (about 70 MB at 500k changes), which
// on disk takes twice as long.
const asOfWorkMem = "128MB"

// Describe says what the vault held at at.
func (t *Timeline) Describe(ctx context.Context, at time.Time) (*Vault, error) {
	if err := CheckMoment(at); err != nil {
		return nil, err
	}
	if _, err := t.Sync(ctx); err != nil {
		return nil, err
	}
	v := &Vault{At: at}
	var first sql.NullTime
	if err := t.db.QueryRowContext(ctx, `SELECT min(at) FROM timeline_events`).Scan(&first); err != nil {
		return nil, err
	}
	if first.Valid {
		v.First = &first.Time
	}
	v.Empty = !first.Valid || at.Before(first.Time)
	err := t.db.QueryRowContext(ctx, `
		SELECT count(*) FILTER (WHERE NOT purged), count(*) FILTER (WHERE purged)
		FROM (SELECT l.note_id, coalesce(b.purged, true) AS purged FROM (
			SELECT DISTINCT ON (note_id) note_id, seq, kind FROM timeline_events WHERE at <= $1 ORDER BY note_id, seq DESC) l
			LEFT JOIN LATERAL (SELECT e.payload ? 'purged' AS purged FROM events e
				WHERE e.note_id = l.note_id AND e.seq <= l.seq AND (e.payload ? 'body' OR e.payload ? 'purged')
				ORDER BY e.seq DESC LIMIT 1) b ON true
			WHERE l.kind NOT IN ('trashed', 'deleted')) x`, at).Scan(&v.Notes, &v.Purged)
	return v, err
}

// EachAt calls fn for every note that existed at at (created by then and
// not in the trash or deleted), in path order, with its version then
// (without bodies unless withBody). Notes deleted for good since are
// skipped: the log no longer holds their text.
func (t *Timeline) EachAt(ctx context.Context, at time.Time, withBody bool, fn func(*VersionAt) error) error {
	if err := CheckMoment(at); err != nil {
		return err
	}
	if _, err := t.Sync(ctx); err != nil {
		return err
	}
	tx, err := t.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('work_mem', $1, true)`, asOfWorkMem); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, asOfSQL, at)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v := &VersionAt{}
		var purged bool
		if err := rows.Scan(&v.ID, &v.Title, &v.Path, &v.Version, &v.At, &v.Body, &purged); err != nil {
			return err
		}
		if purged {
			continue
		}
		if !withBody {
			v.Body = ""
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ListAt returns the notes that existed at at, in path order, optionally
// only those in folder (and its subfolders) then, without bodies.
func (t *Timeline) ListAt(ctx context.Context, at time.Time, folder string) ([]VersionAt, error) {
	folder = strings.Trim(strings.TrimSpace(folder), "/")
	out := []VersionAt{}
	err := t.EachAt(ctx, at, false, func(v *VersionAt) error {
		if folder == "" || strings.HasPrefix(strings.ToLower(v.Path), strings.ToLower(folder)+"/") {
			out = append(out, *v)
		}
		return nil
	})
	return out, err
}

// NoteAt returns a note as it was at at, with its body. ENOTFOUND when it
// did not exist then (not created yet, in the trash, or deleted for good
// since).
func (t *Timeline) NoteAt(ctx context.Context, id uuid.UUID, at time.Time) (*VersionAt, error) {
	if err := CheckMoment(at); err != nil {
		return nil, err
	}
	if _, err := t.Sync(ctx); err != nil {
		return nil, err
	}
	v := &VersionAt{}
	var purged bool
	err := t.db.QueryRowContext(ctx, noteAtSQL, at, id).
		Scan(&v.ID, &v.Title, &v.Path, &v.Version, &v.At, &v.Body, &purged)
	if err == sql.ErrNoRows {
		return nil, backend.Errorf(backend.ENOTFOUND, "note %s did not exist at %s", id, at.Format(time.RFC3339))
	}
	if err != nil {
		return nil, err
	}
	if purged {
		return nil, backend.Errorf(backend.ENOTFOUND, "note %s was deleted for good since %s: its text is gone", id, at.Format(time.RFC3339))
	}
	return v, nil
}

// Source is the vault at a moment as an export reads it (an
// exporter.Source): the notes that existed then, at their paths then, and
// the attachments stored by then.
type Source struct {
	t  *Timeline
	at time.Time
}

// SourceAt returns the export source of the vault at at.
func (t *Timeline) SourceAt(at time.Time) *Source { return &Source{t: t, at: at} }

// NotesForExport calls fn for every note that existed at the moment, with
// its body then, in path order.
func (s *Source) NotesForExport(ctx context.Context, fn func(*backend.Note) error) error {
	return s.t.EachAt(ctx, s.at, true, func(v *VersionAt) error {
		return fn(&backend.Note{ID: v.ID, Title: v.Title, Path: v.Path, Body: v.Body, Version: v.Version, UpdatedAt: v.At})
	})
}

// Attachments lists the attachments as last put by the moment.
func (s *Source) Attachments(ctx context.Context) ([]backend.Attachment, error) {
	rows, err := s.t.db.QueryContext(ctx, `
		SELECT DISTINCT ON (payload->>'id') payload->>'id', payload->>'path', payload->>'content_hash', coalesce((payload->>'size')::bigint, 0)
		FROM events WHERE kind = $2 AND time <= $1 ORDER BY payload->>'id', seq DESC`, s.at, string(backend.EventAttachmentPut))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.Attachment
	for rows.Next() {
		var a backend.Attachment
		var id string
		if err := rows.Scan(&id, &a.Path, &a.ContentHash, &a.Size); err != nil {
			return nil, err
		}
		if a.ID, err = uuid.Parse(id); err != nil {
			return nil, fmt.Errorf("attachment event with id %q: %w", id, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Backlinks returns nothing: an as-of export writes bodies as they were,
// without pointing links at renamed files.
func (s *Source) Backlinks(context.Context, uuid.UUID) ([]backend.Backlink, error) { return nil, nil }

// OutgoingLinks returns nothing (see Backlinks).
func (s *Source) OutgoingLinks(context.Context, uuid.UUID) ([]backend.ResolvedLink, error) {
	return nil, nil
}

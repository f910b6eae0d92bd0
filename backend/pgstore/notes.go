package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/ent"
	"secondbrain/ent/note"
)

// CreateNote inserts a note at version 1 with its created event.
func (s *Store) CreateNote(ctx context.Context, n backend.NewNote) (*backend.Note, error) {
	const op = "pgstore.CreateNote"
	var out *backend.Note
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		ts := now()
		c := tx.Note.Create()
		if n.ID != uuid.Nil {
			c.SetID(n.ID)
		}
		row, err := c.
			SetTitle(n.Title).
			SetTitleKey(strings.ToLower(n.Title)).
			SetPath(n.Path).
			SetPathKey(strings.ToLower(n.Path)).
			SetBody(n.Body).
			SetContentHash(hashBody(n.Body)).
			SetCreatedAt(ts).
			SetUpdatedAt(ts).
			Save(ctx)
		if err != nil {
			return err
		}
		out = toNote(row)
		if err := replaceDerived(ctx, tx, row, n.Derived); err != nil {
			return err
		}
		if err := resolveTo(ctx, tx, row); err != nil { // dangling links to the new title
			return err
		}
		return appendEvent(ctx, tx, backend.EventNoteCreated, row, backend.NotePayload{Body: &row.Body})
	})
	if err != nil {
		err = s.translate(op, err)
		if backend.ErrorCode(err) == backend.ECONFLICT {
			return nil, s.pathTaken(ctx, op, n.Path, err)
		}
		return nil, err
	}
	return out, nil
}

// Note returns a note by id.
func (s *Store) Note(ctx context.Context, id uuid.UUID) (*backend.Note, error) {
	row, err := s.client.Note.Get(ctx, id)
	if err != nil {
		return nil, s.notFound("pgstore.Note", id, err)
	}
	return toNote(row), nil
}

// NotesByTitle returns the live notes titled title, case-insensitively.
func (s *Store) NotesByTitle(ctx context.Context, title string) ([]*backend.Note, error) {
	rows, err := s.client.Note.Query().
		Where(note.TitleKey(strings.ToLower(title)), note.TrashedAtIsNil()).
		Order(ent.Asc(note.FieldPath)).
		All(ctx)
	if err != nil {
		return nil, s.translate("pgstore.NotesByTitle", err)
	}
	out := make([]*backend.Note, len(rows))
	for i, r := range rows {
		out[i] = toNote(r)
	}
	return out, nil
}

// UpdateBody replaces the body when the note is at expectedVersion: one
// UPDATE … RETURNING checks the version and gives the path the derived rows
// are computed for, in the same transaction.
func (s *Store) UpdateBody(ctx context.Context, id uuid.UUID, expectedVersion int, body string, d backend.Deriver, kind backend.EventKind, revert *backend.Revert) (*backend.Note, error) {
	const op = "pgstore.UpdateBody"
	var out *backend.Note
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		row, err := updateBody(ctx, tx, id, expectedVersion, body)
		if err != nil {
			return err
		}
		if row == nil {
			return s.whyNotUpdated(ctx, tx, op, id, expectedVersion)
		}
		out = toNote(row)
		if err := replaceDerived(ctx, tx, row, d.DeriveAt(row.Path)); err != nil {
			return err
		}
		p := backend.NotePayload{Body: &body}
		if revert != nil {
			p.FromVersion = revert.FromVersion
		}
		return appendEvent(ctx, tx, kind, row, p)
	})
	if err != nil {
		return nil, s.notFound(op, id, err)
	}
	return out, nil
}

// Rename moves a note to a new title and path when it is at expectedVersion.
func (s *Store) Rename(ctx context.Context, id uuid.UUID, expectedVersion int, title, path string, rewrites []backend.BodyRewrite) (*backend.Note, error) {
	const op = "pgstore.Rename"
	var out *backend.Note
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Note.Get(ctx, id)
		if err != nil {
			return err
		}
		n, err := tx.Note.Update().
			Where(note.ID(id), note.Version(expectedVersion), note.TrashedAtIsNil()).
			SetTitle(title).
			SetTitleKey(strings.ToLower(title)).
			SetPath(path).
			SetPathKey(strings.ToLower(path)).
			SetUpdatedAt(now()).
			AddVersion(1).
			Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return s.whyNotUpdated(ctx, tx, op, id, expectedVersion)
		}
		row, err := tx.Note.Get(ctx, id)
		if err != nil {
			return err
		}
		out = toNote(row)
		if err := appendEvent(ctx, tx, backend.EventNoteRenamed, row, backend.NotePayload{OldTitle: old.Title, OldPath: old.Path}); err != nil {
			return err
		}
		for _, rw := range rewrites {
			if err := rewriteBody(ctx, tx, rw, id); err != nil {
				return err
			}
		}
		if err := unresolveTo(ctx, tx, id); err != nil {
			return err
		}
		if err := resolveFrom(ctx, tx, id); err != nil { // relative links move with the note
			return err
		}
		return resolveTo(ctx, tx, row)
	})
	if err != nil {
		err = s.translate(op, err)
		if backend.ErrorCode(err) == backend.ECONFLICT && !isVersionConflict(err) {
			return nil, s.pathTaken(ctx, op, path, err)
		}
		if backend.ErrorCode(err) == backend.ENOTFOUND {
			return nil, s.notFound(op, id, err)
		}
		return nil, err
	}
	return out, nil
}

// SetTrashed moves a note to the trash or restores it.
func (s *Store) SetTrashed(ctx context.Context, id uuid.UUID, trashed bool) (*backend.Note, error) {
	const op = "pgstore.SetTrashed"
	var out *backend.Note
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		row, err := tx.Note.Query().Where(note.ID(id)).ForUpdate().Only(ctx)
		if err != nil {
			return err
		}
		if (row.TrashedAt != nil) == trashed {
			out = toNote(row) // already there: nothing changes, no event
			return nil
		}
		upd := tx.Note.UpdateOne(row).AddVersion(1).SetUpdatedAt(now())
		kind := backend.EventNoteRestored
		if trashed {
			upd.SetTrashedAt(now())
			kind = backend.EventNoteTrashed
		} else {
			upd.ClearTrashedAt()
		}
		row, err = upd.Save(ctx)
		if err != nil {
			return err
		}
		out = toNote(row)
		if trashed {
			err = unresolveTo(ctx, tx, id)
		} else {
			err = resolveTo(ctx, tx, row)
		}
		if err != nil {
			return err
		}
		return appendEvent(ctx, tx, kind, row, backend.NotePayload{})
	})
	if err != nil {
		err = s.translate(op, err)
		switch backend.ErrorCode(err) {
		case backend.ECONFLICT:
			msg := "another note now has this note's path; rename one of them first"
			var taken string
			if s.db.QueryRowContext(ctx, `SELECT o.path FROM notes n
				JOIN notes o ON o.path_key = n.path_key AND o.trashed_at IS NULL AND o.id <> n.id
				WHERE n.id = $1`, id).Scan(&taken) == nil {
				msg = fmt.Sprintf("%q now has this note's path; rename one of them first", taken)
			}
			return nil, &backend.Error{Code: backend.ECONFLICT, Op: op, Message: msg, Err: err}
		case backend.ENOTFOUND:
			return nil, s.notFound(op, id, err)
		}
		return nil, err
	}
	return out, nil
}

// RestoreAs brings a note back from the trash under another title and
// path, in one transaction: a rename recorded while it is still in the
// trash, then the restore — for when its old path is now another live
// note's (device sync restoring a note another device moved). Returns
// ENOTFOUND, and ECONFLICT when the note is not in the trash or the new
// path is taken.
func (s *Store) RestoreAs(ctx context.Context, id uuid.UUID, title, path string) (*backend.Note, error) {
	const op = "pgstore.RestoreAs"
	var out *backend.Note
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Note.Query().Where(note.ID(id)).ForUpdate().Only(ctx)
		if err != nil {
			return err
		}
		if old.TrashedAt == nil {
			return &backend.Error{Code: backend.ECONFLICT, Op: op, Message: "the note is not in the trash"}
		}
		row := old
		if old.Title != title || old.Path != path {
			row, err = tx.Note.UpdateOne(old).SetTitle(title).SetTitleKey(strings.ToLower(title)).
				SetPath(path).SetPathKey(strings.ToLower(path)).SetUpdatedAt(now()).AddVersion(1).Save(ctx)
			if err != nil {
				return err
			}
			if err := appendEvent(ctx, tx, backend.EventNoteRenamed, row, backend.NotePayload{OldTitle: old.Title, OldPath: old.Path}); err != nil {
				return err
			}
		}
		row, err = tx.Note.UpdateOne(row).ClearTrashedAt().SetUpdatedAt(now()).AddVersion(1).Save(ctx)
		if err != nil {
			return err
		}
		out = toNote(row)
		if err := resolveFrom(ctx, tx, id); err != nil { // relative links move with the note
			return err
		}
		if err := resolveTo(ctx, tx, row); err != nil {
			return err
		}
		return appendEvent(ctx, tx, backend.EventNoteRestored, row, backend.NotePayload{})
	})
	if err != nil {
		if backend.ErrorCode(err) == backend.ECONFLICT {
			if e, ok := err.(*backend.Error); ok && e.Op == op {
				return nil, err
			}
		}
		err = s.translate(op, err)
		switch backend.ErrorCode(err) {
		case backend.ECONFLICT:
			return nil, s.pathTaken(ctx, op, path, err)
		case backend.ENOTFOUND:
			return nil, s.notFound(op, id, err)
		}
		return nil, err
	}
	return out, nil
}

// DeleteNote removes a note for good, purges its bodies from the event log
// and records one deleted event.
func (s *Store) DeleteNote(ctx context.Context, id uuid.UUID) error {
	const op = "pgstore.DeleteNote"
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		row, err := tx.Note.Query().Where(note.ID(id)).ForUpdate().Only(ctx)
		if err != nil {
			return err
		}
		if err := unresolveTo(ctx, tx, id); err != nil {
			return err
		}
		if err := tx.Note.DeleteOne(row).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE events SET payload = payload - 'body' || '{"purged": true}'::jsonb WHERE note_id = $1 AND payload ? 'body'`, id); err != nil {
			return err
		}
		row.Version++
		return appendEvent(ctx, tx, backend.EventNoteDeleted, row, backend.NotePayload{})
	})
	if err != nil {
		return s.notFound(op, id, err)
	}
	return nil
}

// ListNotes returns one page of notes without their bodies.
func (s *Store) ListNotes(ctx context.Context, opts backend.ListOptions) (*backend.NotePage, error) {
	const op = "pgstore.ListNotes"
	q := s.client.Note.Query()
	if opts.Trashed {
		q.Where(note.TrashedAtNotNil())
	} else {
		q.Where(note.TrashedAtIsNil())
	}
	return s.notePage(ctx, op, q, opts)
}

// notePage returns the page of q's notes that opts asks for, with the
// total count, without bodies.
func (s *Store) notePage(ctx context.Context, op string, q *ent.NoteQuery, opts backend.ListOptions) (*backend.NotePage, error) {
	total, err := q.Clone().Count(ctx)
	if err != nil {
		return nil, s.translate(op, err)
	}
	switch opts.Order {
	case backend.OrderTitle:
		q.Order(ent.Asc(note.FieldTitleKey), ent.Asc(note.FieldID))
	default:
		q.Order(ent.Desc(note.FieldUpdatedAt), ent.Asc(note.FieldID))
	}
	rows, err := q.Offset(opts.Offset).Limit(opts.Limit).
		Select(note.FieldID, note.FieldTitle, note.FieldPath, note.FieldVersion,
			note.FieldCreatedAt, note.FieldUpdatedAt, note.FieldTrashedAt).
		All(ctx)
	if err != nil {
		return nil, s.translate(op, err)
	}
	page := &backend.NotePage{Total: total, Notes: make([]backend.NoteSummary, len(rows))}
	for i, r := range rows {
		page.Notes[i] = backend.NoteSummary{ID: r.ID, Title: r.Title, Path: r.Path, Version: r.Version,
			CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, TrashedAt: r.TrashedAt}
	}
	return page, nil
}

// History returns a note's versions from the event log, newest first. A
// version whose event carries no body (rename, trash) shows the body it had.
func (s *Store) History(ctx context.Context, id uuid.UUID, withBody bool) ([]backend.NoteVersion, error) {
	const op = "pgstore.History"
	rows, err := s.noteEvents(ctx, id)
	if err != nil {
		return nil, s.translate(op, err)
	}
	if len(rows) == 0 {
		return nil, &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("note %s has no history", id)}
	}
	out := make([]backend.NoteVersion, 0, len(rows))
	var body string
	purged := false
	for _, e := range rows {
		v := e.NoteVersion
		if e.p.Body != nil {
			body, purged = *e.p.Body, false
		} else if e.p.Purged {
			body, purged = "", true
		}
		v.Purged = purged
		if withBody {
			v.Body = body
		}
		out = append(out, v)
	}
	// Newest first.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// noteEvent is a note's event as History reads it.
type noteEvent struct {
	backend.NoteVersion
	p backend.NotePayload
}

// noteEvents reads a note's events in log order.
func (s *Store) noteEvents(ctx context.Context, id uuid.UUID) ([]noteEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, time, kind, origin, payload::text FROM events WHERE note_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []noteEvent
	for rows.Next() {
		var (
			e       noteEvent
			payload string
		)
		if err := rows.Scan(&e.Seq, &e.At, &e.Kind, &e.Origin, &payload); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(payload), &e.p); err != nil {
			return nil, err
		}
		e.Version, e.Title, e.Path = e.p.Version, e.p.Title, e.p.Path
		out = append(out, e)
	}
	return out, rows.Err()
}

// Version returns one version of a note, with its body.
func (s *Store) Version(ctx context.Context, id uuid.UUID, version int) (*backend.NoteVersion, error) {
	hist, err := s.History(ctx, id, true)
	if err != nil {
		return nil, err
	}
	for i := range hist {
		if hist[i].Version == version {
			return &hist[i], nil
		}
	}
	return nil, &backend.Error{Code: backend.ENOTFOUND, Op: "pgstore.Version",
		Message: fmt.Sprintf("note %s has no version %d", id, version)}
}

// rewriteBody applies one rename rewrite to a linking note, checking its
// version, and records it as an update of that note.
func rewriteBody(ctx context.Context, tx *ent.Tx, rw backend.BodyRewrite, renamed uuid.UUID) error {
	row, err := updateBody(ctx, tx, rw.ID, rw.ExpectedVersion, rw.Body)
	if err != nil {
		return err
	}
	if row == nil {
		return &backend.Error{Code: backend.ECONFLICT, Op: "pgstore.Rename", Err: errVersion,
			Message: "a note linking here changed during the rename; try again"}
	}
	if err := replaceDerived(ctx, tx, row, rw.Derived); err != nil {
		return err
	}
	return appendEvent(ctx, tx, backend.EventNoteUpdated, row, backend.NotePayload{Body: &rw.Body, Reason: "rename", Renamed: renamed.String()})
}

// updateBody replaces the body of note id and bumps its version when it is
// live at expected, and returns the note as updated (with the new body):
// nil when no row matched (gone, trashed or at another version).
func updateBody(ctx context.Context, tx *ent.Tx, id uuid.UUID, expected int, body string) (*ent.Note, error) {
	rows, err := tx.QueryContext(ctx, `
		UPDATE notes SET body = $1, content_hash = $2, updated_at = $3, version = version + 1
		WHERE id = $4 AND version = $5 AND trashed_at IS NULL
		RETURNING title, title_key, path, path_key, content_hash, version, note_type, created_at, updated_at`,
		body, hashBody(body), now(), id, expected)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	n := &ent.Note{ID: id, Body: body}
	if err := rows.Scan(&n.Title, &n.TitleKey, &n.Path, &n.PathKey, &n.ContentHash, &n.Version, &n.NoteType, &n.CreatedAt, &n.UpdatedAt); err != nil {
		return nil, err
	}
	return n, rows.Close()
}

// whyNotUpdated explains an update that matched no row: the note is gone, in
// the trash, or at another version.
func (s *Store) whyNotUpdated(ctx context.Context, tx *ent.Tx, op string, id uuid.UUID, expected int) error {
	cur, err := tx.Note.Get(ctx, id)
	if err != nil {
		return err
	}
	if cur.TrashedAt != nil {
		return &backend.Error{Code: backend.ECONFLICT, Op: op, Message: fmt.Sprintf("note %q is in the trash; restore it first", cur.Title)}
	}
	return &backend.Error{Code: backend.ECONFLICT, Op: op, Err: errVersion,
		Message: fmt.Sprintf("note %q was changed elsewhere: you edited version %d, the saved version is %d", cur.Title, expected, cur.Version)}
}

// pathTaken is the conflict of a note refused at path because a live note
// holds it, case-insensitively; the message names the note already there.
func (s *Store) pathTaken(ctx context.Context, op, path string, err error) error {
	existing := path
	var p string
	if s.db.QueryRowContext(ctx, `SELECT path FROM notes WHERE path_key = $1 AND trashed_at IS NULL`,
		strings.ToLower(path)).Scan(&p) == nil {
		existing = p
	}
	msg := fmt.Sprintf("a note already exists at %q", existing)
	if existing != path {
		msg += fmt.Sprintf("; %q differs from it only in letter case", path)
	}
	return &backend.Error{Code: backend.ECONFLICT, Op: op, Message: msg, Err: err}
}

// errVersion marks a stale-version conflict, as opposed to a taken path.
var errVersion = errors.New("stale version")

func isVersionConflict(err error) bool { return errors.Is(err, errVersion) }

// notFound translates err, naming the note when it does not exist.
func (s *Store) notFound(op string, id uuid.UUID, err error) error {
	err = s.translate(op, err)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("no note with id %s", id), Err: err}
	}
	return err
}

// appendEvent appends a note's event: p with the note's version, title
// and path filled in; then it runs the context's write hook
// (backend.WithWriteHook) with that version, in the same transaction.
func appendEvent(ctx context.Context, tx *ent.Tx, kind backend.EventKind, n *ent.Note, p backend.NotePayload) error {
	p.Version, p.Title, p.Path = n.Version, n.Title, n.Path
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO events (time, kind, note_id, origin, payload) VALUES ($1, $2, $3, $4, $5::jsonb)`,
		now(), string(kind), n.ID, backend.Origin(ctx), string(b)); err != nil {
		return err
	}
	h := backend.WriteHookOf(ctx)
	if h == nil {
		return nil
	}
	return h(ctx, func(ctx context.Context, q string, args ...any) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}, []backend.WrittenVersion{{Note: n.ID, Version: n.Version}})
}

func toNote(r *ent.Note) *backend.Note {
	return &backend.Note{ID: r.ID, Title: r.Title, Path: r.Path, Body: r.Body, Version: r.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, TrashedAt: r.TrashedAt}
}

// now is the current time at the database's precision (microseconds), so a
// note returned by a write equals the same note read back.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func hashBody(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

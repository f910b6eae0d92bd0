package vault

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
)

// rebuild writes every live note to root and indexes the files that hold
// them, then sets the checkpoint to the snapshot it read: what attaching
// does, and a rebuild of the projection.
func (m *Mirror) rebuild(ctx context.Context, root string) error {
	tx, err := m.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	snap, err := eventlog.ReadSnapshot(ctx, tx)
	if err != nil {
		return err
	}
	cur, err := eventlog.Start(ctx, tx, snap)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM notes WHERE trashed_at IS NULL`)
	if err != nil {
		return err
	}
	var ids []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	states, err := noteStates(ctx, tx, ids)
	if err != nil {
		return err
	}
	tx.Rollback()
	x, err := loadIndex(ctx, m.db)
	if err != nil {
		return err
	}
	m.batch = &[]*entry{}
	defer func() { m.batch = nil }()
	for _, id := range ids {
		if err := m.applyNote(ctx, root, x, states[id], true); err != nil {
			return err
		}
	}
	if err := saveEntries(ctx, m.db, *m.batch); err != nil {
		return err
	}
	return m.saveCursor(ctx, cur)
}

func (m *Mirror) saveCursor(ctx context.Context, cur eventlog.Cursor) error {
	f, err := readFolder(ctx, m.db)
	if err != nil {
		return err
	}
	if _, err := m.db.ExecContext(ctx, `UPDATE vault_folders SET seq = $1 WHERE id = $2`, cur.Settled(), f.ID); err != nil {
		return err
	}
	m.cur, m.curFor = cur, f.ID
	return nil
}

// project writes to root the notes the event log changed since the
// checkpoint. A file changed outside since the mirror last wrote or read it
// is left alone: the reconcile that follows merges it.
func (m *Mirror) project(ctx context.Context, root string) error {
	if err := m.checkHeld(ctx, nil, false); err != nil {
		return err
	}
	f, err := readFolder(ctx, m.db)
	if err != nil {
		return err
	}
	if m.curFor != f.ID || m.cur.Settled() < f.Seq {
		m.cur, m.curFor = eventlog.At(f.Seq), f.ID
	}
	tx, err := m.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	snap, err := eventlog.ReadSnapshot(ctx, tx)
	if err != nil {
		return err
	}
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	var atts []backend.AttachmentPayload
	next, err := m.cur.Read(ctx, tx, snap, `kind, note_id, payload::text`, nil, func(r *sql.Rows) (int64, error) {
		var seq int64
		var kind, payload string
		var id uuid.NullUUID
		if err := r.Scan(&seq, &kind, &id, &payload); err != nil {
			return 0, err
		}
		if id.Valid && !seen[id.UUID] {
			seen[id.UUID] = true
			ids = append(ids, id.UUID)
		}
		if backend.EventKind(kind) == backend.EventAttachmentPut {
			var a backend.AttachmentPayload
			if json.Unmarshal([]byte(payload), &a) == nil {
				atts = append(atts, a)
			}
		}
		return seq, nil
	})
	if err != nil {
		return err
	}
	if len(ids) == 0 && len(atts) == 0 {
		if next.Settled() != m.cur.Settled() {
			return m.saveCursor(ctx, next)
		}
		m.cur = next
		return nil
	}
	states, err := noteStates(ctx, tx, ids)
	if err != nil {
		return err
	}
	tx.Rollback()
	x, err := loadIndexOf(ctx, m.db, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		st, ok := states[id]
		if !ok {
			st = noteState{ID: id}
		}
		if err := m.applyNote(ctx, root, x, st, false); err != nil {
			return err
		}
	}
	for _, a := range atts {
		m.writeAttachment(ctx, root, a)
	}
	return m.saveCursor(ctx, next)
}

// applyNote makes root hold note n as its file (or, for a note trashed or
// gone, moves its file to .trash/) and records the file in the index.
func (m *Mirror) applyNote(ctx context.Context, root string, x *index, n noteState, adopt bool) error {
	e := x.byNote[n.ID]
	if !n.Live {
		if e == nil {
			return nil
		}
		abs := filepath.Join(root, filepath.FromSlash(e.Path))
		if _, err := lstat(abs); err == nil {
			to := freeName(root, ".trash/"+e.Path)
			if err := moveFile(abs, filepath.Join(root, filepath.FromSlash(to))); err != nil {
				return m.issue(ctx, e.Path, fmt.Sprintf("cannot move the deleted note's file to .trash: %v", err))
			}
		}
		x.remove(e)
		return deleteEntry(ctx, m.db, e.Path)
	}
	if e != nil && e.Path != n.Path {
		from := filepath.Join(root, filepath.FromSlash(e.Path))
		to := filepath.Join(root, filepath.FromSlash(n.Path))
		fi, err := lstat(from)
		switch {
		case err != nil && !adopt:
			return nil // gone outside: reconcile decides (moved or deleted)
		case err != nil:
		case !sameStat(e, fi):
			return nil // edited outside meanwhile: reconcile merges it first
		default:
			if _, err := lstat(to); err == nil {
				return m.issue(ctx, n.Path, fmt.Sprintf("cannot move %s here: a file that is not this note's is in the way", e.Path))
			}
			if err := moveFile(from, to); err != nil {
				return m.issue(ctx, n.Path, fmt.Sprintf("cannot move %s here: %v", e.Path, err))
			}
			removeEmptyDirs(root, filepath.Dir(from))
		}
		if err := deleteEntry(ctx, m.db, e.Path); err != nil {
			return err
		}
		x.remove(e)
		moved := *e
		moved.Path = n.Path
		if fi, err := lstat(to); err == nil {
			stamp(&moved, fi)
		}
		e = &moved
		x.put(e)
	}
	abs := filepath.Join(root, filepath.FromSlash(n.Path))
	body := []byte(n.Body)
	h := hashOf(body)
	fi, err := lstat(abs)
	if err != nil && e != nil && !adopt {
		// The indexed file is gone: moved or deleted outside. Reconcile
		// decides which (a write here would bring back a moved file).
		return nil
	}
	if err == nil {
		if e == nil {
			// A file the index does not know: adopt it when it holds the
			// note, else leave it for reconcile to compare.
			b, err := readAll(abs, m.opts.MaxFileBytes)
			if err != nil || !bytes.Equal(b, body) {
				return nil
			}
			e = &entry{Path: n.Path, NoteID: n.ID, Base: n.Version, Hash: h}
			stamp(e, fi)
			x.put(e)
			return m.save(ctx, e)
		}
		if !sameStat(e, fi) {
			return nil // changed outside since: reconcile merges it
		}
		if e.Hash == h {
			if e.Base != n.Version || e.BaseText != nil {
				e.Base, e.BaseText = n.Version, nil
				return saveEntry(ctx, m.db, e)
			}
			return nil
		}
	}
	fi, d, err := writeIf(abs, body, func() bool {
		now, err := lstat(abs)
		if e == nil || e.Path != n.Path {
			return err != nil // nothing there to replace
		}
		return err == nil && sameStat(e, now)
	})
	if errors.Is(err, errChanged) {
		return nil // changed outside meanwhile: reconcile merges it
	}
	if err != nil {
		return m.issue(ctx, n.Path, fmt.Sprintf("cannot write the note's file: %v", err))
	}
	ne := heldEntry(n.Path, n.ID, n.Version, h, fi)
	x.put(&ne)
	if m.batch == nil {
		clearIssues(ctx, m.db, []string{n.Path})
	}
	if err := m.save(ctx, &ne); err != nil {
		d.close()
		return err
	}
	if d != nil {
		return m.hold(ctx, x, &held{d: d, root: root, restore: *e, wrote: ne, noteVersion: n.Version})
	}
	return nil
}

// writeAttachment copies an attachment's bytes to its path in root, unless
// a file is already there.
func (m *Mirror) writeAttachment(ctx context.Context, root string, a backend.AttachmentPayload) {
	if m.opts.Blobs == nil || a.Path == "" || !filepath.IsLocal(filepath.FromSlash(a.Path)) {
		return
	}
	abs := filepath.Join(root, filepath.FromSlash(a.Path))
	if fi, err := lstat(abs); err == nil && fi.Size() == a.Size {
		return
	}
	src, err := m.opts.Blobs.Open(a.ContentHash)
	if err != nil {
		m.issue(ctx, a.Path, fmt.Sprintf("cannot read the attachment: %v", err))
		return
	}
	defer src.Close()
	data, err := io.ReadAll(src)
	if err != nil {
		m.issue(ctx, a.Path, fmt.Sprintf("cannot read the attachment: %v", err))
		return
	}
	if _, err := writeAtomic(abs, data); err != nil {
		m.issue(ctx, a.Path, fmt.Sprintf("cannot write the attachment: %v", err))
	}
}

// issue records a status entry for path and returns nil: one bad file
// does not stop the pass.
func (m *Mirror) issue(ctx context.Context, path, msg string) error {
	m.log.Info("vault: file not synced", "path", path, "why", msg)
	return setIssue(ctx, m.db, path, msg)
}

// removeEmptyDirs removes dir and its parents up to root while empty.
func removeEmptyDirs(root, dir string) {
	for within(dir, root) && dir != root {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

// save stores e now, or with the batch of an attach.
func (m *Mirror) save(ctx context.Context, e *entry) error {
	if m.batch != nil && e.BaseText == nil {
		*m.batch = append(*m.batch, e)
		return nil
	}
	return saveEntry(ctx, m.db, e)
}

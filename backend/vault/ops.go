package vault

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/folderwatch"
)

// Conflicts returns the unresolved conflicts, oldest first.
func (m *Mirror) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := m.db.QueryContext(ctx, `SELECT `+conflictCols+` FROM vault_conflicts c LEFT JOIN notes n ON n.id = c.note_id
		WHERE c.resolved_at IS NULL ORDER BY c.created_at, c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Conflict{}
	for rows.Next() {
		c, err := scanConflict(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Conflict returns one unresolved conflict. Returns ENOTFOUND.
func (m *Mirror) Conflict(ctx context.Context, id string) (Conflict, error) {
	uid, err := uuid.Parse(id)
	if err != nil {
		return Conflict{}, backend.Errorf(backend.EINVALID, "bad conflict id %q", id)
	}
	c, err := scanConflict(m.db.QueryRowContext(ctx, `SELECT `+conflictCols+` FROM vault_conflicts c LEFT JOIN notes n ON n.id = c.note_id
		WHERE c.id = $1 AND c.resolved_at IS NULL`, uid))
	if errors.Is(err, sql.ErrNoRows) {
		return c, backend.Errorf(backend.ENOTFOUND, "no open conflict %s", id)
	}
	return c, err
}

// Keep choices of Resolve.
const (
	KeepNote = "note" // the note's text stays; the conflict copy goes to .trash/
	KeepFile = "file" // the file's text becomes the note's next version
	KeepBoth = "both" // the conflict copy becomes a note of its own
)

// Resolve settles a conflict with the user's choice: KeepNote, KeepFile
// or KeepBoth. Every text stays in the note's history or in .trash/.
func (m *Mirror) Resolve(ctx context.Context, id, keep string) error {
	if keep != KeepNote && keep != KeepFile && keep != KeepBoth {
		return backend.Errorf(backend.EINVALID, "keep must be note, file or both, not %q", keep)
	}
	c, err := m.Conflict(ctx, id)
	if err != nil {
		return err
	}
	if c.Source != SourceFolder {
		err := m.resolveCopy(ctx, c, keep)
		m.notify(m.Status(ctx))
		return err
	}
	err = m.locked(ctx, func(ctx context.Context) error {
		f, err := readFolder(ctx, m.db)
		if err != nil {
			return err
		}
		if f.Path == "" {
			return errNotAttached
		}
		root := f.Path
		abs := filepath.Join(root, filepath.FromSlash(c.ConflictPath))
		switch keep {
		case KeepFile:
			for attempt := 0; ; attempt++ {
				n, err := m.notes.Get(ctx, c.NoteID.String())
				if err != nil {
					return err
				}
				_, err = m.notes.Save(ctx, n.ID.String(), n.Version, c.FileText)
				if backend.ErrorCode(err) == backend.ECONFLICT && attempt < 3 {
					continue
				}
				if err != nil {
					return err
				}
				break
			}
			fallthrough
		case KeepNote:
			if _, err := lstat(abs); err == nil {
				to := freeName(root, ".trash/"+c.ConflictPath)
				if err := moveFile(abs, filepath.Join(root, filepath.FromSlash(to))); err != nil {
					return backend.Errorf(backend.EINVALID, "cannot move %s to .trash: %v", c.ConflictPath, err)
				}
			}
		case KeepBoth:
			text := c.FileText
			if b, err := readAll(abs, m.opts.MaxFileBytes); err == nil {
				text = string(b)
			} else if _, err := writeAtomic(abs, []byte(text)); err != nil {
				return backend.Errorf(backend.EINVALID, "cannot write %s: %v", c.ConflictPath, err)
			}
			title, folder := titleFolder(c.ConflictPath)
			n, err := m.notes.Create(folderCtx(ctx), title, folder, text)
			if err != nil {
				return err
			}
			fi, err := lstat(abs)
			if err != nil {
				return err
			}
			e := &entry{Path: c.ConflictPath, NoteID: n.ID, Base: n.Version, Hash: hashOf([]byte(text))}
			stamp(e, fi)
			if err := saveEntry(ctx, m.db, e); err != nil {
				return err
			}
		}
		if _, err := m.db.ExecContext(ctx, `UPDATE vault_conflicts SET resolved_at = now() WHERE id = $1`, c.ID); err != nil {
			return err
		}
		return m.pass1(ctx, root, []string{c.Path}, false)
	})
	m.notify(m.Status(ctx))
	return err
}

// resolveCopy settles a conflict whose other text is a conflict copy note
// (device sync): KeepNote trashes the copy, KeepFile saves the copy's text
// as the note's next version and trashes the copy, KeepBoth keeps both
// notes. Every text stays in history.
func (m *Mirror) resolveCopy(ctx context.Context, c Conflict, keep string) error {
	if c.CopyNoteID == nil {
		return backend.Errorf(backend.EINVALID, "conflict %s has no copy note", c.ID)
	}
	copyID := c.CopyNoteID.String()
	if keep == KeepFile {
		cp, err := m.notes.Get(ctx, copyID)
		if err != nil {
			return err
		}
		for attempt := 0; ; attempt++ {
			n, err := m.notes.Get(ctx, c.NoteID.String())
			if err != nil {
				return err
			}
			_, err = m.notes.Save(ctx, n.ID.String(), n.Version, cp.Body)
			if backend.ErrorCode(err) == backend.ECONFLICT && attempt < 3 {
				continue
			}
			if err != nil {
				return err
			}
			break
		}
	}
	if keep == KeepNote || keep == KeepFile {
		if cp, err := m.notes.Get(ctx, copyID); err == nil && cp.TrashedAt == nil {
			if _, err := m.notes.Trash(ctx, copyID); err != nil {
				return err
			}
		}
	}
	_, err := m.db.ExecContext(ctx, `UPDATE vault_conflicts SET resolved_at = now() WHERE id = $1`, c.ID)
	return err
}

// ConfirmDeletions settles the held mass deletion: apply moves the notes
// to the trash; otherwise their files are written back from the database.
func (m *Mirror) ConfirmDeletions(ctx context.Context, apply bool) (Status, error) {
	err := m.locked(ctx, func(ctx context.Context) error {
		f, err := readFolder(ctx, m.db)
		if err != nil {
			return err
		}
		if f.Path == "" {
			return errNotAttached
		}
		held, err := pendingDeletions(ctx, m.db)
		if err != nil {
			return err
		}
		x, err := loadIndex(ctx, m.db)
		if err != nil {
			return err
		}
		for p, id := range held {
			e := x.byPath[p]
			if e == nil {
				e = &entry{Path: p, NoteID: id}
			}
			if apply {
				if _, err := lstat(filepath.Join(f.Path, filepath.FromSlash(p))); err == nil {
					// back meanwhile: nothing to delete
				} else if err := m.trashNote(ctx, x, e); err != nil {
					return err
				}
			} else {
				states, err := noteStates(ctx, m.db, []uuid.UUID{id})
				if err != nil {
					return err
				}
				if n, ok := states[id]; ok && n.Live {
					x.remove(e)
					deleteEntry(ctx, m.db, p)
					if err := m.applyNote(ctx, f.Path, x, n, true); err != nil {
						return err
					}
				}
			}
			if _, err := m.db.ExecContext(ctx, `DELETE FROM vault_deletions WHERE path = $1`, p); err != nil {
				return err
			}
		}
		return nil
	})
	st := m.Status(ctx)
	m.notify(st)
	return st, err
}

// Run keeps the vault and its folder in step until ctx ends: a full scan at
// start, then the projection on every change of the event log and the
// reconcile on every batch of the folder's watcher. Without a folder it
// waits for Attach. Errors are reported in Status and retried.
func (m *Mirror) Run(ctx context.Context) error {
	var wake <-chan struct{}
	if m.opts.Listen != nil {
		if ch, err := m.opts.Listen(ctx); err == nil {
			wake = ch
		}
	}
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	defer m.releaseHeld(context.WithoutCancel(ctx))
	for ctx.Err() == nil {
		f, err := readFolder(ctx, m.db)
		if err != nil || f.Path == "" {
			select {
			case <-ctx.Done():
			case <-m.wake:
			case <-tick.C:
			}
			continue
		}
		m.follow(ctx, f.Path, wake, tick.C)
	}
	return ctx.Err()
}

// follow mirrors root until ctx ends or the folder is detached or changed.
func (m *Mirror) follow(ctx context.Context, root string, wake <-chan struct{}, tick <-chan time.Time) {
	if err := checkPresent(root); err != nil {
		m.setErr(ctx, err)
		m.notify(m.Status(ctx))
		select {
		case <-ctx.Done():
		case <-m.wake:
		case <-tick:
		}
		return
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := folderwatch.Watch(wctx, root, m.opts.Watch)
	if err != nil {
		m.setErr(ctx, err)
		return
	}
	defer w.Close()
	m.mu.Lock()
	m.watching = true
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.watching, m.watch, m.pending = false, folderwatch.Status{}, 0
		m.mu.Unlock()
		m.notify(m.Status(context.WithoutCancel(ctx)))
	}()
	run := func(paths []string, full bool) bool {
		m.mu.Lock()
		m.watch = w.Status()
		m.pending = len(paths)
		m.mu.Unlock()
		err := m.locked(ctx, func(ctx context.Context) error {
			f, err := readFolder(ctx, m.db)
			if err != nil {
				return err
			}
			if f.Path != root {
				return errDetached
			}
			if paths == nil && !full {
				if err := checkPresent(root); err != nil {
					return err
				}
				return m.project(ctx, root)
			}
			return m.pass1(ctx, root, paths, full)
		})
		m.mu.Lock()
		m.pending = 0
		m.mu.Unlock()
		if errors.Is(err, errDetached) {
			return false
		}
		if ctx.Err() == nil {
			m.setErr(ctx, err)
		}
		m.notify(m.Status(ctx))
		return true
	}
	if !run(nil, true) {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.wake:
			if !run(nil, false) {
				return
			}
		case <-wake:
			if !run(nil, false) {
				return
			}
		case <-tick:
			if !run(nil, false) {
				return
			}
		case b, ok := <-w.Batches():
			if !ok {
				return
			}
			if !run(b.Paths, b.Full || b.Paths == nil) {
				return
			}
		}
	}
}

var errDetached = errors.New("vault: the folder was detached")

package vault

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
)

// holdFor is how long the mirror keeps a file it replaced open and
// checked: long enough for an editor that opened the file just before the
// replacement to finish its write.
const holdFor = 2 * time.Second

// maxHeld bounds the replaced files held open at once.
const maxHeld = 512

// held is a file a write of the mirror replaced, kept open for a while.
type held struct {
	d    *displaced
	root string
	// restore is the index entry of the replaced file's text: its hash,
	// and the base that text was derived from.
	restore entry
	// wrote is the index entry of the text the write put in its place.
	wrote entry
	// noteVersion is the note's version the write came from.
	noteVersion int
}

// hold checks a file the mirror just replaced, and keeps it open to check
// again later: an edit that reached it after the mirror's check (an editor
// writing in place into the old file, or renaming its own file over the
// path) is put back on the path, with the index's base unchanged, so the
// next reconcile merges it with the note — never dropped with the old
// file. x, when not nil, is the pass's index.
func (m *Mirror) hold(ctx context.Context, x *index, h *held) error {
	if h.d == nil {
		return nil
	}
	if h.d.changed() && !h.d.settling() {
		return m.recoverHeld(ctx, x, h)
	}
	m.held = append(m.held, h)
	if len(m.held) > maxHeld {
		first := m.held[0]
		m.held = m.held[1:]
		if first.d.changed() {
			return m.recoverHeld(ctx, x, first)
		}
		first.d.close()
	}
	return nil
}

// checkHeld checks the files held, puts back any edit found in them, and
// lets go of those held long enough (of all of them when all is set).
func (m *Mirror) checkHeld(ctx context.Context, x *index, all bool) error {
	keep := m.held[:0]
	var first error
	for _, h := range m.held {
		switch {
		case h.d.changed() && h.d.settling() && !all:
			keep = append(keep, h) // an editor's write under way
		case h.d.changed():
			if err := m.recoverHeld(ctx, x, h); err != nil && first == nil {
				first = err
			}
		case all || time.Since(h.d.at) > holdFor:
			h.d.close()
		default:
			keep = append(keep, h)
		}
	}
	clear(m.held[len(keep):])
	m.held = keep
	return first
}

// recoverHeld brings back the text of a replaced file that changed after
// the mirror's check: onto the path when the path still holds what the
// mirror wrote (the index keeps the base the text came from, so the next
// reconcile merges it), else as a conflict copy.
func (m *Mirror) recoverHeld(ctx context.Context, x *index, h *held) error {
	defer h.d.close()
	rel := h.restore.Path
	text, err := h.d.text(m.opts.MaxFileBytes)
	if err != nil {
		return m.issue(ctx, rel, "an edit made while the app wrote the file could not be read: "+err.Error())
	}
	if hashOf(text) == h.restore.Hash {
		return nil // the same text as checked
	}
	m.log.Info("vault: an edit reached a replaced file; bringing it back", "path", rel)
	abs := h.d.abs
	still := func() bool {
		now, err := lstat(abs)
		return err == nil && sameStat(&h.wrote, now)
	}
	if still() {
		_, d2, err := writeIf(abs, text, still)
		if err == nil {
			e := h.restore
			if x != nil {
				x.put(&e)
			}
			if err := saveEntry(ctx, m.db, &e); err != nil {
				d2.close()
				return err
			}
			m.signal()
			if d2 == nil || !d2.changed() {
				d2.close()
				return nil
			}
			// The mirror's own text was edited in the same instant: keep
			// that edit as a conflict copy too.
			late, err := d2.text(m.opts.MaxFileBytes)
			d2.close()
			if err != nil {
				return m.issue(ctx, rel, "an edit made while the app wrote the file could not be read: "+err.Error())
			}
			return m.keepCopy(ctx, h, late)
		}
	}
	return m.keepCopy(ctx, h, text)
}

// keepCopy writes text, an edit of the note's file the path no longer
// holds, next to it as a conflict copy and records the conflict.
func (m *Mirror) keepCopy(ctx context.Context, h *held, text []byte) error {
	rel := h.restore.Path
	cp := freeName(h.root, conflictName(rel, m.opts.Now().Format("2006-01-02 1504")))
	if _, err := writeAtomic(filepath.Join(h.root, filepath.FromSlash(cp)), text); err != nil {
		return m.issue(ctx, rel, "cannot write the conflict copy: "+err.Error())
	}
	m.log.Info("vault: conflict", "path", rel, "copy", cp)
	return addConflict(ctx, m.db, Conflict{NoteID: h.restore.NoteID, Path: rel, ConflictPath: cp, BaseVersion: h.restore.Base, NoteVersion: h.noteVersion, FileText: string(text)})
}

// heldEntry returns the index entry of the text written at rel from note
// id at version v, with the file's stat fi.
func heldEntry(rel string, id uuid.UUID, v int, hash string, fi os.FileInfo) entry {
	e := entry{Path: rel, NoteID: id, Base: v, Hash: hash}
	if fi != nil {
		stamp(&e, fi)
	}
	return e
}

// releaseHeld checks every file held one last time and lets them go: the
// mirror stops.
func (m *Mirror) releaseHeld(ctx context.Context) {
	m.pass.Lock()
	defer m.pass.Unlock()
	if len(m.held) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := m.checkHeld(ctx, nil, true); err != nil {
		m.log.Info("vault: checking replaced files on stop", "err", err)
	}
}

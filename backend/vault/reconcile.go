package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/folderwatch"
	"secondbrain/backend/merge"
)

// MassDeletionShare and MassDeletionCount bound the files a pass may find
// deleted before it holds the deletions for the user to confirm: more than
// a fifth of the mirrored notes (at least two files), or more than 50.
const (
	MassDeletionShare = 0.2
	MassDeletionCount = 50
)

// found is a Markdown file a scan found.
type found struct {
	rel  string
	abs  string
	fi   fs.FileInfo
	text []byte
	hash string
}

// scan is what one reconcile pass found on disk.
type scan struct {
	files   []*found
	seen    map[string]bool // every path examined that exists
	missing map[string]bool // indexed paths that do not exist
	ok      []string        // paths synced (their issues cleared)
}

// reconcile brings the folder's changes into the database: the given
// paths (files or folders, relative to root), or every file when full.
func (m *Mirror) reconcile(ctx context.Context, root string, paths []string, full bool) error {
	var x *index
	var err error
	if full {
		x, err = loadIndex(ctx, m.db)
	} else {
		clean := make([]string, 0, len(paths))
		for _, p := range paths {
			clean = append(clean, path.Clean(strings.TrimPrefix(filepath.ToSlash(p), "/")))
		}
		x, err = loadIndexUnder(ctx, m.db, clean)
	}
	if err != nil {
		return err
	}
	copies, err := conflictPaths(ctx, m.db)
	if err != nil {
		return err
	}
	held, err := pendingDeletions(ctx, m.db)
	if err != nil {
		return err
	}
	sc := &scan{seen: map[string]bool{}, missing: map[string]bool{}}
	if full {
		if err := m.walk(ctx, root, root, sc, x); err != nil {
			return err
		}
		for p := range x.byPath {
			if !sc.seen[p] {
				sc.missing[p] = true
			}
		}
		if _, err := m.db.ExecContext(ctx, `DELETE FROM vault_issues WHERE NOT (path = ANY($1))`, keys(sc.seen)); err != nil {
			return err
		}
	} else {
		for _, rel := range paths {
			rel = path.Clean(strings.TrimPrefix(filepath.ToSlash(rel), "/"))
			if rel == "." || folderwatch.Ignored(rel) {
				continue
			}
			abs := filepath.Join(root, filepath.FromSlash(rel))
			fi, err := lstat(abs)
			if err == nil && fi.IsDir() {
				if err := m.walk(ctx, root, abs, sc, x); err != nil {
					return err
				}
			} else if err == nil {
				m.visit(ctx, root, rel, abs, fi, sc, x)
			}
			// indexed files at or under rel that are gone
			for p := range x.byPath {
				if (p == rel || strings.HasPrefix(p, rel+"/")) && !sc.seen[p] {
					if _, err := lstat(filepath.Join(root, filepath.FromSlash(p))); errors.Is(err, fs.ErrNotExist) {
						sc.missing[p] = true
					}
				}
			}
			if err != nil && errors.Is(err, fs.ErrNotExist) {
				sc.ok = append(sc.ok, rel)
			}
		}
	}
	if err := clearIssues(ctx, m.db, sc.ok); err != nil {
		return err
	}
	// A held deletion whose file is back is no longer pending.
	for p := range held {
		if sc.seen[p] || (full && x.byPath[p] == nil) {
			m.db.ExecContext(ctx, `DELETE FROM vault_deletions WHERE path = $1`, p)
			delete(held, p)
		}
	}
	// Renames: a new file with the hash (or inode) of a missing one.
	byHash := map[string][]*entry{}
	byInode := map[uint64]*entry{}
	for p := range sc.missing {
		e := x.byPath[p]
		byHash[e.Hash] = append(byHash[e.Hash], e)
		if e.Inode != 0 {
			byInode[e.Inode] = e
		}
	}
	var creates []*found
	for _, f := range sc.files {
		if copies[f.rel] {
			continue // a conflict copy the mirror already knows
		}
		if orig, ok := folderwatch.IsConflictCopy(f.rel); ok {
			if err := m.syncConflictCopy(ctx, root, x, f, orig); err != nil {
				return err
			}
			continue
		}
		if e := x.byPath[f.rel]; e != nil {
			if err := m.fileChanged(ctx, root, x, e, f); err != nil {
				return err
			}
			continue
		}
		var from *entry
		if es := byHash[f.hash]; len(es) > 0 && len(bytes.TrimSpace(f.text)) > 0 {
			// (an empty file, such as one caught between an editor's
			// truncate and write, says nothing about where it came from)
			from = es[0]
			byHash[f.hash] = es[1:]
		} else if e := byInode[inodeOf(f.fi)]; e != nil && inodeOf(f.fi) != 0 && sc.missing[e.Path] && sameNameOrFolder(e.Path, f.rel) && m.similar(ctx, e, f.text) {
			from = e // moved and edited (an inode alone may be reused)
		}
		if from != nil && sc.missing[from.Path] {
			delete(sc.missing, from.Path)
			delete(byInode, from.Inode)
			if err := m.fileMoved(ctx, root, x, from, f); err != nil {
				return err
			}
			continue
		}
		creates = append(creates, f)
	}
	for _, f := range creates {
		if err := m.fileCreated(ctx, root, x, f); err != nil {
			return err
		}
	}
	return m.filesMissing(ctx, x, sc.missing, held)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// walk visits every Markdown file under dir.
func (m *Mirror) walk(ctx context.Context, root, dir string, sc *scan, x *index) error {
	return filepath.WalkDir(dir, func(abs string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, _ := filepath.Rel(root, abs)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if abs == root {
				return err
			}
			if rel != "." && !folderwatch.Ignored(rel) {
				m.issue(ctx, rel, "cannot read: "+errText(err))
				sc.seen[rel] = true
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		if folderwatch.Ignored(rel) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		fi, err := lstat(abs)
		if err != nil {
			return nil
		}
		m.visit(ctx, root, rel, abs, fi, sc, x)
		return nil
	})
}

// settleTime is how long an emptied file may still be half written.
const settleTime = 500 * time.Millisecond

// visit looks at one file: unchanged files cost a stat, changed ones a
// read and a hash; bad ones get a status entry.
func (m *Mirror) visit(ctx context.Context, root, rel, abs string, fi fs.FileInfo, sc *scan, x *index) {
	if !isMarkdown(rel) || folderwatch.Ignored(rel) {
		return
	}
	sc.seen[rel] = true
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(abs)
		if err != nil {
			m.issue(ctx, rel, "a symlink whose target is missing; not synced")
			return
		}
		if !within(target, root) {
			m.issue(ctx, rel, "a symlink leading outside the vault folder; never followed")
			return
		}
		m.issue(ctx, rel, "a symlink inside the vault; its target is synced instead")
		return
	}
	if !fi.Mode().IsRegular() {
		return
	}
	e := x.byPath[rel]
	if msg := nameProblem(rel); msg != "" && e == nil {
		// A note already (the importer took it) keeps syncing; a new
		// file with such a name is not made a note.
		m.issue(ctx, rel, msg)
		return
	}
	if e != nil && sameStat(e, fi) {
		sc.ok = append(sc.ok, rel)
		return
	}
	if fi.Size() > m.opts.MaxFileBytes {
		m.issue(ctx, rel, fmt.Sprintf("the file is %.1f MB; notes are limited to %d MB", float64(fi.Size())/(1<<20), m.opts.MaxFileBytes>>20))
		return
	}
	b, err := readAll(abs, m.opts.MaxFileBytes)
	// An editor that rewrites a file in place truncates it first: an empty
	// file that was not, emptied a moment ago (the stat of the walk may be
	// older than the truncate), is most likely caught between the truncate
	// and the write. Let it settle, then look again.
	for try := 0; err == nil && len(b) == 0 && e != nil && e.Size > 0 && try < 3; try++ {
		now, serr := os.Lstat(abs)
		if serr != nil {
			break
		}
		fi = now
		wait := settleTime - time.Since(now.ModTime())
		if wait <= 0 {
			break
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if fi, err = os.Lstat(abs); err == nil {
			b, err = readAll(abs, m.opts.MaxFileBytes)
		}
	}
	if err != nil {
		m.issue(ctx, rel, "cannot read: "+errText(err))
		return
	}
	if bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
		m.issue(ctx, rel, "binary file with a Markdown name")
		return
	}
	if !utf8.Valid(b) {
		m.issue(ctx, rel, "the text is not valid UTF-8")
		return
	}
	if bytes.IndexByte(b, 0) >= 0 {
		m.issue(ctx, rel, "the text contains a NUL byte")
		return
	}
	sc.ok = append(sc.ok, rel)
	f := &found{rel: rel, abs: abs, fi: fi, text: b, hash: hashOf(b)}
	if e != nil && e.Hash == f.hash {
		// touched, not changed: remember the new stat
		stamp(e, fi)
		saveEntry(ctx, m.db, e)
		return
	}
	sc.files = append(sc.files, f)
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// folderCtx marks the changes as read from the folder.
func folderCtx(ctx context.Context) context.Context {
	return backend.WithOrigin(ctx, backend.OriginFolder)
}

// fileChanged brings an edited file into its note: saved as the next
// version when the note is still at the file's base, merged when both
// changed, a conflict copy when the edits overlap.
func (m *Mirror) fileChanged(ctx context.Context, root string, x *index, e *entry, f *found) error {
	text := string(f.text)
	for attempt := 0; ; attempt++ {
		n, err := m.notes.Get(ctx, e.NoteID.String())
		if backend.ErrorCode(err) == backend.ENOTFOUND {
			// the note was deleted for good: the file makes a new one
			x.remove(e)
			deleteEntry(ctx, m.db, e.Path)
			return m.fileCreated(ctx, root, x, f)
		}
		if err != nil {
			return err
		}
		if n.TrashedAt != nil {
			if n, err = m.notes.Restore(folderCtx(ctx), n.ID.String()); err != nil {
				return m.issue(ctx, f.rel, "the note is in the trash and cannot come back: "+backend.ErrorMessage(err))
			}
		}
		if n.Body == text {
			return m.index(ctx, x, f, n.ID, n.Version)
		}
		if n.Version == e.Base && e.BaseText == nil {
			saved, err := m.notes.Save(folderCtx(ctx), n.ID.String(), n.Version, text)
			if backend.ErrorCode(err) == backend.ECONFLICT && attempt < 3 {
				continue
			}
			if err != nil {
				return m.issue(ctx, f.rel, "cannot save the file's text: "+backend.ErrorMessage(err))
			}
			return m.index(ctx, x, f, saved.ID, saved.Version)
		}
		base := ""
		if e.BaseText != nil {
			base = *e.BaseText
		} else if v, err := m.notes.Version(ctx, n.ID.String(), e.Base); err == nil && !v.Purged {
			base = v.Body
		}
		r := merge.Lines(base, n.Body, text)
		if r.Clean() {
			saved, err := m.notes.Save(folderCtx(ctx), n.ID.String(), n.Version, r.Text)
			if backend.ErrorCode(err) == backend.ECONFLICT && attempt < 3 {
				continue
			}
			if err != nil {
				return m.issue(ctx, f.rel, "cannot save the merged text: "+backend.ErrorMessage(err))
			}
			return m.rewrite(ctx, root, x, f, saved)
		}
		return m.conflict(ctx, root, x, e, f, n)
	}
}

// conflict keeps the note's text, writes the file's next to it as a
// conflict copy and records the conflict.
func (m *Mirror) conflict(ctx context.Context, root string, x *index, e *entry, f *found, n *backend.Note) error {
	cp := freeName(root, conflictName(n.Path, m.opts.Now().Format("2006-01-02 1504")))
	if _, err := writeAtomic(filepath.Join(root, filepath.FromSlash(cp)), f.text); err != nil {
		return m.issue(ctx, f.rel, "cannot write the conflict copy: "+err.Error())
	}
	base := 0
	if e != nil {
		base = e.Base
	}
	if err := addConflict(ctx, m.db, Conflict{NoteID: n.ID, Path: n.Path, ConflictPath: cp, BaseVersion: base, NoteVersion: n.Version, FileText: string(f.text)}); err != nil {
		return err
	}
	m.log.Info("vault: conflict", "path", n.Path, "copy", cp)
	return m.rewrite(ctx, root, x, f, n)
}

// rewrite writes note n over the file f read, unless the file changed
// again since: then the index keeps the old base, and the next pass merges
// the newer edit too.
func (m *Mirror) rewrite(ctx context.Context, root string, x *index, f *found, n *backend.Note) error {
	abs := filepath.Join(root, filepath.FromSlash(n.Path))
	nfi, d, err := writeIf(abs, []byte(n.Body), func() bool {
		now, err := lstat(abs)
		if abs != f.abs {
			return err != nil
		}
		return err == nil && now.Size() == f.fi.Size() && now.ModTime().Equal(f.fi.ModTime())
	})
	if errors.Is(err, errChanged) {
		if abs != f.abs {
			return nil
		}
		// The file outran the merge: its next edit merges against the
		// text read here, which the note now holds merged.
		read := string(f.text)
		e := &entry{Path: f.rel, NoteID: n.ID, Base: n.Version, BaseText: &read, Hash: f.hash}
		stamp(e, f.fi)
		x.put(e)
		return saveEntry(ctx, m.db, e)
	}
	if err != nil {
		return m.issue(ctx, n.Path, "cannot write the note's file: "+err.Error())
	}
	if abs != f.abs {
		d.close()
		return nil
	}
	e := heldEntry(n.Path, n.ID, n.Version, hashOf([]byte(n.Body)), nfi)
	x.put(&e)
	if err := saveEntry(ctx, m.db, &e); err != nil {
		d.close()
		return err
	}
	if d == nil {
		return nil
	}
	// The replaced file held the text read here, which the note now holds
	// merged: an edit that reached it late merges against that text.
	read := string(f.text)
	restore := entry{Path: f.rel, NoteID: n.ID, Base: n.Version, BaseText: &read, Hash: f.hash}
	stamp(&restore, f.fi)
	return m.hold(ctx, x, &held{d: d, root: root, restore: restore, wrote: e, noteVersion: n.Version})
}

// index records that file f holds version v of note id.
func (m *Mirror) index(ctx context.Context, x *index, f *found, id uuid.UUID, v int) error {
	e := &entry{Path: f.rel, NoteID: id, Base: v, Hash: f.hash}
	stamp(e, f.fi)
	x.put(e)
	return saveEntry(ctx, m.db, e)
}

// fileMoved moves the note of a file that moved (found by hash or inode),
// keeping its id and history, then brings in any edit made on the way.
func (m *Mirror) fileMoved(ctx context.Context, root string, x *index, from *entry, f *found) error {
	title, folder := titleFolder(f.rel)
	for attempt := 0; ; attempt++ {
		n, err := m.notes.Get(ctx, from.NoteID.String())
		if err != nil {
			x.remove(from)
			deleteEntry(ctx, m.db, from.Path)
			return m.fileCreated(ctx, root, x, f)
		}
		if n.TrashedAt != nil {
			if n, err = m.notes.Restore(folderCtx(ctx), n.ID.String()); err != nil {
				return m.issue(ctx, f.rel, "the moved note is in the trash and cannot come back: "+backend.ErrorMessage(err))
			}
		}
		if n.Path != f.rel {
			n, err = m.notes.Move(folderCtx(ctx), n.ID.String(), n.Version, title, folder, false)
			if backend.ErrorCode(err) == backend.ECONFLICT && attempt < 3 {
				if _, taken, _ := liveNoteAt(ctx, m.db, f.rel); taken {
					break
				}
				continue
			}
			if err != nil {
				return m.issue(ctx, f.rel, "cannot move the note here: "+backend.ErrorMessage(err))
			}
		}
		deleteEntry(ctx, m.db, from.Path)
		x.remove(from)
		if n.Body == string(f.text) {
			return m.index(ctx, x, f, n.ID, n.Version)
		}
		if f.hash == from.Hash {
			// The file is as the mirror last wrote it, from from.Base: the
			// note's newer text is written by the projection.
			return m.index(ctx, x, f, n.ID, from.Base)
		}
		moved := &entry{Path: f.rel, NoteID: n.ID, Base: from.Base, Hash: from.Hash, Size: -1}
		x.put(moved)
		if err := saveEntry(ctx, m.db, moved); err != nil {
			return err
		}
		return m.fileChanged(ctx, root, x, moved, f)
	}
	// Another note holds the path: the file is new to the vault.
	x.remove(from)
	return m.fileCreated(ctx, root, x, f)
}

// fileCreated makes a note of a new file. A live note already at its path
// (written before a crash, or by both sides at once) is adopted when equal,
// else the file's text becomes a conflict copy.
func (m *Mirror) fileCreated(ctx context.Context, root string, x *index, f *found) error {
	if n, ok, err := liveNoteAt(ctx, m.db, f.rel); err != nil {
		return err
	} else if ok {
		if x.byNote[n.ID] == nil {
			if err := x.load(ctx, m.db, "note_id = $1", n.ID); err != nil {
				return err
			}
		}
		if e := x.byNote[n.ID]; e != nil && e.Path != f.rel {
			if _, err := lstat(filepath.Join(root, filepath.FromSlash(e.Path))); err == nil {
				return m.issue(ctx, f.rel, fmt.Sprintf("the same name as %s on a case-insensitive disk; rename one of them", e.Path))
			}
		}
		if n.Body == string(f.text) {
			return m.index(ctx, x, f, n.ID, n.Version)
		}
		nn := &backend.Note{ID: n.ID, Path: n.Path, Title: n.Title, Body: n.Body, Version: n.Version}
		return m.conflict(ctx, root, x, nil, f, nn)
	}
	title, folder := titleFolder(f.rel)
	n, err := m.notes.Create(folderCtx(ctx), title, folder, string(f.text))
	if err != nil {
		return m.issue(ctx, f.rel, "cannot make a note of the file: "+backend.ErrorMessage(err))
	}
	if n.Path != f.rel {
		return m.issue(ctx, f.rel, fmt.Sprintf("the note was stored as %s", n.Path))
	}
	return m.index(ctx, x, f, n.ID, n.Version)
}

// filesMissing trashes the notes of deleted files, unless so many went at
// once that the deletions wait for the user's confirmation.
func (m *Mirror) filesMissing(ctx context.Context, x *index, missing map[string]bool, held map[string]uuid.UUID) error {
	var gone []*entry
	for p := range missing {
		if _, ok := held[p]; ok {
			continue
		}
		gone = append(gone, x.byPath[p])
	}
	if len(gone) == 0 {
		return nil
	}
	total, err := count(ctx, m.db, `SELECT count(*) FROM vault_files`)
	if err != nil {
		return err
	}
	if len(gone) > MassDeletionCount || (len(gone) >= 2 && float64(len(gone)) > MassDeletionShare*float64(total)) {
		for _, e := range gone {
			if _, err := m.db.ExecContext(ctx, `INSERT INTO vault_deletions (path, note_id, detected_at) VALUES ($1, $2, now()) ON CONFLICT (path) DO NOTHING`, e.Path, e.NoteID); err != nil {
				return err
			}
		}
		m.log.Warn("vault: mass deletion held for confirmation", "files", len(gone), "mirrored", total)
		return nil
	}
	for _, e := range gone {
		if err := m.trashNote(ctx, x, e); err != nil {
			return err
		}
	}
	return nil
}

// trashNote moves the note of a deleted file to the trash.
func (m *Mirror) trashNote(ctx context.Context, x *index, e *entry) error {
	if _, err := m.notes.Trash(folderCtx(ctx), e.NoteID.String()); err != nil && backend.ErrorCode(err) != backend.ENOTFOUND {
		return m.issue(ctx, e.Path, "cannot move the note to the trash: "+backend.ErrorMessage(err))
	}
	x.remove(e)
	return deleteEntry(ctx, m.db, e.Path)
}

// syncConflictCopy records a sync tool's conflict copy as a conflict of
// the original's note, once.
func (m *Mirror) syncConflictCopy(ctx context.Context, root string, x *index, f *found, orig string) error {
	e := x.byPath[orig]
	if e == nil {
		// A watcher's batch loads the index of its own paths only, and it
		// names the copy, not the original: look the original up.
		y := &index{byPath: map[string]*entry{}, byNote: map[uuid.UUID]*entry{}}
		if err := y.load(ctx, m.db, "path = $1", orig); err != nil {
			return err
		}
		e = y.byPath[orig]
	}
	if e == nil {
		return m.issue(ctx, f.rel, fmt.Sprintf("a sync tool's conflict copy of %s, which is not in the vault; rename it to import it", orig))
	}
	n, err := m.notes.Get(ctx, e.NoteID.String())
	if err != nil {
		return err
	}
	return addConflict(ctx, m.db, Conflict{NoteID: n.ID, Path: n.Path, ConflictPath: f.rel, BaseVersion: e.Base, NoteVersion: n.Version, FileText: string(f.text)})
}

// similar says whether text shares at least half its lines with the text
// e was written from: a file with e's inode is then e moved and edited,
// not a new file that reused a freed inode.
func (m *Mirror) similar(ctx context.Context, e *entry, text []byte) bool {
	v, err := m.notes.Version(ctx, e.NoteID.String(), e.Base)
	if err != nil {
		return false
	}
	old := map[string]int{}
	a := strings.Split(v.Body, "\n")
	for _, l := range a {
		old[l]++
	}
	b := strings.Split(string(text), "\n")
	common := 0
	for _, l := range b {
		if old[l] > 0 {
			old[l]--
			common++
		}
	}
	return 2*common >= max(len(a), len(b))
}

// sameNameOrFolder says whether two paths share their file name or their
// folder: a move or a rename, not both (a freed inode reused by a new
// file rarely matches either).
func sameNameOrFolder(a, b string) bool {
	return path.Base(a) == path.Base(b) || path.Dir(a) == path.Dir(b)
}

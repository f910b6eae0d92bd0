package vault

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// entry is one file of the index: what the mirror last wrote or read there.
type entry struct {
	Path   string
	NoteID uuid.UUID
	// Base is the note version the file was last written from or read as.
	Base int
	// BaseText, when set, is the text the file was last read as, which no
	// note version holds: the base of the next merge instead of Base's.
	BaseText *string
	Hash     string
	Size     int64
	Mtime    int64 // Unix nanoseconds
	Inode    uint64
}

// index is the file index of one pass, in memory, by path and by note.
type index struct {
	byPath map[string]*entry
	byNote map[uuid.UUID]*entry
}

func (x *index) put(e *entry) {
	if old := x.byPath[e.Path]; old != nil && old.NoteID != e.NoteID && x.byNote[old.NoteID] == old {
		delete(x.byNote, old.NoteID)
	}
	if old := x.byNote[e.NoteID]; old != nil && old.Path != e.Path {
		delete(x.byPath, old.Path)
	}
	x.byPath[e.Path] = e
	x.byNote[e.NoteID] = e
}

func (x *index) remove(e *entry) {
	if x.byPath[e.Path] == e {
		delete(x.byPath, e.Path)
	}
	if x.byNote[e.NoteID] == e {
		delete(x.byNote, e.NoteID)
	}
}

// folderRow is the attached folder's row.
type folderRow struct {
	ID       uuid.UUID
	Path     string
	Attached time.Time
	Seq      int64
}

// readFolder returns the vault's folder row; Path is "" when none is attached.
func readFolder(ctx context.Context, db *sql.DB) (folderRow, error) {
	var f folderRow
	err := db.QueryRowContext(ctx, `SELECT id, path, attached_at, seq FROM vault_folders ORDER BY attached_at LIMIT 1`).
		Scan(&f.ID, &f.Path, &f.Attached, &f.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return folderRow{}, nil
	}
	return f, err
}

// vaultID returns the id written to the folder's marker: one per database,
// kept across detach and attach.
func vaultID(ctx context.Context, db *sql.DB) (uuid.UUID, error) {
	f, err := readFolder(ctx, db)
	if err != nil {
		return uuid.Nil, err
	}
	if f.ID != uuid.Nil {
		return f.ID, nil
	}
	id := uuid.New()
	_, err = db.ExecContext(ctx, `INSERT INTO vault_folders (id, path, attached_at, seq, last_error) VALUES ($1, '', now(), 0, '')`, id)
	return id, err
}

func loadIndex(ctx context.Context, db *sql.DB) (*index, error) {
	x := &index{byPath: map[string]*entry{}, byNote: map[uuid.UUID]*entry{}}
	return x, x.load(ctx, db, "true")
}

// loadIndexOf loads the entries of the given notes only (a projection's).
func loadIndexOf(ctx context.Context, db *sql.DB, ids []uuid.UUID) (*index, error) {
	x := &index{byPath: map[string]*entry{}, byNote: map[uuid.UUID]*entry{}}
	return x, x.load(ctx, db, "note_id = ANY($1)", ids)
}

// loadIndexUnder loads the entries at or under the given paths (a
// reconcile of a watcher's batch).
func loadIndexUnder(ctx context.Context, db *sql.DB, paths []string) (*index, error) {
	x := &index{byPath: map[string]*entry{}, byNote: map[uuid.UUID]*entry{}}
	prefixes := make([]string, len(paths))
	for i, p := range paths {
		prefixes[i] = p + "/"
	}
	return x, x.load(ctx, db, "path = ANY($1) OR EXISTS (SELECT 1 FROM unnest($2::text[]) p WHERE starts_with(path, p))", paths, prefixes)
}

// load adds the entries that cond selects.
func (x *index) load(ctx context.Context, db *sql.DB, cond string, args ...any) error {
	rows, err := db.QueryContext(ctx, `SELECT path, note_id, base_version, base_text, hash, size, mtime_ns, inode FROM vault_files WHERE `+cond, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e := &entry{}
		var ino int64
		if err := rows.Scan(&e.Path, &e.NoteID, &e.Base, &e.BaseText, &e.Hash, &e.Size, &e.Mtime, &ino); err != nil {
			return err
		}
		e.Inode = uint64(ino)
		if x.byPath[e.Path] == nil {
			x.put(e)
		}
	}
	return rows.Err()
}

// saveEntry stores e, replacing any other row of its note or path.
func saveEntry(ctx context.Context, db *sql.DB, e *entry) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM vault_files WHERE note_id = $1 AND path <> $2`, e.NoteID, e.Path); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO vault_files (path, note_id, base_version, base_text, hash, size, mtime_ns, inode) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (path) DO UPDATE SET note_id = $2, base_version = $3, base_text = $4, hash = $5, size = $6, mtime_ns = $7, inode = $8`,
		e.Path, e.NoteID, e.Base, e.BaseText, e.Hash, e.Size, e.Mtime, int64(e.Inode)); err != nil {
		return err
	}
	return tx.Commit()
}

// saveEntries stores many entries of new files in one transaction (an
// attach), replacing rows of the same paths or notes.
func saveEntries(ctx context.Context, db *sql.DB, es []*entry) error {
	if len(es) == 0 {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for start := 0; start < len(es); start += 1000 {
		part := es[start:min(len(es), start+1000)]
		paths, ids, bases, hashes := make([]string, len(part)), make([]uuid.UUID, len(part)), make([]int64, len(part)), make([]string, len(part))
		sizes, mtimes, inodes := make([]int64, len(part)), make([]int64, len(part)), make([]int64, len(part))
		for i, e := range part {
			paths[i], ids[i], bases[i], hashes[i] = e.Path, e.NoteID, int64(e.Base), e.Hash
			sizes[i], mtimes[i], inodes[i] = e.Size, e.Mtime, int64(e.Inode)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM vault_files WHERE note_id = ANY($1) OR path = ANY($2)`, ids, paths); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vault_files (path, note_id, base_version, hash, size, mtime_ns, inode)
			SELECT * FROM unnest($1::text[], $2::uuid[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[])`,
			paths, ids, bases, hashes, sizes, mtimes, inodes); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func deleteEntry(ctx context.Context, db *sql.DB, path string) error {
	_, err := db.ExecContext(ctx, `DELETE FROM vault_files WHERE path = $1`, path)
	return err
}

// Issue is a file the mirror cannot sync, and why.
type Issue struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func setIssue(ctx context.Context, db *sql.DB, path, msg string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO vault_issues (path, message, updated_at) VALUES ($1, $2, now())
		ON CONFLICT (path) DO UPDATE SET message = $2, updated_at = now()`, path, msg)
	return err
}

func clearIssues(ctx context.Context, db *sql.DB, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	_, err := db.ExecContext(ctx, `DELETE FROM vault_issues WHERE path = ANY($1)`, paths)
	return err
}

func listIssues(ctx context.Context, db *sql.DB) ([]Issue, error) {
	rows, err := db.QueryContext(ctx, `SELECT path, message FROM vault_issues ORDER BY path`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Issue{}
	for rows.Next() {
		var i Issue
		if err := rows.Scan(&i.Path, &i.Message); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// Conflict is an edit of a file that overlapped an edit of its note, or a
// sync tool's conflict copy, waiting for the user's choice.
type Conflict struct {
	ID           uuid.UUID
	NoteID       uuid.UUID
	Title        string
	Path         string
	ConflictPath string
	BaseVersion  int
	NoteVersion  int
	FileText     string
	Created      time.Time
	// Source is SourceFolder, or "device:NAME" for a conflict device sync
	// found (backend/devicesync); CopyNoteID is then the conflict copy note.
	Source     string
	CopyNoteID *uuid.UUID
}

// SourceFolder is the source of a conflict found in the vault folder.
const SourceFolder = "folder"

const conflictCols = `c.id, c.note_id, coalesce(n.title, ''), c.path, c.conflict_path, c.base_version, c.note_version, c.file_text, c.created_at, c.source, c.copy_note_id`

func scanConflict(sc interface{ Scan(...any) error }) (Conflict, error) {
	var c Conflict
	err := sc.Scan(&c.ID, &c.NoteID, &c.Title, &c.Path, &c.ConflictPath, &c.BaseVersion, &c.NoteVersion, &c.FileText, &c.Created, &c.Source, &c.CopyNoteID)
	return c, err
}

func addConflict(ctx context.Context, db *sql.DB, c Conflict) error {
	_, err := db.ExecContext(ctx, `INSERT INTO vault_conflicts (id, note_id, path, conflict_path, base_version, note_version, file_text, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, now())`, uuid.New(), c.NoteID, c.Path, c.ConflictPath, c.BaseVersion, c.NoteVersion, c.FileText)
	return err
}

// conflictPaths returns the conflict copies the mirror knows, resolved or
// not (its own, not device sync's, which are notes).
func conflictPaths(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT conflict_path FROM vault_conflicts WHERE source = 'folder'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out[p] = true
	}
	return out, rows.Err()
}

func pendingDeletions(ctx context.Context, db *sql.DB) (map[string]uuid.UUID, error) {
	rows, err := db.QueryContext(ctx, `SELECT path, note_id FROM vault_deletions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]uuid.UUID{}
	for rows.Next() {
		var p string
		var id uuid.UUID
		if err := rows.Scan(&p, &id); err != nil {
			return nil, err
		}
		out[p] = id
	}
	return out, rows.Err()
}

func count(ctx context.Context, db *sql.DB, q string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, q).Scan(&n)
	return n, err
}

// noteState is a note as the projection writes it.
type noteState struct {
	ID      uuid.UUID
	Path    string
	Title   string
	Body    string
	Version int
	Live    bool
}

// noteStates reads the notes among ids; a missing id is a deleted note.
func noteStates(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ids []uuid.UUID) (map[uuid.UUID]noteState, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, path, title, body, version, trashed_at IS NULL FROM notes WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[uuid.UUID]noteState, len(ids))
	for rows.Next() {
		var n noteState
		if err := rows.Scan(&n.ID, &n.Path, &n.Title, &n.Body, &n.Version, &n.Live); err != nil {
			return nil, err
		}
		out[n.ID] = n
	}
	return out, rows.Err()
}

// liveNoteAt returns the live note at path (case-insensitively), if any.
func liveNoteAt(ctx context.Context, db *sql.DB, path string) (noteState, bool, error) {
	var n noteState
	err := db.QueryRowContext(ctx, `SELECT id, path, title, body, version, true FROM notes WHERE path_key = lower($1) AND trashed_at IS NULL`, path).
		Scan(&n.ID, &n.Path, &n.Title, &n.Body, &n.Version, &n.Live)
	if errors.Is(err, sql.ErrNoRows) {
		return n, false, nil
	}
	return n, err == nil, err
}

// errNotAttached is returned by the operations that need a folder.
var errNotAttached = backend.Errorf(backend.EINVALID, "no folder is attached to this vault; run `secondbrain vault attach PATH`")

// Package vault keeps the vault and a folder of Markdown files the same
// notes, both ways: a projection writes every change of the event log to
// the folder (atomically, never unlinking: deleted notes go to .trash/),
// and Reconcile turns the folder's changes — found by a watcher, or by
// scans comparing size, mtime, inode and hash with the file index — into
// note changes through the note service, with origin "folder". When a file
// and its note both changed since the version the file was last written
// from, the edits are merged line by line (backend/merge); overlapping
// edits keep the database's text in the note and the file's in a conflict
// copy, listed until the user resolves it. Nothing is ever silently lost.
package vault

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
	"secondbrain/backend/folderwatch"
)

// Notes is the note service the mirror changes notes through, so that
// links, search, the graph and embeddings follow and every write carries an
// expected version (service.Notes).
type Notes interface {
	Create(ctx context.Context, title, folder, body string) (*backend.Note, error)
	Get(ctx context.Context, id string) (*backend.Note, error)
	Save(ctx context.Context, id string, expectedVersion int, body string) (*backend.Note, error)
	Move(ctx context.Context, id string, expectedVersion int, title, folder string, rewriteLinks bool) (*backend.Note, error)
	Trash(ctx context.Context, id string) (*backend.Note, error)
	Restore(ctx context.Context, id string) (*backend.Note, error)
	Version(ctx context.Context, id string, version int) (*backend.NoteVersion, error)
}

// ImportFunc imports a folder of Markdown into the vault (the importer,
// with the stack's blob store): what Attach runs first. It returns the
// files it imported under another path than their own (a name that
// differs only in case from another file's, say): the file's path → the
// note's, both with / separators.
type ImportFunc func(ctx context.Context, root string) (moved map[string]string, err error)

// Blobs opens an attachment's bytes by content hash.
type Blobs interface {
	Open(hash string) (*os.File, error)
}

// Options configures a Mirror.
type Options struct {
	// DataDir is the app's data dir: never attachable, nor a folder inside
	// or around it.
	DataDir string
	// MaxFileBytes is the largest note file synced (the importer's limit,
	// 32 MB by default).
	MaxFileBytes int64
	// Import imports a folder; required for Attach.
	Import ImportFunc
	// Blobs, if set, lets the projection write attachments.
	Blobs Blobs
	// Listen, if set, wakes the continuous mode when the event log grows.
	Listen func(ctx context.Context) (<-chan struct{}, error)
	// Watch is the watcher's options for the continuous mode.
	Watch folderwatch.Options
	// OnStatus, if set, is called with the status whenever it changes in
	// the continuous mode or after a call that changes it.
	OnStatus func(Status)
	Logger   *slog.Logger
	// Now is the clock of conflict copies' names (time.Now by default).
	Now func() time.Time
}

// Status is the mirror's state for the status bar, `vault status` and
// `doctor`.
type Status struct {
	Path             string  `json:"path"`
	Attached         bool    `json:"attached"`
	Watching         bool    `json:"watching"`
	Polling          bool    `json:"polling"`
	LagEvents        int64   `json:"lag_events"`
	PendingExternal  int     `json:"pending_external"`
	Conflicts        int     `json:"conflicts"`
	PendingDeletions int     `json:"pending_deletions"`
	LastError        string  `json:"last_error"`
	Issues           []Issue `json:"issues"`
}

// Mirror keeps one vault and its attached folder in step. It is safe for
// concurrent use; passes of several processes over one vault take turns
// (a PostgreSQL advisory lock).
type Mirror struct {
	db    *sql.DB
	notes Notes
	opts  Options
	log   *slog.Logger

	pass sync.Mutex // one pass at a time in this process
	// batch, while set (an attach), collects index entries to store at once.
	batch *[]*entry
	cur   eventlog.Cursor
	// curOf is the folder id and seq cur was loaded for.
	curFor uuid.UUID
	// held are files the mirror replaced lately, kept open (see hold).
	held []*held

	mu       sync.Mutex
	watch    folderwatch.Status
	watching bool
	pending  int
	lastErr  string
	last     []byte // the last status sent to OnStatus, as JSON
	wake     chan struct{}
	onNote   func(*backend.Note)
}

// New returns the mirror of the vault in db, changing notes through notes.
func New(db *sql.DB, notes Notes, opts Options) *Mirror {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxFileBytes == 0 {
		opts.MaxFileBytes = 32 << 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := &Mirror{db: db, opts: opts, log: opts.Logger.With("component", "vault"), wake: make(chan struct{}, 1)}
	m.notes = observed{Notes: notes, m: m}
	return m
}

// OnStatus sets Options.OnStatus; call it before Run.
func (m *Mirror) OnStatus(fn func(Status)) {
	m.mu.Lock()
	m.opts.OnStatus = fn
	m.mu.Unlock()
}

// lockKey is the advisory lock that serialises passes across processes.
const lockKey = 0x5ec0b7a1

// locked runs fn holding the pass lock of this process and of the database.
func (m *Mirror) locked(ctx context.Context, fn func(ctx context.Context) error) error {
	m.pass.Lock()
	defer m.pass.Unlock()
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "vault: %v", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "vault: %v", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey)
	return fn(ctx)
}

// Attach makes root the vault's folder: it refuses "/", the data dir and
// folders inside or around it, files, and a folder attached to another
// vault; imports the folder; writes the notes the folder lacks and indexes
// every file. Attaching the folder already attached syncs it once.
func (m *Mirror) Attach(ctx context.Context, root string) (Status, error) {
	abs, err := m.checkRoot(root)
	if err != nil {
		return m.Status(ctx), err
	}
	err = m.locked(ctx, func(ctx context.Context) error {
		id, err := vaultID(ctx, m.db)
		if err != nil {
			return err
		}
		f, err := readFolder(ctx, m.db)
		if err != nil {
			return err
		}
		if f.Path != "" && f.Path != abs {
			return backend.Errorf(backend.ECONFLICT, "this vault is already attached to %s; detach it first (one folder per vault)", f.Path)
		}
		marker := filepath.Join(abs, markerName)
		if b, err := os.ReadFile(marker); err == nil {
			if other := strings.TrimSpace(string(b)); other != id.String() {
				return backend.Errorf(backend.ECONFLICT, "%s is attached to another vault (%s); detach it there, or delete its %s file if that vault is gone", abs, other, markerName)
			}
		} else if !os.IsNotExist(err) {
			return backend.Errorf(backend.EINVALID, "cannot read %s: %v", marker, err)
		}
		if _, err := writeAtomic(marker, []byte(id.String()+"\n")); err != nil {
			return backend.Errorf(backend.EINVALID, "cannot write to %s: %v", abs, err)
		}
		if m.opts.Import != nil {
			moved, err := m.opts.Import(ctx, abs)
			if err != nil {
				return err
			}
			if f.Path != abs {
				m.moveImported(abs, moved)
			}
		}
		if _, err := m.db.ExecContext(ctx, `UPDATE vault_folders SET path = $2, attached_at = now(), last_error = '' WHERE id = $1`, id, abs); err != nil {
			return err
		}
		if f.Path != abs {
			// A new attachment: write every note, then follow the log from here.
			if err := m.rebuild(ctx, abs); err != nil {
				return err
			}
		}
		return m.syncLocked(ctx, abs)
	})
	m.signal()
	st := m.Status(ctx)
	m.notify(st)
	return st, err
}

// checkRoot returns root as a clean absolute path, or says why it cannot
// be the vault's folder.
func (m *Mirror) checkRoot(root string) (string, error) {
	if strings.TrimSpace(root) == "" {
		return "", backend.Errorf(backend.EINVALID, "no folder given")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", backend.Errorf(backend.EINVALID, "bad folder %q: %v", root, err)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	if abs == string(filepath.Separator) || filepath.Dir(abs) == abs {
		return "", backend.Errorf(backend.EINVALID, "refusing to attach the root of the file system (%s)", abs)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", backend.Errorf(backend.EINVALID, "cannot attach %s: %v", abs, errors.Unwrap(err))
	}
	if !fi.IsDir() {
		return "", backend.Errorf(backend.EINVALID, "cannot attach %s: not a folder", abs)
	}
	if m.opts.DataDir != "" {
		data, err := filepath.Abs(m.opts.DataDir)
		if err == nil {
			if r, err := filepath.EvalSymlinks(data); err == nil {
				data = r
			}
			if within(abs, data) || within(data, abs) {
				return "", backend.Errorf(backend.EINVALID, "refusing to attach %s: it is, holds or lies inside the app's data dir %s", abs, data)
			}
		}
	}
	return abs, nil
}

// within says whether p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// Detach stops mirroring: notes and files stay as they are, the marker
// file goes.
func (m *Mirror) Detach(ctx context.Context) (Status, error) {
	err := m.locked(ctx, func(ctx context.Context) error {
		f, err := readFolder(ctx, m.db)
		if err != nil || f.Path == "" {
			return err
		}
		m.checkHeld(ctx, nil, true)
		os.Remove(filepath.Join(f.Path, markerName))
		tx, err := m.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for _, q := range []string{`UPDATE vault_folders SET path = '', seq = 0, last_error = ''`, `DELETE FROM vault_files`,
			`DELETE FROM vault_deletions`, `DELETE FROM vault_issues`, `DELETE FROM vault_conflicts WHERE source = 'folder'`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		m.curFor = uuid.Nil
		return tx.Commit()
	})
	m.signal()
	st := m.Status(ctx)
	m.notify(st)
	return st, err
}

// SyncOnce runs one pass both ways — the database's changes to the folder,
// then a full scan of the folder into the database — and returns when done.
func (m *Mirror) SyncOnce(ctx context.Context) (Status, error) {
	err := m.locked(ctx, func(ctx context.Context) error {
		f, err := readFolder(ctx, m.db)
		if err != nil {
			return err
		}
		if f.Path == "" {
			return errNotAttached
		}
		return m.syncLocked(ctx, f.Path)
	})
	st := m.Status(ctx)
	m.notify(st)
	return st, err
}

// syncLocked is one pass both ways, holding the lock.
func (m *Mirror) syncLocked(ctx context.Context, root string) error {
	err := m.pass1(ctx, root, nil, true)
	m.setErr(ctx, err)
	return err
}

// pass1 projects, reconciles paths (or everything when full) and projects
// again, so that the folder ends with every change of the pass.
func (m *Mirror) pass1(ctx context.Context, root string, paths []string, full bool) error {
	if err := checkPresent(root); err != nil {
		return err
	}
	if err := m.project(ctx, root); err != nil {
		return err
	}
	if err := m.reconcile(ctx, root, paths, full); err != nil {
		return err
	}
	return m.project(ctx, root)
}

// checkPresent says when the folder is gone (an unplugged drive): the
// mirror pauses rather than reading it as every file deleted.
func checkPresent(root string) error {
	fi, err := os.Stat(root)
	if err != nil || !fi.IsDir() {
		return backend.Errorf(backend.EUNAVAILABLE, "the vault folder %s is missing (unplugged drive or moved?); syncing is paused and resumes when it is back", root)
	}
	if _, err := os.Stat(filepath.Join(root, markerName)); err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "the vault folder %s has lost its %s file (replaced or not mounted?); syncing is paused: attach it again to resume", root, markerName)
	}
	return nil
}

func (m *Mirror) setErr(ctx context.Context, err error) {
	msg := ""
	if err != nil {
		msg = backend.ErrorMessage(err)
		m.log.Warn("vault pass failed", "err", err)
	}
	m.mu.Lock()
	m.lastErr = msg
	m.mu.Unlock()
	m.db.ExecContext(context.WithoutCancel(ctx), `UPDATE vault_folders SET last_error = $1 WHERE path <> ''`, msg)
}

// Status returns the mirror's state; it reads the database, so a CLI call
// sees the state a running app left.
func (m *Mirror) Status(ctx context.Context) Status {
	st := Status{Issues: []Issue{}}
	f, err := readFolder(ctx, m.db)
	if err != nil {
		st.LastError = backend.ErrorMessage(err)
		return st
	}
	m.mu.Lock()
	st.Watching, st.Polling = m.watching && m.watch.Watching, m.watching && m.watch.Polling
	st.PendingExternal = m.pending
	if m.watch.Err != "" {
		st.LastError = m.watch.Err
	}
	m.mu.Unlock()
	if f.Path == "" {
		st.Watching, st.Polling = false, false
		return st
	}
	st.Path, st.Attached = f.Path, true
	var lastErr string
	var maxSeq int64
	m.db.QueryRowContext(ctx, `SELECT last_error, coalesce((SELECT max(seq) FROM events), 0) FROM vault_folders WHERE path <> ''`).Scan(&lastErr, &maxSeq)
	if lastErr != "" {
		st.LastError = lastErr
	}
	if st.LagEvents = maxSeq - f.Seq; st.LagEvents < 0 {
		st.LagEvents = 0
	}
	st.Conflicts, _ = count(ctx, m.db, `SELECT count(*) FROM vault_conflicts WHERE resolved_at IS NULL`)
	st.PendingDeletions, _ = count(ctx, m.db, `SELECT count(*) FROM vault_deletions`)
	if is, err := listIssues(ctx, m.db); err == nil {
		st.Issues = is
	}
	return st
}

// notify sends st to OnStatus when it differs from the last one sent.
func (m *Mirror) notify(st Status) {
	b, _ := json.Marshal(st)
	m.mu.Lock()
	fn := m.opts.OnStatus
	same := string(b) == string(m.last)
	m.last = b
	m.mu.Unlock()
	if fn != nil && !same {
		fn(st)
	}
}

// signal wakes the continuous mode (attach, detach).
func (m *Mirror) signal() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// readAll reads a file's bytes, refusing more than limit.
func readAll(abs string, limit int64) ([]byte, error) {
	f, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// moveImported moves each file the import stored under another path to
// that path, so the folder holds one file per note rather than the file
// and a copy written under the note's path.
func (m *Mirror) moveImported(root string, moved map[string]string) {
	for from, to := range moved {
		if from == to || !filepath.IsLocal(filepath.FromSlash(from)) || !filepath.IsLocal(filepath.FromSlash(to)) {
			continue
		}
		if err := moveFile(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
			m.log.Info("vault: cannot move an imported file to its note's path", "from", from, "to", to, "err", err)
			continue
		}
		m.log.Info("vault: moved a file to its note's path", "from", from, "to", to)
	}
}

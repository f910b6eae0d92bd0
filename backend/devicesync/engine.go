package devicesync

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
)

// OriginDevicePrefix starts the origin of a note change pulled from
// another device: "device:" and the device's name. Push skips them.
const OriginDevicePrefix = "device:"

// Notes is the note service pulled changes are written through, so links,
// search, the graph and embeddings follow (service.Notes).
type Notes interface {
	CreateWithID(ctx context.Context, id uuid.UUID, title, folder, body string) (*backend.Note, error)
	// CreateManyWithID makes notes as CreateWithID does, a batch in one
	// transaction, each write giving its id, event origin, title, path
	// and body; a write it does not make has an outcome other than
	// backend.WriteCreated (service.Notes.CreateManyWithID).
	CreateManyWithID(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error)
	Get(ctx context.Context, id string) (*backend.Note, error)
	Save(ctx context.Context, id string, expectedVersion int, body string) (*backend.Note, error)
	Move(ctx context.Context, id string, expectedVersion int, title, folder string, rewriteLinks bool) (*backend.Note, error)
	Trash(ctx context.Context, id string) (*backend.Note, error)
	Restore(ctx context.Context, id string) (*backend.Note, error)
	// RestoreAs brings a trashed note back as title in folder in one
	// step (its old path may be another live note's).
	RestoreAs(ctx context.Context, id, title, folder string) (*backend.Note, error)
}

// Attachments is what the engine needs of the attachment store.
type Attachments interface {
	// Read returns the bytes of the attachment with the content hash.
	Read(ctx context.Context, contentHash string) ([]byte, error)
	// Write stores data as the attachment at path (the vault path another
	// device gave it), through the same service as local attachments.
	Write(ctx context.Context, path string, data []byte) error
}

// KeyScheme makes and unlocks the vault key (backend/syncseal).
type KeyScheme interface {
	// NewKeyring makes a fresh vault key and its keyring, wrapped by the
	// passphrase and by a new recovery code, which it returns.
	NewKeyring(passphrase string) (k Keyring, key []byte, recoveryCode string, err error)
	// Unlock returns the vault key of k; ErrWrongPassphrase.
	Unlock(k Keyring, passphrase string) ([]byte, error)
	// Sealer returns the sealer of a vault key.
	Sealer(key []byte) (Sealer, error)
}

// OpenHubFunc connects to the hub at dsn, creating or migrating its schema.
type OpenHubFunc func(ctx context.Context, dsn string) (Hub, error)

// Options configures an Engine.
type Options struct {
	// HubDSN is the hub's address, from the config file ("" before setup).
	HubDSN string
	// DataDir holds the vault key's file (sync.key, 0600).
	DataDir string
	// OpenHub connects to the hub; Keys makes and unlocks vault keys.
	OpenHub OpenHubFunc
	Keys    KeyScheme
	// Attachments, if set, syncs attachments (by content hash, sealed on
	// the hub like changes).
	Attachments Attachments
	// Listen, if set, wakes Run when the local event log grows.
	Listen func(ctx context.Context) (<-chan struct{}, error)
	Logger *slog.Logger
	// Now is the clock of changes' local times (time.Now by default).
	Now func() time.Time
	// Batch is how many changes a push or pull moves at once (500).
	Batch int
	// CreateBatch is how many new notes (another device's, none here yet)
	// a pass creates at once (1,000); 1 creates each by itself.
	CreateBatch int
}

// Engine syncs this device's notes with the other devices of its vault
// through a hub. It is safe for concurrent use; passes take turns.
type Engine struct {
	db    *sql.DB
	notes Notes
	opts  Options
	log   *slog.Logger

	pass   sync.Mutex
	hub    Hub
	sealer Sealer
	cur    eventlog.Cursor
	curSet bool
}

// New returns the sync engine of the vault in db.
func New(db *sql.DB, notes Notes, opts Options) *Engine {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.CreateBatch <= 0 {
		opts.CreateBatch = 1000
	}
	return &Engine{db: db, notes: notes, opts: opts, log: opts.Logger.With("component", "devicesync")}
}

// state is the sync_states row.
type state struct {
	Device       Device
	Hub          string
	PushedEvent  int64
	DeviceSeq    int64
	PulledSeq    int64
	PendingTrash int
	TrashOK      int64
	LastError    string
	LastSyncAt   *time.Time
}

func (e *Engine) readState(ctx context.Context, q querier) (state, bool, error) {
	var s state
	err := q.QueryRowContext(ctx, `SELECT device_id, device_name, token, hub, pushed_event_seq, device_seq, pulled_seq,
		pending_trash, trash_confirmed_seq, last_error, last_sync_at FROM sync_states WHERE id = 1`).
		Scan(&s.Device.ID, &s.Device.Name, &s.Device.Token, &s.Hub, &s.PushedEvent, &s.DeviceSeq, &s.PulledSeq,
			&s.PendingTrash, &s.TrashOK, &s.LastError, &s.LastSyncAt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	return s, err == nil, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// RedactDSN returns dsn without its password, for status and logs.
func RedactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		if u.User != nil {
			u.User = url.User(u.User.Username())
		}
		q := u.Query()
		if q.Has("password") {
			q.Del("password")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	var parts []string
	for _, f := range strings.Fields(dsn) {
		if !strings.HasPrefix(strings.ToLower(f), "password=") {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, " ")
}

func (e *Engine) keyPath() string { return filepath.Join(e.opts.DataDir, "sync.key") }

// SetupResult is what Setup did.
type SetupResult struct {
	Device Device
	// Created says this device made the vault on the hub.
	Created bool
	// RecoveryCode is shown once, to the device that made the vault.
	RecoveryCode string
}

// Setup joins this device to the vault on the hub at hubDSN (making the
// vault when the hub holds none): the keyring, the device's registration,
// the vault key in DataDir. A wrong passphrase is refused
// (ErrWrongPassphrase) and changes nothing. Setting up again with the same
// hub keeps the device's id and checkpoints.
func (e *Engine) Setup(ctx context.Context, hubDSN, deviceName, passphrase string) (SetupResult, error) {
	e.pass.Lock()
	defer e.pass.Unlock()
	var res SetupResult
	deviceName = strings.TrimSpace(deviceName)
	if deviceName == "" {
		return res, backend.Errorf(backend.EINVALID, "a device name is required")
	}
	if passphrase == "" {
		return res, backend.Errorf(backend.EINVALID, "a sync passphrase is required")
	}
	if e.opts.OpenHub == nil || e.opts.Keys == nil {
		return res, backend.Errorf(backend.EUNAVAILABLE, "device sync is not available in this build")
	}
	hub, err := e.opts.OpenHub(ctx, hubDSN)
	if err != nil {
		return res, err
	}
	var key []byte
	k, err := hub.Keyring(ctx)
	switch {
	case errors.Is(err, ErrNoVault):
		nk, nkey, code, err := e.opts.Keys.NewKeyring(passphrase)
		if err != nil {
			hub.Close()
			return res, err
		}
		if err := hub.InitKeyring(ctx, nk); errors.Is(err, ErrVaultExists) {
			if k, err = hub.Keyring(ctx); err == nil {
				key, err = e.opts.Keys.Unlock(k, passphrase)
			}
			if err != nil {
				hub.Close()
				return res, err
			}
		} else if err != nil {
			hub.Close()
			return res, err
		} else {
			key, res.Created, res.RecoveryCode = nkey, true, code
		}
	case err != nil:
		hub.Close()
		return res, err
	default:
		if key, err = e.opts.Keys.Unlock(k, passphrase); err != nil {
			hub.Close()
			if errors.Is(err, ErrWrongPassphrase) {
				return res, &backend.Error{Code: backend.EINVALID, Op: "devicesync.Setup",
					Message: "the sync passphrase does not unlock this hub's vault; nothing was changed", Err: err}
			}
			return res, err
		}
	}
	sealer, err := e.opts.Keys.Sealer(key)
	if err != nil {
		hub.Close()
		return res, err
	}
	st, ok, err := e.readState(ctx, e.db)
	if err != nil {
		hub.Close()
		return res, err
	}
	d := st.Device
	if !ok {
		d = Device{ID: uuid.New(), Token: randomToken()}
	}
	d.Name = deviceName
	if err := hub.Register(ctx, d); err != nil {
		hub.Close()
		return res, err
	}
	if err := os.MkdirAll(e.opts.DataDir, 0o700); err != nil {
		hub.Close()
		return res, err
	}
	if err := os.WriteFile(e.keyPath(), []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		hub.Close()
		return res, fmt.Errorf("devicesync: write the vault key: %w", err)
	}
	if _, err := e.db.ExecContext(ctx, `INSERT INTO sync_states (id, device_id, device_name, token, hub) VALUES (1, $1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET device_name = $2, hub = $4, last_error = ''`, d.ID, d.Name, d.Token, RedactDSN(hubDSN)); err != nil {
		hub.Close()
		return res, err
	}
	if e.hub != nil {
		e.hub.Close()
	}
	e.hub, e.sealer, e.opts.HubDSN = hub, sealer, hubDSN
	res.Device = Device{ID: d.ID, Name: d.Name}
	return res, nil
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// connect opens the hub and the sealer when not yet open.
func (e *Engine) connect(ctx context.Context) error {
	if e.hub != nil && e.sealer != nil {
		return nil
	}
	if e.opts.HubDSN == "" || e.opts.OpenHub == nil || e.opts.Keys == nil {
		return backend.Errorf(backend.EINVALID, "device sync is not set up: run `secondbrain sync setup --hub DSN --device NAME`")
	}
	b, err := os.ReadFile(e.keyPath())
	if err != nil {
		return backend.Errorf(backend.EINVALID, "the vault key is missing (%v): run `secondbrain sync setup` again", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return backend.Errorf(backend.EINVALID, "the vault key file is damaged: run `secondbrain sync setup` again")
	}
	sealer, err := e.opts.Keys.Sealer(key)
	if err != nil {
		return err
	}
	hub, err := e.opts.OpenHub(ctx, e.opts.HubDSN)
	if err != nil {
		return err
	}
	e.hub, e.sealer = hub, sealer
	return nil
}

// Close releases the hub connection.
func (e *Engine) Close() error {
	e.pass.Lock()
	defer e.pass.Unlock()
	if e.hub != nil {
		err := e.hub.Close()
		e.hub = nil
		return err
	}
	return nil
}

// RunOnce does one pass: push this device's changes, pull and replay the
// others', write the notes, and push again what the pass made. The error
// is also kept as the status's last error.
func (e *Engine) RunOnce(ctx context.Context) error {
	e.pass.Lock()
	defer e.pass.Unlock()
	reused := e.hub != nil
	err := e.runOnce(ctx)
	if err != nil && reused && ctx.Err() == nil && !errors.Is(err, ErrTampered) {
		// The connection kept from an earlier pass may have died with the
		// network since (a laptop's sleep, a blip): connect afresh and try
		// the pass once more — every step is idempotent.
		e.hub.Close()
		e.hub = nil
		err = e.runOnce(ctx)
	}
	if diskFull(err) {
		err = fmt.Errorf("devicesync: this device's disk is full: free some space and sync goes on by itself, nothing is lost (%w)", err)
	}
	msg := ""
	if err != nil {
		msg = err.Error()
		if e.hub != nil && !errors.Is(err, ErrTampered) {
			e.hub.Close() // reconnect next pass
			e.hub = nil
		}
	}
	if _, ok, _ := e.readState(ctx, e.db); ok {
		if err == nil {
			e.db.ExecContext(context.WithoutCancel(ctx), `UPDATE sync_states SET last_error = '', last_sync_at = now() WHERE id = 1`)
		} else {
			e.db.ExecContext(context.WithoutCancel(ctx), `UPDATE sync_states SET last_error = $1 WHERE id = 1`, msg)
		}
	}
	return err
}

// diskFull says err is the device running out of disk space: PostgreSQL's
// disk_full, or ENOSPC writing a file (an attachment, the key).
func diskFull(err error) bool {
	var pe *pgconn.PgError
	return err != nil && (errors.As(err, &pe) && pe.Code == "53100" || errors.Is(err, syscall.ENOSPC))
}

func (e *Engine) runOnce(ctx context.Context) error {
	if _, ok, err := e.readState(ctx, e.db); err != nil {
		return err
	} else if !ok {
		return backend.Errorf(backend.EINVALID, "device sync is not set up: run `secondbrain sync setup --hub DSN --device NAME`")
	}
	if err := e.connect(ctx); err != nil {
		return err
	}
	if err := e.push(ctx); err != nil {
		return err
	}
	if err := e.pull(ctx); err != nil {
		return err
	}
	if err := e.writeNotes(ctx); err != nil {
		return err
	}
	return e.push(ctx)
}

// Status is device sync's state for `sync status`, the status bar and
// `doctor`.
type Status struct {
	Hub    string `json:"hub"`
	Device string `json:"device"`
	// PushedSeq is the last of this device's changes the hub confirmed
	// (its DeviceSeq); PulledSeq the last hub Seq replayed here.
	PushedSeq  int64      `json:"pushed_seq"`
	PulledSeq  int64      `json:"pulled_seq"`
	PendingOut int64      `json:"pending_out"`
	PendingIn  int64      `json:"pending_in"`
	Conflicts  int        `json:"conflicts"`
	LastError  string     `json:"last_error"`
	LastSyncAt *time.Time `json:"last_sync_at"`
	// PendingTrash counts notes a pull would trash, waiting for
	// `sync confirm-trash`.
	PendingTrash int `json:"-"`
	// Configured says setup ran.
	Configured bool `json:"-"`
}

// Status reports the sync state; it reads the hub's head only when
// connected, so it never waits on an unreachable hub.
func (e *Engine) Status(ctx context.Context) (Status, error) {
	st, ok, err := e.readState(ctx, e.db)
	if err != nil || !ok {
		return Status{}, err
	}
	s := Status{Hub: st.Hub, Device: st.Device.Name, PushedSeq: st.DeviceSeq, PulledSeq: st.PulledSeq,
		LastError: st.LastError, LastSyncAt: st.LastSyncAt, PendingTrash: st.PendingTrash, Configured: true}
	var outbox, events, notes int64
	e.db.QueryRowContext(ctx, `SELECT count(*) FROM sync_outboxes`).Scan(&outbox)
	e.db.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE seq > $1 AND note_id IS NOT NULL AND NOT starts_with(origin, $2)
		AND kind = ANY($3)`, st.PushedEvent, OriginDevicePrefix, noteKinds).Scan(&events)
	e.db.QueryRowContext(ctx, `SELECT count(*) FROM sync_notes WHERE head_seq > written_seq`).Scan(&notes)
	s.PendingOut, s.PendingIn = outbox+events, notes
	s.PushedSeq = st.DeviceSeq - outbox // the outbox holds what the hub has not confirmed
	e.db.QueryRowContext(ctx, `SELECT count(*) FROM vault_conflicts WHERE resolved_at IS NULL AND starts_with(source, $1)`, OriginDevicePrefix).Scan(&s.Conflicts)
	return s, nil
}

var noteKinds = []string{string(backend.EventNoteCreated), string(backend.EventNoteUpdated), string(backend.EventNoteReverted),
	string(backend.EventNoteRenamed), string(backend.EventNoteTrashed), string(backend.EventNoteRestored)}

// ---- push ----

// push turns the local events after the checkpoint into sealed changes in
// the outbox, then sends the outbox from where the hub stands.
func (e *Engine) push(ctx context.Context) error {
	if err := e.fillOutbox(ctx); err != nil {
		return fmt.Errorf("devicesync: push: %w", err)
	}
	st, _, err := e.readState(ctx, e.db)
	if err != nil {
		return err
	}
	for {
		last, err := e.hub.LastDeviceSeq(ctx, st.Device.ID)
		if err != nil {
			return fmt.Errorf("devicesync: push: %w", err)
		}
		if _, err := e.db.ExecContext(ctx, `DELETE FROM sync_outboxes WHERE device_seq <= $1`, last); err != nil {
			return err
		}
		rows, err := e.db.QueryContext(ctx, `SELECT device_seq, sealed FROM sync_outboxes ORDER BY device_seq LIMIT $1`, e.opts.Batch)
		if err != nil {
			return err
		}
		var envs []Envelope
		for rows.Next() {
			env := Envelope{Device: st.Device.ID}
			if err := rows.Scan(&env.DeviceSeq, &env.Sealed); err != nil {
				rows.Close()
				return err
			}
			envs = append(envs, env)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(envs) == 0 {
			return nil
		}
		if envs[0].DeviceSeq != last+1 {
			return fmt.Errorf("devicesync: push: the hub holds changes of this device up to %d but the next one here is %d (the same device on two machines?)", last, envs[0].DeviceSeq)
		}
		if _, err := e.hub.Push(ctx, st.Device, envs); err != nil {
			return fmt.Errorf("devicesync: push: %w", err)
		}
	}
}

// fillOutbox seals the local note changes after the push checkpoint.
func (e *Engine) fillOutbox(ctx context.Context) error {
	st, _, err := e.readState(ctx, e.db)
	if err != nil {
		return err
	}
	if !e.curSet || e.cur.Settled() < st.PushedEvent {
		e.cur, e.curSet = eventlog.At(st.PushedEvent), true
	}
	rtx, err := e.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer rtx.Rollback()
	snap, err := eventlog.ReadSnapshot(ctx, rtx)
	if err != nil {
		return err
	}
	type ev struct {
		kind, origin string
		note         uuid.NullUUID
		at           time.Time
		p            backend.NotePayload
	}
	var evs []ev
	next, err := e.cur.Read(ctx, rtx, snap, `kind, note_id, origin, time, payload::text`, nil, func(r *sql.Rows) (int64, error) {
		var seq int64
		var x ev
		var payload string
		if err := r.Scan(&seq, &x.kind, &x.note, &x.origin, &x.at, &payload); err != nil {
			return 0, err
		}
		if backend.EventKind(x.kind) == backend.EventAttachmentPut && e.opts.Attachments != nil && !strings.HasPrefix(x.origin, OriginDevicePrefix) {
			var a backend.AttachmentPayload
			if err := json.Unmarshal([]byte(payload), &a); err != nil {
				return 0, err
			}
			x.p.Title, x.p.Path = a.ContentHash, a.Path
			evs = append(evs, x)
		}
		if x.note.Valid && !strings.HasPrefix(x.origin, OriginDevicePrefix) {
			for _, k := range noteKinds {
				if k == x.kind {
					if err := json.Unmarshal([]byte(payload), &x.p); err != nil {
						return 0, err
					}
					evs = append(evs, x)
				}
			}
		}
		return seq, nil
	})
	if err != nil {
		return err
	}
	rtx.Rollback()
	if next.Settled() == e.cur.Settled() && len(evs) == 0 {
		e.cur = next
		return nil
	}
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The outbox rows and version marks go in two statements, not two per
	// change: a burst of saves is pushed in one pass.
	dseq := st.DeviceSeq
	var out outRows
	for _, x := range evs {
		if backend.EventKind(x.kind) == backend.EventAttachmentPut {
			if err := e.putBlob(ctx, x.p.Title); err != nil {
				return err
			}
			dseq++
			ch := Change{Kind: KindAttachment, AttachmentHash: x.p.Title, AttachmentPath: x.p.Path, Author: st.Device.Name, Time: x.at}
			if err := out.add(e.sealer, st.Device, dseq, ch); err != nil {
				return err
			}
			continue
		}
		ch := Change{Note: x.note.UUID, Title: x.p.Title, Path: x.p.Path, Body: x.p.Body, Author: st.Device.Name, Time: x.at}
		switch backend.EventKind(x.kind) {
		case backend.EventNoteCreated:
			ch.Kind = KindCreate
		case backend.EventNoteUpdated, backend.EventNoteReverted:
			ch.Kind = KindUpdate
		case backend.EventNoteRenamed:
			ch.Kind = KindRename
		case backend.EventNoteTrashed:
			ch.Kind = KindTrash
		case backend.EventNoteRestored:
			ch.Kind = KindRestore
		}
		if ch.Kind != KindCreate {
			// The version before is this device's own, marked earlier in
			// this loop, or in the database.
			if b, ok := out.marked[versionKey{ch.Note, x.p.Version - 1}]; ok {
				ch.Base = Base{Raw: &Key{Device: st.Device.ID, DeviceSeq: b}}
			} else if ch.Base, err = baseOf(ctx, tx, ch.Note, x.p.Version-1); err != nil {
				return err
			}
		}
		dseq++
		if err := out.add(e.sealer, st.Device, dseq, ch); err != nil {
			return err
		}
		out.mark(ch.Note, x.p.Version, dseq)
	}
	if err := out.write(ctx, tx, st.Device); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sync_states SET pushed_event_seq = $1, device_seq = $2 WHERE id = 1`, next.Settled(), dseq); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	e.cur = next
	return nil
}

// versionKey names one version of a note.
type versionKey struct {
	note    uuid.UUID
	version int
}

// outRows gathers one pass's outbox rows (sealed changes) and version
// marks (which change of this device each local version is), to write
// each kind in one statement.
type outRows struct {
	seqs   []int64
	notes  []uuid.UUID // the nil id for an attachment, as before
	sealed [][]byte
	marked map[versionKey]int64
}

// add seals ch as the device's change dseq.
func (o *outRows) add(sealer Sealer, d Device, dseq int64, ch Change) error {
	plain, err := EncodeChange(ch)
	if err != nil {
		return err
	}
	sealed, err := sealer.Seal(plain, AD(d.ID, dseq))
	if err != nil {
		return err
	}
	o.seqs, o.sealed = append(o.seqs, dseq), append(o.sealed, sealed)
	o.notes = append(o.notes, ch.Note)
	return nil
}

// mark records that the local version of note holds the change dseq.
func (o *outRows) mark(note uuid.UUID, version int, dseq int64) {
	if o.marked == nil {
		o.marked = map[versionKey]int64{}
	}
	o.marked[versionKey{note, version}] = dseq
}

// write inserts the rows in tx.
func (o *outRows) write(ctx context.Context, tx *sql.Tx, d Device) error {
	if len(o.seqs) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_outboxes (device_seq, note_id, sealed)
			SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::bytea[])`, o.seqs, o.notes, o.sealed); err != nil {
			return err
		}
	}
	if len(o.marked) == 0 {
		return nil
	}
	notes, versions, seqs := make([]uuid.UUID, 0, len(o.marked)), make([]int64, 0, len(o.marked)), make([]int64, 0, len(o.marked))
	for k, dseq := range o.marked {
		notes, versions, seqs = append(notes, k.note), append(versions, int64(k.version)), append(seqs, dseq)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_versions (note_id, version, base_device, base_device_seq)
		SELECT n, v, $4, s FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS x(n, v, s)
		ON CONFLICT (note_id, version) DO UPDATE SET base_canon = 0, base_device = $4, base_device_seq = EXCLUDED.base_device_seq`,
		notes, versions, seqs, d.ID)
	return err
}

// baseOf returns the hub state a local note version holds.
func baseOf(ctx context.Context, q querier, note uuid.UUID, version int) (Base, error) {
	var canon, dseq int64
	var dev uuid.NullUUID
	err := q.QueryRowContext(ctx, `SELECT base_canon, base_device, base_device_seq FROM sync_versions WHERE note_id = $1 AND version = $2`, note, version).
		Scan(&canon, &dev, &dseq)
	if errors.Is(err, sql.ErrNoRows) {
		return Base{}, nil
	}
	if err != nil {
		return Base{}, err
	}
	if dev.Valid {
		return Base{Raw: &Key{Device: dev.UUID, DeviceSeq: dseq}}, nil
	}
	return Base{Canon: canon}, nil
}

// putBlob seals an attachment's bytes and stores them on the hub under
// the keyed hash of its content hash.
func (e *Engine) putBlob(ctx context.Context, hash string) error {
	data, err := e.opts.Attachments.Read(ctx, hash)
	if err != nil {
		return fmt.Errorf("devicesync: read attachment %s: %w", hash, err)
	}
	id := e.sealer.BlobID(hash)
	sealed, err := e.sealer.Seal(data, []byte(id))
	if err != nil {
		return err
	}
	return e.hub.PutBlob(ctx, id, sealed)
}

// getBlob fetches, opens and stores an attachment another device pushed.
func (e *Engine) getBlob(ctx context.Context, ch Change) error {
	id := e.sealer.BlobID(ch.AttachmentHash)
	sealed, err := e.hub.Blob(ctx, id)
	if err != nil {
		return fmt.Errorf("devicesync: pull attachment %s: %w", ch.AttachmentPath, err)
	}
	data, err := e.sealer.Open(sealed, []byte(id))
	if err != nil {
		return fmt.Errorf("devicesync: pull attachment %s: %w", ch.AttachmentPath, err)
	}
	return e.opts.Attachments.Write(backend.WithOrigin(ctx, OriginDevicePrefix+ch.Author), ch.AttachmentPath, data)
}

// ---- pull ----

// pull replays the hub's changes after the pulled seq into the ledger.
func (e *Engine) pull(ctx context.Context) error {
	for {
		st, _, err := e.readState(ctx, e.db)
		if err != nil {
			return err
		}
		envs, err := e.hub.Pull(ctx, st.PulledSeq, e.opts.Batch)
		if err != nil {
			return fmt.Errorf("devicesync: pull: %w", err)
		}
		if len(envs) == 0 {
			return nil
		}
		changes := make([]Change, len(envs))
		for i, env := range envs {
			plain, err := e.sealer.Open(env.Sealed, AD(env.Device, env.DeviceSeq))
			if err != nil {
				if errors.Is(err, ErrTampered) {
					return fmt.Errorf("devicesync: pull: hub change %d: %w; nothing after it is applied", env.Seq, err)
				}
				return err
			}
			if changes[i], err = DecodeChange(plain); err != nil {
				return fmt.Errorf("devicesync: pull: hub change %d: %w", env.Seq, err)
			}
		}
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		l := &dbLedger{ctx: ctx, q: tx}
		for i, env := range envs {
			step := Replay(l, env.Seq, Key{env.Device, env.DeviceSeq}, changes[i])
			if l.err == nil {
				l.record(step)
			}
			if l.err == nil && step.Copy != uuid.Nil {
				l.conflict(step)
			}
			if l.err != nil {
				tx.Rollback()
				return l.err
			}
			if changes[i].Kind == KindAttachment && env.Device != st.Device.ID && e.opts.Attachments != nil {
				if err := e.getBlob(ctx, changes[i]); err != nil {
					tx.Rollback()
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sync_states SET pulled_seq = $1 WHERE id = 1`, envs[len(envs)-1].Seq); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// dbLedger is the Ledger in the device's database, read and written in
// the pull's transaction. The heads and raw states it records are kept
// for the rest of the transaction: a burst of changes to one note reads
// back what the change before it wrote.
type dbLedger struct {
	ctx   context.Context
	q     querier
	err   error
	heads map[uuid.UUID]NoteState
	raws  map[Key]NoteState
}

func (l *dbLedger) state(query string, args ...any) (NoteState, bool) {
	if l.err != nil {
		return NoteState{}, false
	}
	var s NoteState
	err := l.q.QueryRowContext(l.ctx, query, args...).Scan(&s.ID, &s.Title, &s.Path, &s.Body, &s.Trashed, &s.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false
	}
	if err != nil {
		l.err = err
		return s, false
	}
	return s, true
}

func (l *dbLedger) Head(id uuid.UUID) (NoteState, bool) {
	if s, ok := l.heads[id]; ok && l.err == nil {
		return s, true
	}
	return l.state(`SELECT c.note_id, c.title, c.path, c.body, c.trashed, c.seq FROM sync_notes n
		JOIN sync_canons c ON c.note_id = n.note_id AND c.seq = n.head_seq WHERE n.note_id = $1`, id)
}

func (l *dbLedger) At(id uuid.UUID, seq int64) (NoteState, bool) {
	return l.state(`SELECT note_id, title, path, body, trashed, seq FROM sync_canons WHERE note_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1`, id, seq)
}

func (l *dbLedger) Raw(k Key) (NoteState, bool) {
	if s, ok := l.raws[k]; ok && l.err == nil {
		return s, true
	}
	return l.state(`SELECT note_id, raw_title, raw_path, raw_body, raw_trashed, seq FROM sync_changes WHERE device = $1 AND device_seq = $2`, k.Device, k.DeviceSeq)
}

func (l *dbLedger) PathHolder(p string) (uuid.UUID, bool) {
	if l.err != nil {
		return uuid.Nil, false
	}
	var id uuid.UUID
	err := l.q.QueryRowContext(l.ctx, `SELECT note_id FROM sync_notes WHERE path_key = $1 ORDER BY note_id LIMIT 1`, p).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return uuid.Nil, false
	}
	if err != nil {
		l.err = err
		return uuid.Nil, false
	}
	return id, true
}

func (l *dbLedger) record(st Step) {
	outs := make([]string, len(st.Outcomes))
	for i, o := range st.Outcomes {
		outs[i] = string(o)
	}
	var cp *uuid.UUID
	if st.Copy != uuid.Nil {
		cp = &st.Copy
	}
	// The change, its states and the notes' heads in one statement (one
	// round trip per pulled change). A step's states are of distinct
	// notes (the note and its conflict copy).
	n := len(st.States)
	ids, seqs := make([]uuid.UUID, n), make([]int64, n)
	titles, paths, bodies, pks := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	trashed := make([]bool, n)
	for i, s := range st.States {
		ids[i], seqs[i], titles[i], paths[i], bodies[i], trashed[i] = s.ID, s.Seq, s.Title, s.Path, s.Body, s.Trashed
		if !s.Trashed {
			pks[i] = strings.ToLower(s.Path)
		}
	}
	if _, err := l.q.ExecContext(l.ctx, `WITH ch AS (INSERT INTO sync_changes (seq, device, device_seq, author, note_id, kind, outcome, merged, copy_id,
			raw_title, raw_path, raw_body, raw_trashed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)),
		s AS (SELECT * FROM unnest($14::uuid[], $15::bigint[], $16::text[], $17::text[], $18::text[], $19::boolean[], $20::text[])
			AS s(id, seq, title, path, body, trashed, pk)),
		c AS (INSERT INTO sync_canons (note_id, seq, title, path, body, trashed) SELECT id, seq, title, path, body, trashed FROM s)
		INSERT INTO sync_notes (note_id, head_seq, path_key) SELECT id, seq, pk FROM s
		ON CONFLICT (note_id) DO UPDATE SET head_seq = EXCLUDED.head_seq, path_key = EXCLUDED.path_key`,
		st.Seq, st.Key.Device, st.Key.DeviceSeq, st.Change.Author, st.Change.Note, string(st.Change.Kind), strings.Join(outs, ","), st.Merged, cp,
		st.Raw.Title, st.Raw.Path, st.Raw.Body, st.Raw.Trashed, ids, seqs, titles, paths, bodies, trashed, pks); err != nil {
		l.err = err
		return
	}
	if l.heads == nil {
		l.heads, l.raws = map[uuid.UUID]NoteState{}, map[Key]NoteState{}
	}
	l.raws[st.Key] = NoteState{ID: st.Change.Note, Title: st.Raw.Title, Path: st.Raw.Path, Body: st.Raw.Body, Trashed: st.Raw.Trashed, Seq: st.Seq}
	for _, s := range st.States {
		l.heads[s.ID] = s
	}
}

// conflict lists a conflict copy in the conflicts list the vault folder's
// conflicts are in (vault_conflicts), so the user resolves both alike.
func (l *dbLedger) conflict(st Step) {
	head, _ := l.Head(st.Change.Note)
	var cp NoteState
	for _, s := range st.States {
		if s.ID == st.Copy {
			cp = s
		}
	}
	_, l.err = l.q.ExecContext(l.ctx, `INSERT INTO vault_conflicts (id, note_id, path, conflict_path, base_version, note_version, file_text,
		created_at, source, copy_note_id) VALUES ($1, $2, $3, $4, 0, 0, $5, now(), $6, $1) ON CONFLICT (id) DO NOTHING`,
		st.Copy, st.Change.Note, head.Path, cp.Path, st.Raw.Body, OriginDevicePrefix+st.Change.Author)
}

// ---- writing pulled states ----

// MassTrashNotes and MassTrashShare bound how many notes a pull trashes
// without confirmation: more than MassTrashNotes, or more than
// MassTrashShare of the live notes, waits for ConfirmTrash.
const (
	MassTrashNotes = 50
	MassTrashShare = 0.20
)

// writeNotes writes the canonical states the local notes lack, note by
// note, skipping notes with local edits not replayed yet (they merge on
// the hub first).
func (e *Engine) writeNotes(ctx context.Context) error {
	st, _, err := e.readState(ctx, e.db)
	if err != nil {
		return err
	}
	ids, err := e.behind(ctx)
	if err != nil {
		return err
	}
	if len(ids) > 1 && e.opts.CreateBatch > 1 {
		if err := e.createNew(ctx, st.Device); err != nil {
			return err
		}
		if ids, err = e.behind(ctx); err != nil {
			return err
		}
	}
	hold := map[uuid.UUID]bool{}
	if st.TrashOK < st.PulledSeq {
		trashing, err := e.wouldTrash(ctx, ids)
		if err != nil {
			return err
		}
		var live int
		e.db.QueryRowContext(ctx, `SELECT count(*) FROM notes WHERE trashed_at IS NULL`).Scan(&live)
		if len(trashing) > MassTrashNotes || (len(trashing) > 0 && float64(len(trashing)) > MassTrashShare*float64(live) && len(trashing) > 1) {
			for _, id := range trashing {
				hold[id] = true
			}
			e.db.ExecContext(ctx, `UPDATE sync_states SET pending_trash = $1 WHERE id = 1`, len(trashing))
		} else if st.PendingTrash != 0 {
			e.db.ExecContext(ctx, `UPDATE sync_states SET pending_trash = 0 WHERE id = 1`)
		}
	}
	for round := 0; round < 3 && len(ids) > 0; round++ {
		var left []uuid.UUID
		for _, id := range ids {
			if hold[id] {
				continue
			}
			done, err := e.writeNote(ctx, st.Device, id)
			if err != nil {
				return err
			}
			if !done {
				left = append(left, id)
			}
		}
		if len(left) == len(ids) {
			break
		}
		ids = left
	}
	return nil
}

// createNew creates the notes of other devices that have no note here
// yet with their first canonical state, a batch at a time, as writeNote's
// first step would create each: a first sync brings the whole vault, and
// one by one its notes cost a transaction each. writeNote writes the
// states after the first. A note whose first step is another (this
// device's own text, the raw text of a merge, a trashed state), or that
// CreateManyWithID does not make (its path is taken here, say), is left
// to writeNote, as is every note of a batch that fails.
func (e *Engine) createNew(ctx context.Context, me Device) error {
	// The notes and the seq of their first state; the texts are read a
	// batch at a time, so a vault's worth never sits in memory.
	rows, err := e.db.QueryContext(ctx, `SELECT DISTINCT ON (s.note_id) s.note_id, c.seq, c.trashed, x.author, x.note_id = c.note_id AND x.merged
		FROM sync_notes s JOIN sync_canons c ON c.note_id = s.note_id AND c.seq > s.written_seq JOIN sync_changes x ON x.seq = c.seq
		WHERE s.head_seq > s.written_seq AND s.written_seq = 0 AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.id = s.note_id)
			AND NOT EXISTS (SELECT 1 FROM sync_canons c2 JOIN sync_changes x2 ON x2.seq = c2.seq
				WHERE c2.note_id = s.note_id AND c2.seq > s.written_seq AND x2.device = $1)
		ORDER BY s.note_id, c.seq`, me.ID)
	if err != nil {
		return err
	}
	type first struct {
		id     uuid.UUID
		seq    int64
		author string
	}
	var firsts []first
	for rows.Next() {
		var f first
		var trashed, merged bool
		if err := rows.Scan(&f.id, &f.seq, &trashed, &f.author, &merged); err != nil {
			rows.Close()
			return err
		}
		if !trashed && !merged {
			firsts = append(firsts, f)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(firsts) < 2 {
		return nil // one note goes the usual way
	}
	// writeNote's order: a note made earlier on the hub first.
	sort.Slice(firsts, func(i, j int) bool { return firsts[i].seq < firsts[j].seq })
	for len(firsts) > 0 {
		n := min(len(firsts), e.opts.CreateBatch)
		ids, seqs := make([]uuid.UUID, n), make([]int64, n)
		batch := make([]backend.NoteWrite, n)
		at := make(map[uuid.UUID]int, n)
		for i, f := range firsts[:n] {
			ids[i], seqs[i], at[f.id] = f.id, f.seq, i
			batch[i] = backend.NoteWrite{ID: f.id, Origin: OriginDevicePrefix + f.author}
		}
		firsts = firsts[n:]
		rows, err := e.db.QueryContext(ctx, `SELECT c.note_id, c.title, c.path, c.body
			FROM unnest($1::uuid[], $2::bigint[]) AS x(id, seq) JOIN sync_canons c ON c.note_id = x.id AND c.seq = x.seq`, ids, seqs)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id uuid.UUID
			var title, p, body string
			if err := rows.Scan(&id, &title, &p, &body); err != nil {
				rows.Close()
				return err
			}
			w := &batch[at[id]]
			w.Title, w.Path, w.Body = title, p, body
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// Each new note's version 1 is the canonical state, and written:
		// recorded in the batch's own transaction, so a crash cannot leave
		// the notes looking made here and deaf to their later versions.
		hook := func(ctx context.Context, exec backend.Exec, written []backend.WrittenVersion) error {
			var made []string
			var madeSeqs []int64
			for _, w := range written {
				if i, ok := at[w.Note]; ok && w.Version == 1 {
					made, madeSeqs = append(made, w.Note.String()), append(madeSeqs, seqs[i])
				}
			}
			return exec(ctx, `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS x(id, seq)),
				v AS (INSERT INTO sync_versions (note_id, version, base_canon, base_device, base_device_seq) SELECT id, 1, seq, NULL, 0 FROM x
					ON CONFLICT (note_id, version) DO UPDATE SET base_canon = EXCLUDED.base_canon, base_device = NULL, base_device_seq = 0)
				UPDATE sync_notes s SET written_seq = x.seq FROM x WHERE s.note_id = x.id`, made, madeSeqs)
		}
		if _, err := e.notes.CreateManyWithID(backend.WithWriteHook(ctx, hook), batch); err != nil {
			if ctx.Err() != nil {
				return err
			}
			e.log.Warn("pulled notes wait to be written one by one", "count", len(batch), "err", err)
			return nil
		}
	}
	return nil
}

// behind returns the notes whose canonical head is not written locally.
func (e *Engine) behind(ctx context.Context) ([]uuid.UUID, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT note_id FROM sync_notes WHERE head_seq > written_seq ORDER BY head_seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// wouldTrash returns the notes among ids that are live here and trashed
// in their canonical head.
func (e *Engine) wouldTrash(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT s.note_id FROM sync_notes s JOIN sync_canons c ON c.note_id = s.note_id AND c.seq = s.head_seq
		JOIN notes n ON n.id = s.note_id WHERE s.note_id = ANY($1) AND c.trashed AND n.trashed_at IS NULL`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ConfirmTrash answers a pull that waits to trash many notes: apply
// trashes them; reject keeps them, pushing a restore of each so every
// device keeps them too.
func (e *Engine) ConfirmTrash(ctx context.Context, apply bool) error {
	e.pass.Lock()
	defer e.pass.Unlock()
	st, ok, err := e.readState(ctx, e.db)
	if err != nil || !ok {
		return err
	}
	if apply {
		if _, err := e.db.ExecContext(ctx, `UPDATE sync_states SET trash_confirmed_seq = pulled_seq, pending_trash = 0 WHERE id = 1`); err != nil {
			return err
		}
		return e.writeNotes(ctx)
	}
	if err := e.connect(ctx); err != nil {
		return err
	}
	ids, err := e.behind(ctx)
	if err != nil {
		return err
	}
	trashing, err := e.wouldTrash(ctx, ids)
	if err != nil {
		return err
	}
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	dseq := st.DeviceSeq
	l := &dbLedger{ctx: ctx, q: tx}
	var out outRows
	for _, id := range trashing {
		head, ok := l.Head(id)
		if !ok {
			continue
		}
		dseq++
		ch := Change{Note: id, Kind: KindRestore, Base: Base{Canon: head.Seq}, Title: head.Title, Path: head.Path, Author: st.Device.Name, Time: e.opts.Now()}
		if err := out.add(e.sealer, st.Device, dseq, ch); err != nil {
			return err
		}
	}
	if l.err != nil {
		return l.err
	}
	if err := out.write(ctx, tx, st.Device); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sync_states SET device_seq = $1, pending_trash = 0, trash_confirmed_seq = pulled_seq WHERE id = 1`, dseq); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// the restores come back through the hub; the notes stay live meanwhile
	for _, id := range trashing {
		if _, err := e.db.ExecContext(ctx, `UPDATE sync_notes SET written_seq = head_seq WHERE note_id = $1`, id); err != nil {
			return err
		}
	}
	return e.push(ctx)
}

// dirty reports whether note n has local changes the hub has not replayed
// back to this device yet.
func (e *Engine) dirty(ctx context.Context, n *backend.Note) (bool, error) {
	b, err := baseOf(ctx, e.db, n.ID, n.Version)
	if err != nil {
		return false, err
	}
	if b.IsZero() {
		return true, nil
	}
	if b.Raw != nil {
		var one int
		err := e.db.QueryRowContext(ctx, `SELECT 1 FROM sync_changes WHERE device = $1 AND device_seq = $2`, b.Raw.Device, b.Raw.DeviceSeq).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return true, nil
		}
		return false, err
	}
	return false, nil
}

// target is one state to write into a local note.
type target struct {
	skip   bool // only advance written_seq
	s      NoteState
	base   Base
	author string
}

// writeNote brings the local note up to its canonical head, writing every
// state the hub's changes made on the way (and the raw text of each merged
// change of another device, so every version is in this device's
// history). It reports false when the note must wait (local edits not
// replayed, or a concurrent local edit or path clash).
func (e *Engine) writeNote(ctx context.Context, me Device, id uuid.UUID) (bool, error) {
	local, err := e.notes.Get(ctx, id.String())
	if err != nil && backend.ErrorCode(err) != backend.ENOTFOUND {
		return false, err
	}
	if err != nil {
		local = nil
	}
	if local != nil {
		if d, err := e.dirty(ctx, local); err != nil || d {
			return false, err
		}
	}
	var written int64
	if err := e.db.QueryRowContext(ctx, `SELECT written_seq FROM sync_notes WHERE note_id = $1`, id).Scan(&written); err != nil {
		return false, err
	}
	rows, err := e.db.QueryContext(ctx, `SELECT c.seq, c.title, c.path, c.body, c.trashed, x.device, x.device_seq, x.author, x.note_id = c.note_id, x.merged,
		x.raw_title, x.raw_path, x.raw_body, x.raw_trashed
		FROM sync_canons c JOIN sync_changes x ON x.seq = c.seq WHERE c.note_id = $1 AND c.seq > $2 ORDER BY c.seq`, id, written)
	if err != nil {
		return false, err
	}
	var ts []target
	for rows.Next() {
		var t target
		var raw NoteState
		var k Key
		var own, merged bool // own: the change is of this note (not a copy it made)
		if err := rows.Scan(&t.s.Seq, &t.s.Title, &t.s.Path, &t.s.Body, &t.s.Trashed, &k.Device, &k.DeviceSeq, &t.author, &own, &merged,
			&raw.Title, &raw.Path, &raw.Body, &raw.Trashed); err != nil {
			rows.Close()
			return false, err
		}
		t.s.ID, t.base = id, Base{Canon: t.s.Seq}
		merged = merged && own
		if own && k.Device == me.ID && !merged {
			// this device's own text, fast-forwarded: the local note had
			// it before any later edit; writing it again would go back
			t.skip = true
		}
		if merged && k.Device != me.ID {
			raw.ID, raw.Seq = id, t.s.Seq
			kk := k
			ts = append(ts, target{s: raw, base: Base{Raw: &kk}, author: t.author})
		}
		ts = append(ts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	// A fast-forwarded change of this device started from the head: every
	// earlier state is in the local note's history already, and writing
	// one would step the note back past this device's later text.
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].skip {
			for j := range i {
				ts[j].skip = true
			}
			break
		}
	}
	// The skipped states are written at once: the one before the first
	// state to write marks them all.
	var skipTo int64
	for _, t := range ts {
		if !t.skip {
			break
		}
		skipTo = t.s.Seq
	}
	if skipTo > 0 {
		if _, err := e.db.ExecContext(ctx, `UPDATE sync_notes SET written_seq = $2 WHERE note_id = $1`, id, skipTo); err != nil {
			return false, err
		}
	}
	for i, t := range ts {
		if t.skip {
			continue
		}
		prev := local
		local, err = e.writeState(ctx, prev, t)
		if backend.ErrorCode(err) == backend.ECONFLICT && t.base.Raw != nil && i+1 < len(ts) {
			// Another device's own text whose path clashes here: the hub
			// gave the note another name when it merged (the canonical
			// state after it). Keep the words under that name.
			if prev, err = e.refetch(ctx, id); err != nil {
				return false, err
			}
			t.s.Title, t.s.Path = ts[i+1].s.Title, ts[i+1].s.Path
			local, err = e.writeState(ctx, prev, t)
		}
		if err != nil {
			if c := backend.ErrorCode(err); c == backend.ECONFLICT || c == backend.ENOTFOUND {
				e.log.Info("pulled note waits", "id", id, "seq", t.s.Seq, "err", err)
				return false, nil
			}
			return false, err
		}
		if t.base.Canon > 0 {
			if _, err := e.db.ExecContext(ctx, `UPDATE sync_notes SET written_seq = $2 WHERE note_id = $1`, id, t.s.Seq); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// refetch reads the local note id again after a failed write; nil when
// there is none.
func (e *Engine) refetch(ctx context.Context, id uuid.UUID) (*backend.Note, error) {
	n, err := e.notes.Get(ctx, id.String())
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return nil, nil
	}
	return n, err
}

// writeState makes the local note (nil for none) hold t's state through
// the note service, with origin device:AUTHOR, and maps each version it
// writes to t's base.
func (e *Engine) writeState(ctx context.Context, local *backend.Note, t target) (*backend.Note, error) {
	ctx = backend.WithOrigin(ctx, OriginDevicePrefix+t.author)
	id := t.s.ID.String()
	folder := path.Dir(t.s.Path)
	if folder == "." {
		folder = ""
	}
	var dev any
	var dseq int64
	if t.base.Raw != nil {
		dev, dseq = t.base.Raw.Device, t.base.Raw.DeviceSeq
	}
	const mapSQL = `INSERT INTO sync_versions (note_id, version, base_canon, base_device, base_device_seq) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (note_id, version) DO UPDATE SET base_canon = $3, base_device = $4, base_device_seq = $5`
	// Each version written is mapped to t's base in its own transaction: a
	// crash between the two would leave a pulled version looking like a
	// local edit, and the note waiting for ever.
	ctx = backend.WithWriteHook(ctx, func(ctx context.Context, exec backend.Exec, written []backend.WrittenVersion) error {
		for _, w := range written {
			if w.Note == t.s.ID {
				if err := exec(ctx, mapSQL, w.Note.String(), w.Version, t.base.Canon, dev, dseq); err != nil {
					return err
				}
			}
		}
		return nil
	})
	mapv := func(n *backend.Note) error {
		_, err := e.db.ExecContext(ctx, mapSQL, n.ID, n.Version, t.base.Canon, dev, dseq)
		return err
	}
	var err error
	if local == nil {
		if local, err = e.notes.CreateWithID(ctx, t.s.ID, t.s.Title, folder, t.s.Body); err != nil {
			return nil, err
		}
	}
	if local.TrashedAt != nil && !t.s.Trashed {
		if local.Title != t.s.Title || local.Path != t.s.Path {
			// Restored under its new name in one step: its old path may be
			// another live note's by now.
			local, err = e.notes.RestoreAs(ctx, id, t.s.Title, folder)
		} else {
			local, err = e.notes.Restore(ctx, id)
		}
		if err != nil {
			return nil, err
		}
	}
	if local.Title != t.s.Title || local.Path != t.s.Path {
		if local.TrashedAt != nil {
			if local, err = e.notes.Restore(ctx, id); err != nil {
				return nil, err
			}
		}
		if local, err = e.notes.Move(ctx, id, local.Version, t.s.Title, folder, false); err != nil {
			return nil, err
		}
	}
	if local.Body != t.s.Body {
		if local.TrashedAt != nil {
			if local, err = e.notes.Restore(ctx, id); err != nil {
				return nil, err
			}
		}
		if local, err = e.notes.Save(ctx, id, local.Version, t.s.Body); err != nil {
			return nil, err
		}
	}
	if t.s.Trashed && local.TrashedAt == nil {
		if local, err = e.notes.Trash(ctx, id); err != nil {
			return nil, err
		}
	}
	return local, mapv(local)
}

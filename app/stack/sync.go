package stack

import (
	"context"
	"sync"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/devicesync"
	"secondbrain/backend/service"
	"secondbrain/backend/synchub"
	"secondbrain/backend/syncseal"
)

// OpenSyncHub and SyncKeys are device sync's hub and vault-key
// implementations: the PostgreSQL hub (backend/synchub) and the sealing of
// backend/syncseal. Tests may replace them before Open (an in-memory hub,
// cheaper key derivation); nil makes `sync setup` and `sync run` answer
// that device sync is not available, while status and doctor still work.
var (
	OpenSyncHub devicesync.OpenHubFunc = func(ctx context.Context, dsn string) (devicesync.Hub, error) {
		return synchub.Open(ctx, dsn, nil)
	}
	SyncKeys devicesync.KeyScheme = syncseal.Scheme{}
)

// syncSide is device sync and its background job.
type syncSide struct {
	engine *devicesync.Engine
	run    background
	notes  *syncNotes
}

// syncNotes is the note service as device sync writes through it, telling
// OnSyncNote of every note a pull changed.
type syncNotes struct {
	devicesync.Notes
	mu sync.Mutex
	fn func(*backend.Note)
}

func (x *syncNotes) tell(n *backend.Note, err error) (*backend.Note, error) {
	if err == nil && n != nil {
		x.mu.Lock()
		fn := x.fn
		x.mu.Unlock()
		if fn != nil {
			fn(n)
		}
	}
	return n, err
}

func (x *syncNotes) CreateWithID(ctx context.Context, id uuid.UUID, title, folder, body string) (*backend.Note, error) {
	return x.tell(x.Notes.CreateWithID(ctx, id, title, folder, body))
}

func (x *syncNotes) CreateManyWithID(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error) {
	outs, err := x.Notes.CreateManyWithID(ctx, batch)
	for i, o := range outs {
		if o.Action == backend.WriteCreated {
			x.tell(&backend.Note{ID: o.ID, Title: batch[i].Title, Path: o.Path, Body: batch[i].Body, Version: o.Version}, nil)
		}
	}
	return outs, err
}

func (x *syncNotes) Save(ctx context.Context, id string, expectedVersion int, body string) (*backend.Note, error) {
	return x.tell(x.Notes.Save(ctx, id, expectedVersion, body))
}

func (x *syncNotes) Move(ctx context.Context, id string, expectedVersion int, title, folder string, rewriteLinks bool) (*backend.Note, error) {
	return x.tell(x.Notes.Move(ctx, id, expectedVersion, title, folder, rewriteLinks))
}

func (x *syncNotes) Trash(ctx context.Context, id string) (*backend.Note, error) {
	return x.tell(x.Notes.Trash(ctx, id))
}

func (x *syncNotes) Restore(ctx context.Context, id string) (*backend.Note, error) {
	return x.tell(x.Notes.Restore(ctx, id))
}

func (x *syncNotes) RestoreAs(ctx context.Context, id, title, folder string) (*backend.Note, error) {
	return x.tell(x.Notes.RestoreAs(ctx, id, title, folder))
}

// OnSyncNote sets fn to be told of every note device sync changes here (a
// pulled edit, a merge, a conflict copy), so the window can show it.
func (s *Stack) OnSyncNote(fn func(*backend.Note)) {
	s.sync.notes.mu.Lock()
	s.sync.notes.fn = fn
	s.sync.notes.mu.Unlock()
}

// openSync builds the device-sync engine over the store.
func (s *Stack) openSync() {
	notes := &syncNotes{Notes: s.Notes}
	s.sync = &syncSide{notes: notes, engine: devicesync.New(s.store.DB(), notes, devicesync.Options{
		HubDSN:      s.Config.Sync.Hub,
		DataDir:     s.Config.DataDir,
		OpenHub:     OpenSyncHub,
		Keys:        SyncKeys,
		Listen:      s.store.ListenEvents,
		Logger:      s.log,
		Attachments: syncAttachments{s.Attachments},
	})}
}

// syncAttachments gives device sync the attachments use case.
type syncAttachments struct{ a *service.Attachments }

func (x syncAttachments) Read(ctx context.Context, hash string) ([]byte, error) {
	return x.a.ReadHash(hash)
}

func (x syncAttachments) Write(ctx context.Context, p string, data []byte) error {
	_, err := x.a.PutAt(ctx, p, data)
	return err
}

// Sync returns device sync: setup, one pass, status, trash confirmation.
func (s *Stack) Sync() *devicesync.Engine { return s.sync.engine }

// StartSync syncs with the hub in the background until ctx ends or the
// stack closes, when sync is set up (the desktop app; the CLI runs
// `sync run` passes instead).
func (s *Stack) StartSync(ctx context.Context) {
	if s.Config.Sync.Hub == "" || OpenSyncHub == nil || SyncKeys == nil {
		return
	}
	s.sync.run.start(ctx, func(ctx context.Context) { s.sync.engine.Run(ctx) })
}

// closeSync stops the background sync and its hub connection.
func (s *Stack) closeSync() {
	if s.sync != nil {
		s.sync.run.stop()
		s.sync.engine.Close()
	}
}

// SetupSync joins this device to the vault on the hub (see
// devicesync.Engine.Setup) and, in the desktop app, starts syncing in the
// background; the caller keeps hub in the config file.
func (s *Stack) SetupSync(ctx context.Context, hub, device, passphrase string) (devicesync.SetupResult, error) {
	res, err := s.sync.engine.Setup(ctx, hub, device, passphrase)
	if err != nil {
		return res, err
	}
	s.Config.Sync.Hub = hub
	return res, nil
}

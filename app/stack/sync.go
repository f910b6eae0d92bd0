package stack

import (
	"context"

	"secondbrain/backend/devicesync"
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
}

// openSync builds the device-sync engine over the store.
func (s *Stack) openSync() {
	s.sync = &syncSide{engine: devicesync.New(s.store.DB(), s.Notes, devicesync.Options{
		HubDSN:  s.Config.Sync.Hub,
		DataDir: s.Config.DataDir,
		OpenHub: OpenSyncHub,
		Keys:    SyncKeys,
		Listen:  s.store.ListenEvents,
		Logger:  s.log,
	})}
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

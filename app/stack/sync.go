package stack

import (
	"context"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/service"
)

// The device-sync seam: the hub's and the vault key's implementations
// (backend/synchub, backend/syncseal) are set here by the code that links
// them in, before Open:
//
//	stack.OpenSyncHub = synchub.Open  // func(ctx, dsn) (devicesync.Hub, error)
//	stack.SyncKeys = syncseal.Scheme{} // devicesync.KeyScheme
//
// While either is nil, `sync setup` and `sync run` answer that device sync
// is not available in this build; status and doctor still work.
var (
	OpenSyncHub devicesync.OpenHubFunc
	SyncKeys    devicesync.KeyScheme
)

// syncSide is device sync and its background job.
type syncSide struct {
	engine *devicesync.Engine
	run    background
}

// openSync builds the device-sync engine over the store.
func (s *Stack) openSync() {
	s.sync = &syncSide{engine: devicesync.New(s.store.DB(), s.Notes, devicesync.Options{
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

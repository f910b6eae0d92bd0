package app

import (
	"context"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
)

// SyncAPI is bound to the frontend: device sync through a hub on the
// user's own PostgreSQL — setting it up, its status, a pass now, and
// trash from another device held for a confirmation.
type SyncAPI struct {
	app *App
	// path is the config file the hub's address is kept in ("" for
	// config.FilePath()).
	path string
}

// Status returns device sync's state.
func (sa *SyncAPI) Status() (dto.SyncStatus, error) {
	return callFor(sa.app, func(ctx context.Context, s *stack.Stack) (dto.SyncStatus, error) {
		st, err := s.Sync().Status(ctx)
		return dto.FromSyncStatus(st), err
	})
}

// Setup joins this device, named device, to the vault on the hub (a
// PostgreSQL DSN), making the vault there when the hub holds none — then
// the recovery code is in the answer, once. A wrong passphrase is refused
// (invalid) and changes nothing. The hub's address goes to the config file
// and sync starts in the background.
func (sa *SyncAPI) Setup(hub, device, passphrase string) (dto.SyncSetup, error) {
	var out dto.SyncSetup
	if hub == "" {
		return out, backend.Errorf(backend.EINVALID, "the hub's address is required (a PostgreSQL DSN such as postgres://user@host/db)")
	}
	err := sa.app.wait(sa.app.ctx, func(s *stack.Stack) error {
		ctx := sa.app.ctx
		res, err := s.SetupSync(ctx, hub, device, passphrase)
		if err != nil {
			return err
		}
		path := sa.path
		if path == "" {
			path = config.FilePath()
		}
		if err := config.Update(path, func(c *config.Config) { c.Sync.Hub = hub }); err != nil {
			return err
		}
		s.StartSync(ctx)
		st, err := s.Sync().Status(ctx)
		out = dto.SyncSetup{Created: res.Created, Device: res.Device.Name, RecoveryCode: res.RecoveryCode, Status: dto.FromSyncStatus(st)}
		return err
	})
	return out, err
}

// SyncNow runs one push-and-pull pass and returns when done; its error,
// if any, is also the status's last error.
func (sa *SyncAPI) SyncNow() (dto.SyncStatus, error) {
	return sa.long(func(ctx context.Context, s *stack.Stack) error { return s.Sync().RunOnce(ctx) })
}

// ConfirmTrash settles notes another device trashed in bulk: apply moves
// them to the trash here too, otherwise they are kept on every device.
func (sa *SyncAPI) ConfirmTrash(apply bool) (dto.SyncStatus, error) {
	return sa.long(func(ctx context.Context, s *stack.Stack) error { return s.Sync().ConfirmTrash(ctx, apply) })
}

// long runs a sync call that may take long (a first pull) without the
// per-call timeout, and answers the status after it.
func (sa *SyncAPI) long(fn func(ctx context.Context, s *stack.Stack) error) (dto.SyncStatus, error) {
	var out dto.SyncStatus
	err := sa.app.wait(sa.app.ctx, func(s *stack.Stack) error {
		ctx := sa.app.ctx
		ferr := fn(ctx, s)
		st, err := s.Sync().Status(ctx)
		out = dto.FromSyncStatus(st)
		if ferr != nil {
			return ferr
		}
		return err
	})
	return out, err
}

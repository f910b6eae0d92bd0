package app

import (
	"context"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/vault"
)

// EventVaultStatus fires with the VaultStatus whenever the folder mirror's
// status changes.
const EventVaultStatus = "vault:status"

// VaultAPI is bound to the frontend: open a folder as the vault (a live
// two-way mirror), its status, conflicts and held deletions.
type VaultAPI struct {
	app *App
}

// Status returns the mirror's state.
func (va *VaultAPI) Status() (dto.VaultStatus, error) {
	return callFor(va.app, func(ctx context.Context, s *stack.Stack) (dto.VaultStatus, error) {
		return dto.FromVaultStatus(s.Vault().Status(ctx)), nil
	})
}

// ChooseAndAttach asks for a folder with the system's picker and attaches
// it; a cancelled picker leaves the status unchanged.
func (va *VaultAPI) ChooseAndAttach() (dto.VaultStatus, error) {
	dir, err := va.app.dialogs.PickFolder("Open a folder as the vault")
	if err != nil {
		return dto.VaultStatus{}, backend.Errorf(backend.EINVALID, "the folder picker failed: %v", err)
	}
	if dir == "" {
		return va.Status()
	}
	return va.Attach(dir)
}

// Attach makes path the vault's folder: imported, then kept in step both
// ways. Errors: invalid for "/", the data dir, a file; conflict for a folder
// attached to another vault or a vault attached elsewhere.
func (va *VaultAPI) Attach(path string) (dto.VaultStatus, error) {
	return va.long(func(ctx context.Context, m *vault.Mirror) (vault.Status, error) { return m.Attach(ctx, path) })
}

// Detach stops mirroring; the notes and the files stay.
func (va *VaultAPI) Detach() (dto.VaultStatus, error) {
	return va.long(func(ctx context.Context, m *vault.Mirror) (vault.Status, error) { return m.Detach(ctx) })
}

// SyncNow runs one pass both ways and returns when done.
func (va *VaultAPI) SyncNow() (dto.VaultStatus, error) {
	return va.long(func(ctx context.Context, m *vault.Mirror) (vault.Status, error) { return m.SyncOnce(ctx) })
}

// Conflicts lists the open conflicts, oldest first.
func (va *VaultAPI) Conflicts() ([]dto.VaultConflict, error) {
	return callFor(va.app, func(ctx context.Context, s *stack.Stack) ([]dto.VaultConflict, error) {
		cs, err := s.Vault().Conflicts(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]dto.VaultConflict, len(cs))
		for i, c := range cs {
			out[i] = dto.FromVaultConflict(c)
		}
		return out, nil
	})
}

// Conflict returns one open conflict with the note's current text and the
// file's. Errors: not_found.
func (va *VaultAPI) Conflict(id string) (dto.VaultConflictDetail, error) {
	return callFor(va.app, func(ctx context.Context, s *stack.Stack) (dto.VaultConflictDetail, error) {
		c, err := s.Vault().Conflict(ctx, id)
		if err != nil {
			return dto.VaultConflictDetail{}, err
		}
		d := dto.VaultConflictDetail{VaultConflict: dto.FromVaultConflict(c), FileText: c.FileText, NoteVersion: c.NoteVersion}
		if n, err := s.Notes.Get(ctx, c.NoteID.String()); err == nil {
			d.NoteText, d.NoteVersion = n.Body, n.Version
		}
		return d, nil
	})
}

// ResolveConflict settles a conflict: keep "note" (the copy goes to
// .trash), "file" (its text becomes the note's next version) or "both"
// (the copy becomes a note of its own). Errors: invalid, not_found.
func (va *VaultAPI) ResolveConflict(id string, keep string) error {
	_, err := va.long(func(ctx context.Context, m *vault.Mirror) (vault.Status, error) {
		return vault.Status{}, m.Resolve(ctx, id, keep)
	})
	return err
}

// ConfirmDeletions settles a held mass deletion: apply moves the notes to
// the trash, otherwise the files are written back.
func (va *VaultAPI) ConfirmDeletions(apply bool) (dto.VaultStatus, error) {
	return va.long(func(ctx context.Context, m *vault.Mirror) (vault.Status, error) {
		return m.ConfirmDeletions(ctx, apply)
	})
}

// long runs a mirror call that may take long (an import) without the
// per-call timeout.
func (va *VaultAPI) long(fn func(ctx context.Context, m *vault.Mirror) (vault.Status, error)) (dto.VaultStatus, error) {
	var out dto.VaultStatus
	err := va.app.wait(va.app.ctx, func(s *stack.Stack) error {
		st, err := fn(va.app.ctx, s.Vault())
		out = dto.FromVaultStatus(st)
		return err
	})
	return out, err
}

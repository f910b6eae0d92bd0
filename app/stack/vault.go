package stack

import (
	"context"
	"secondbrain/backend"

	"secondbrain/backend/importer"
	"secondbrain/backend/service"
	"secondbrain/backend/vault"
)

// vaultSide is the folder mirror and its background job.
type vaultSide struct {
	mirror *vault.Mirror
	run    background
}

// openVault builds the folder mirror over the store (see backend/vault).
func (s *Stack) openVault() {
	s.vault = &vaultSide{mirror: vault.New(s.store.DB(), s.Notes, vault.Options{
		DataDir:      s.Config.DataDir,
		MaxFileBytes: service.MaxBodyBytes,
		Import: func(ctx context.Context, root string) (map[string]string, error) {
			rep, err := s.Import(ctx, root, importer.Options{Logger: s.log})
			return importer.Moved(rep), err
		},
		Blobs:  s.blobs,
		Listen: s.store.ListenEvents,
		Logger: s.log,
	})}
}

// Vault returns the folder mirror: attach, detach, sync, status, conflicts.
func (s *Stack) Vault() *vault.Mirror { return s.vault.mirror }

// OnVaultStatus sets the function told of every change of the mirror's
// status (the desktop's status bar). Call it before StartVault.
func (s *Stack) OnVaultStatus(fn func(vault.Status)) { s.vault.mirror.OnStatus(fn) }

// OnVaultNote sets the function told of every note the mirror changed
// from the folder (an open editor loads its new text). Call it before
// StartVault.
func (s *Stack) OnVaultNote(fn func(*backend.Note)) { s.vault.mirror.OnNoteChanged(fn) }

// StartVault keeps the attached folder and the vault in step in the
// background until ctx ends or the stack closes (the desktop app; the CLI
// runs `vault sync` passes instead).
func (s *Stack) StartVault(ctx context.Context) {
	s.vault.run.start(ctx, func(ctx context.Context) { s.vault.mirror.Run(ctx) })
}

// closeVault stops the background mirror.
func (s *Stack) closeVault() {
	if s.vault != nil {
		s.vault.run.stop()
	}
}

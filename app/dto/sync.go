package dto

import (
	"time"

	"secondbrain/backend/devicesync"
)

// SyncStatus is device sync's state for the status bar and the sync
// settings: the JSON of `sync status --json` plus whether sync is set up
// and the notes a pull would trash, waiting for a confirmation.
type SyncStatus struct {
	Configured   bool   `json:"configured"`
	Hub          string `json:"hub"`
	Device       string `json:"device"`
	PushedSeq    int64  `json:"pushed_seq"`
	PulledSeq    int64  `json:"pulled_seq"`
	PendingOut   int64  `json:"pending_out"`
	PendingIn    int64  `json:"pending_in"`
	Conflicts    int    `json:"conflicts"`
	PendingTrash int    `json:"pending_trash"`
	LastError    string `json:"last_error"`
	// LastSyncAt is the end of the last pass that succeeded (RFC 3339), ""
	// for never.
	LastSyncAt string `json:"last_sync_at"`
}

// FromSyncStatus converts the engine's status.
func FromSyncStatus(s devicesync.Status) SyncStatus {
	out := SyncStatus{Configured: s.Configured, Hub: s.Hub, Device: s.Device, PushedSeq: s.PushedSeq, PulledSeq: s.PulledSeq,
		PendingOut: s.PendingOut, PendingIn: s.PendingIn, Conflicts: s.Conflicts, PendingTrash: s.PendingTrash, LastError: s.LastError}
	if s.LastSyncAt != nil {
		out.LastSyncAt = s.LastSyncAt.UTC().Format(time.RFC3339)
	}
	return out
}

// SyncSetup is what setting up sync did; RecoveryCode is shown once, to
// the device that made the vault on the hub.
type SyncSetup struct {
	Created      bool       `json:"created"`
	Device       string     `json:"device"`
	RecoveryCode string     `json:"recovery_code"`
	Status       SyncStatus `json:"status"`
}

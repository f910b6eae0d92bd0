package dto

import (
	"time"

	"secondbrain/backend/vault"
)

// VaultStatus is the folder mirror's state for the status bar and the
// vault settings.
type VaultStatus struct {
	Path             string       `json:"path"`
	Attached         bool         `json:"attached"`
	Watching         bool         `json:"watching"`
	Polling          bool         `json:"polling"`
	LagEvents        int64        `json:"lag_events"`
	PendingExternal  int          `json:"pending_external"`
	Conflicts        int          `json:"conflicts"`
	PendingDeletions int          `json:"pending_deletions"`
	LastError        string       `json:"last_error"`
	Issues           []VaultIssue `json:"issues"`
}

// VaultIssue is a file the mirror cannot sync, and why.
type VaultIssue struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// FromVaultStatus converts the mirror's status.
func FromVaultStatus(s vault.Status) VaultStatus {
	out := VaultStatus{Path: s.Path, Attached: s.Attached, Watching: s.Watching, Polling: s.Polling, LagEvents: s.LagEvents,
		PendingExternal: s.PendingExternal, Conflicts: s.Conflicts, PendingDeletions: s.PendingDeletions, LastError: s.LastError,
		Issues: make([]VaultIssue, len(s.Issues))}
	for i, is := range s.Issues {
		out.Issues[i] = VaultIssue{Path: is.Path, Message: is.Message}
	}
	return out
}

// VaultConflict is an open conflict between a note and its file: the
// note kept its text, the file's is in the conflict copy.
type VaultConflict struct {
	ID           string `json:"id"`
	NoteID       string `json:"note_id"`
	Title        string `json:"title"`
	Path         string `json:"path"`
	ConflictPath string `json:"conflict_path"`
	Created      string `json:"created"` // RFC 3339
	// Source is "folder", or "device:NAME" for a conflict with another
	// device (its text is in the conflict copy note).
	Source string `json:"source"`
}

// VaultConflictDetail is a conflict with both texts, for the side-by-side view.
type VaultConflictDetail struct {
	VaultConflict
	NoteText    string `json:"note_text"`
	FileText    string `json:"file_text"`
	NoteVersion int    `json:"note_version"`
}

// FromVaultConflict converts a conflict.
func FromVaultConflict(c vault.Conflict) VaultConflict {
	return VaultConflict{ID: c.ID.String(), NoteID: c.NoteID.String(), Title: c.Title, Path: c.Path,
		ConflictPath: c.ConflictPath, Created: c.Created.UTC().Format(time.RFC3339), Source: c.Source}
}

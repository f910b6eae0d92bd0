package backend

import (
	"encoding/json"

	"github.com/google/uuid"
)

// EventKind names what an entry of the event log records. Every kind the
// log holds is declared here; the kinds are stored as their strings, so the
// values never change.
type EventKind string

// Changes to a note; their payload is a NotePayload.
const (
	EventNoteCreated  EventKind = "note.created"
	EventNoteUpdated  EventKind = "note.updated"
	EventNoteRenamed  EventKind = "note.renamed"
	EventNoteTrashed  EventKind = "note.trashed"
	EventNoteRestored EventKind = "note.restored"
	EventNoteReverted EventKind = "note.reverted"
	EventNoteDeleted  EventKind = "note.deleted"
)

// Events about no note.
const (
	// EventAttachmentPut records an attachment added or replaced; its
	// payload is an AttachmentPayload.
	EventAttachmentPut EventKind = "attachment.put"

	// EventLinksResolved records a pass of link resolution that changed
	// the targets of other notes' links without changing those notes (the
	// end of an import). Its payload (SourcesPayload) names the notes
	// whose links it resolved.
	EventLinksResolved EventKind = "links.resolved"

	// EventChunksEmbedded records that the indexer stored new chunks and
	// vectors for some notes, without changing the notes. Its payload
	// (SourcesPayload) names the model and the notes; the vector
	// projection applies it, the graph ignores it.
	EventChunksEmbedded EventKind = "chunks.embedded"

	// EventSettingChanged records a user setting stored; its payload is a
	// SettingPayload.
	EventSettingChanged EventKind = "setting.changed"

	// EventAgentCall records one MCP tool call: the tool, its arguments
	// (secrets removed), the result's size and the caller. Its payload is
	// an AgentCallPayload.
	EventAgentCall EventKind = "agent.call"
)

// NotePayload is the payload of a note event. The JSON field names are the
// ones stored in users' logs: never rename them.
type NotePayload struct {
	// Version, Title and Path are the note's after the change.
	Version int    `json:"version"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	// Body is the note's body after the change, for the kinds that change
	// it (created, updated, reverted); nil for the others, and once a
	// permanent delete purged it (then Purged is set).
	Body   *string `json:"body,omitempty"`
	Purged bool    `json:"purged,omitempty"`
	// OldTitle and OldPath are the note's before an EventNoteRenamed.
	OldTitle string `json:"old_title,omitempty"`
	OldPath  string `json:"old_path,omitempty"`
	// Reason is "rename" for an update that rewrote links to a renamed
	// note, Renamed that note's id.
	Reason  string `json:"reason,omitempty"`
	Renamed string `json:"renamed,omitempty"`
	// FromVersion is the version an EventNoteReverted restored.
	FromVersion int `json:"from_version,omitempty"`
	// Source is "import" for a note written by an import, CreatedAt and
	// UpdatedAt the times the imported file gave (RFC 3339), if any.
	Source    string `json:"source,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// AttachmentPayload is the payload of an EventAttachmentPut.
type AttachmentPayload struct {
	ID          string `json:"id"`
	Path        string `json:"path"`
	ContentHash string `json:"content_hash"`
	Size        int64  `json:"size"`
}

// SourcesPayload is the payload of EventLinksResolved and
// EventChunksEmbedded: the notes the event is about (and, for chunks, the
// model).
type SourcesPayload struct {
	Model   string      `json:"model,omitempty"`
	Sources []uuid.UUID `json:"sources"`
}

// SettingPayload is the payload of an EventSettingChanged.
type SettingPayload struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

// AgentCallPayload is the payload of an EventAgentCall.
type AgentCallPayload struct {
	Tool string `json:"tool"`
	// Arguments are the call's arguments as the audit keeps them.
	Arguments   any    `json:"arguments"`
	ResultBytes int    `json:"result_bytes"`
	Error       bool   `json:"error"`
	Client      string `json:"client"`
	DurMS       int64  `json:"dur_ms"`
}

// Revert says which version an EventNoteReverted update brings back.
type Revert struct {
	FromVersion int
}

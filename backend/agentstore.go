package backend

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Privacy names what AI agents must never see: the notes inside these
// folders (and their subfolders) and the notes carrying these tags (or a
// nested tag under them), compared case-insensitively.
type Privacy struct {
	Folders []string
	Tags    []string
}

// Empty reports whether nothing is private.
func (p Privacy) Empty() bool { return len(p.Folders) == 0 && len(p.Tags) == 0 }

// NoteFilter selects the notes an agent lists.
type NoteFilter struct {
	// Folder keeps the notes inside this folder or its subfolders.
	Folder string
	// Tag keeps the notes carrying this tag or a nested tag under it.
	Tag string
	// Type keeps the notes whose front-matter type is this.
	Type string
	// UpdatedSince keeps the notes updated at or after it; zero keeps all.
	UpdatedSince time.Time
	// Hide removes the private notes.
	Hide   Privacy
	Offset int
	Limit  int
}

// LoggedEvent is one entry of the event log as the agent audit shows it.
type LoggedEvent struct {
	Seq    int64
	Time   time.Time
	Kind   EventKind
	NoteID *uuid.UUID
	// Origin is "" for the user, "agent:NAME" for an agent.
	Origin string
	// Payload is the event's payload as stored: a NotePayload for a note's
	// event, an AgentCallPayload for EventAgentCall.
	Payload json.RawMessage
}

// NotePayload decodes the payload of a note's event.
func (e *LoggedEvent) NotePayload() (NotePayload, error) {
	var p NotePayload
	err := json.Unmarshal(e.Payload, &p)
	return p, err
}

// AgentStore is what the agent use case needs beyond notes and links.
type AgentStore interface {
	// PrivateNotes returns the ids of the notes, live or trashed, that p
	// hides from agents.
	PrivateNotes(ctx context.Context, p Privacy) (map[uuid.UUID]bool, error)
	// NotesByID returns the notes with these ids that exist, with their
	// bodies, by id.
	NotesByID(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*Note, error)
	// FilterNotes returns one page of live notes, the most recently updated
	// first, and how many match in all.
	FilterNotes(ctx context.Context, f NoteFilter) (*NotePage, error)
	// TagCounts counts the live notes per tag, leaving out the notes and
	// tags that hide names.
	TagCounts(ctx context.Context, hide Privacy) ([]TagCount, error)
	// AppendEvent appends an event about no note, with payload encoded as
	// JSON, and returns its seq.
	AppendEvent(ctx context.Context, kind EventKind, payload any) (int64, error)
	// AgentEvents returns the events made by agents (origin "agent:…", and
	// the agent.call records when withCalls), newest first, at most limit.
	AgentEvents(ctx context.Context, withCalls bool, limit int) ([]LoggedEvent, error)
	// Event returns one event by seq. Returns ENOTFOUND.
	Event(ctx context.Context, seq int64) (*LoggedEvent, error)
}

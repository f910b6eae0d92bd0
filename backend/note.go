package backend

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Note is one Markdown note: its title is the file name without ".md" and its
// path the location inside the vault ("folder/Title.md").
type Note struct {
	ID        uuid.UUID
	Title     string
	Path      string
	Body      string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
	// TrashedAt is set while the note is in the trash.
	TrashedAt *time.Time
}

// NoteSummary is a note without its body, for lists.
type NoteSummary struct {
	ID        uuid.UUID
	Title     string
	Path      string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
	TrashedAt *time.Time
}

// NoteOrder says how a list of notes is sorted.
type NoteOrder string

const (
	// OrderUpdated sorts the most recently updated first.
	OrderUpdated NoteOrder = "updated"
	// OrderTitle sorts by title, case-insensitively.
	OrderTitle NoteOrder = "title"
)

// ListOptions selects a page of notes.
type ListOptions struct {
	Order  NoteOrder
	Offset int
	Limit  int
	// Trashed lists the trash instead of the live notes.
	Trashed bool
}

// NotePage is one page of a note list.
type NotePage struct {
	Notes []NoteSummary
	// Total counts every note matching the options, across all pages.
	Total int
}

// NoteVersion is one entry of a note's history, read from the event log.
type NoteVersion struct {
	// Seq is the event log sequence number of the change.
	Seq     int64
	Version int
	Kind    EventKind
	Title   string
	Path    string
	At      time.Time
	// Body is the note's body as of this version; empty when not requested.
	Body string
	// Purged says the body was removed from the log by a permanent delete.
	Purged bool
	// Origin says who made the change: "" for the user, "agent:NAME" for
	// an MCP client (see WithOrigin).
	Origin string
}

// NewNote is what the store needs to create a note.
type NewNote struct {
	// ID is the note's id; zero makes a new one. Device sync creates a
	// note pulled from another device under that device's id.
	ID      uuid.UUID
	Title   string
	Path    string
	Body    string
	Derived Derived
}

// BodyRewrite is a change to another note's body made by the same
// transaction as a rename: its links to the renamed note, rewritten.
type BodyRewrite struct {
	ID              uuid.UUID
	ExpectedVersion int
	Body            string
	Derived         Derived
}

// NoteStore keeps notes and their event log. Every method that changes a note
// writes the note rows and exactly one event in one transaction.
type NoteStore interface {
	// CreateNote inserts a note at version 1, under n.ID when set. Returns
	// ECONFLICT when a live note already has the path (case-insensitively)
	// or a note already has the id.
	CreateNote(ctx context.Context, n NewNote) (*Note, error)
	// CreateNotes creates a batch of notes at version 1 under their ids
	// (NoteWrite.ID), each with its event's origin (NoteWrite.Origin), in
	// one transaction, leaving the rows CreateNote leaves for each. A write
	// whose id a note has, or whose path a live note holds, is not made
	// (WriteExists). Returns EINVALID when two writes share a path
	// (case-insensitively) or an id, or one lacks its id.
	CreateNotes(ctx context.Context, batch []NoteWrite) ([]WriteOutcome, error)
	// Note returns a note by id, trashed or not. Returns ENOTFOUND.
	Note(ctx context.Context, id uuid.UUID) (*Note, error)
	// NotesByTitle returns the live notes whose title equals title, case-insensitively.
	NotesByTitle(ctx context.Context, title string) ([]*Note, error)
	// UpdateBody replaces the body and its derived rows (d, given the
	// note's path, inside the transaction) if the note is at
	// expectedVersion, and records the event kind: EventNoteUpdated, or
	// EventNoteReverted with the version it brings back (revert). Returns
	// ENOTFOUND, or ECONFLICT when the version is stale or the note is in
	// the trash.
	UpdateBody(ctx context.Context, id uuid.UUID, expectedVersion int, body string, d Deriver, kind EventKind, revert *Revert) (*Note, error)
	// Rename moves the note to a new title and path and applies rewrites to
	// the notes linking to it, all in one transaction. Returns ENOTFOUND,
	// ECONFLICT for a stale version (of the note or of a rewritten note) or a
	// path already taken.
	Rename(ctx context.Context, id uuid.UUID, expectedVersion int, title, path string, rewrites []BodyRewrite) (*Note, error)
	// SetTrashed moves a note to the trash or back. Returns ENOTFOUND, or
	// ECONFLICT when restoring onto a path a live note now holds.
	SetTrashed(ctx context.Context, id uuid.UUID, trashed bool) (*Note, error)
	// DeleteNote removes a note for good and purges its bodies from the event
	// log, keeping one EventNoteDeleted event. Returns ENOTFOUND.
	DeleteNote(ctx context.Context, id uuid.UUID) error
	// ListNotes returns one page of notes.
	ListNotes(ctx context.Context, opts ListOptions) (*NotePage, error)
	// History returns the versions of a note, newest first, with bodies when withBody.
	// Returns ENOTFOUND when the note has no events.
	History(ctx context.Context, id uuid.UUID, withBody bool) ([]NoteVersion, error)
	// Version returns one version of a note from the event log, with its body.
	// Returns ENOTFOUND.
	Version(ctx context.Context, id uuid.UUID, version int) (*NoteVersion, error)
}

package backend

import (
	"time"

	"github.com/google/uuid"
)

// NoteWrite is one note of an import batch, written by path.
type NoteWrite struct {
	// ID is the id of a note CreateNotes makes (unused by WriteNotes).
	ID uuid.UUID
	// Origin is the origin of the event of a note CreateNotes makes, as
	// backend.WithOrigin gives it (unused by WriteNotes).
	Origin  string
	Title   string
	Path    string
	Body    string
	Derived Derived
	// KeepExisting leaves a live note that holds the path (case-insensitively)
	// with other text as it is: nothing is written and the outcome is
	// WriteExists. Without it, that note's text is replaced.
	KeepExisting bool
	// CreatedAt and UpdatedAt are the note's times when the write creates
	// it (UpdatedAt alone when it replaces its text), such as a file's
	// modification time; zero means the time of the write. The event of
	// the write keeps the time it was written, and records these in its
	// payload (created_at, updated_at).
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Write outcomes of an import batch.
const (
	WriteCreated   = "created"
	WriteUpdated   = "updated"
	WriteUnchanged = "unchanged"
	// WriteExists: a NoteWrite with KeepExisting found a live note with
	// other text at its path and wrote nothing.
	WriteExists = "exists"
)

// WriteOutcome says what an import batch did with one note. Path is the
// note's path; for WriteExists, the path of the note already there.
type WriteOutcome struct {
	Path    string
	ID      uuid.UUID
	Action  string
	Version int
}

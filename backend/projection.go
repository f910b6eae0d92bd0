package backend

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// NoteState is the whole derived state of one live note as PostgreSQL holds
// it now: what a projection needs to mirror the note, with its outgoing links
// resolved. Projections replace a note's copy with its state, so applying the
// same state twice changes nothing.
type NoteState struct {
	ID    uuid.UUID
	Title string
	Path  string
	// Type is the note's type from its front matter ("person"), "" for none.
	Type string
	// Tags are the lower-cased tag names, sorted.
	Tags []string
	// Links are the note's outgoing links, one entry per distinct
	// (kind, rel, target key, resolution), sorted.
	Links []LinkState
}

// LinkState is one group of identical outgoing links of a note.
type LinkState struct {
	// Kind is LinkWiki, LinkEmbed, LinkMarkdown or LinkProperty.
	Kind string
	// Rel is the relation of a property link (AUTHOR), "" otherwise.
	Rel string
	// TargetKey is what resolution matches ("people/ada"); "" for a link
	// leaving the vault.
	TargetKey string
	// Target is the target as first written, for a placeholder's title.
	Target string
	// TargetID is the note the links resolve to, uuid.Nil when none does.
	TargetID uuid.UUID
	// AttachmentID is the attachment they resolve to, uuid.Nil when none.
	AttachmentID uuid.UUID
	// Count is how many link occurrences the group stands for.
	Count int
}

// LogEvent is an entry of the event log as projectors see it.
type LogEvent struct {
	Seq    int64
	Time   time.Time
	Kind   EventKind
	NoteID uuid.UUID // uuid.Nil for events about no note
	// Sources are the notes an EventLinksResolved or EventChunksEmbedded
	// event is about.
	Sources []uuid.UUID
}

// EventBatch is a page of the event log with the snapshot that read it:
// every transaction with an id below Xmin had ended when the rows were read.
type EventBatch struct {
	Events []LogEvent
	Xmin   uint64
}

// ProjectionStatus is the progress of one projection.
type ProjectionStatus struct {
	Name string
	// Seq is the checkpoint: every event up to it is applied.
	Seq int64
	// MaxSeq is the newest event in the log.
	MaxSeq int64
	// LagEvents is MaxSeq - Seq (never negative).
	LagEvents int64
	// LagSeconds is the age of the oldest event after the checkpoint, 0 when none.
	LagSeconds float64
	// LastError says why the last attempt failed; "" after a success.
	LastError string
	UpdatedAt time.Time
}

// ProjectionTarget is a derived copy of the notes — the Neo4j graph, a
// vector index — that a projector keeps in step with the event log. Every
// method is idempotent: replaying a batch leaves the same copy.
type ProjectionTarget interface {
	// Apply replaces the copies of these notes with their states. A note
	// may link to one the target has not seen yet.
	Apply(ctx context.Context, notes []NoteState) error
	// Delete removes notes that are trashed or gone; unknown ids are fine.
	Delete(ctx context.Context, ids []uuid.UUID) error
	// Reset removes everything, before a rebuild.
	Reset(ctx context.Context) error
}

// LinkTracker is implemented by a target that copies links between notes:
// it names the notes whose copied links point at any of ids, so that when
// a note goes away or changes name the notes that linked to it are
// projected again too.
type LinkTracker interface {
	LinkingTo(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error)
}

// ProjectionLog is the event log as projectors read it: PostgreSQL.
type ProjectionLog interface {
	// BeginProjection starts a pass over the log for one projection: it
	// waits until no other pass (in any process) works on it and returns
	// with the checkpoint read. Returns EUNAVAILABLE when PostgreSQL is down.
	BeginProjection(ctx context.Context, name string) (ProjectionPass, error)
	// RecordProjectionError stores why the last attempt failed, without
	// moving the checkpoint.
	RecordProjectionError(ctx context.Context, name, msg string) error
	// ProjectionStatus returns the checkpoint and lag of a projection (a
	// projection never run has checkpoint 0).
	ProjectionStatus(ctx context.Context, name string) (ProjectionStatus, error)
	EventListener
}

// EventListener wakes the followers of the event log (projectors, the
// indexer) when it grows: PostgreSQL's LISTEN/NOTIFY.
type EventListener interface {
	// ListenEvents returns a channel that receives a value soon after a
	// transaction appends to the log, until ctx ends. Wake-ups may be
	// lost when the connection drops: poll as well.
	ListenEvents(ctx context.Context) (<-chan struct{}, error)
}

// ProjectionPass is one locked pass of a projector over the log. End it
// with Commit or Rollback.
type ProjectionPass interface {
	// Checkpoint is the projection's checkpoint when the pass began.
	Checkpoint() int64
	// Events reads, in seq order, up to limit events after seq and every
	// event whose seq is in also (seqs missing from earlier reads).
	Events(ctx context.Context, after int64, also []int64, limit int) (EventBatch, error)
	// XidBound gives the pass a transaction id and returns it: it exceeds
	// the id of every transaction that had one before the call. Call it
	// once, after the reads it bounds.
	XidBound(ctx context.Context) (uint64, error)
	// NoteStates reads the current state of the live notes among ids and
	// returns the ids that are trashed or gone.
	NoteStates(ctx context.Context, ids []uuid.UUID) ([]NoteState, []uuid.UUID, error)
	// LinkingTo returns the live notes with a link resolved to one of ids.
	LinkingTo(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error)
	// LiveNotes returns up to limit live note ids after the given one, in
	// id order (uuid.Nil starts).
	LiveNotes(ctx context.Context, after uuid.UUID, limit int) ([]uuid.UUID, error)
	// Commit stores seq as the checkpoint, clears the last error and ends the pass.
	Commit(ctx context.Context, seq int64) error
	// Rollback ends the pass without moving the checkpoint.
	Rollback() error
}

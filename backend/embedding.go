package backend

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// EmbedNote is what the indexer reads of a note to embed it.
type EmbedNote struct {
	ID      uuid.UUID
	Version int
	Title   string
	Body    string
	// Tags, Folder and Type are the vector payload for filters.
	Tags   []string
	Folder string
	Type   string
}

// Chunk is one stored, embedded piece of a note.
type Chunk struct {
	// ID is stable for (note, model, ordinal) and is the vector point id.
	ID      uuid.UUID
	NoteID  uuid.UUID
	Ordinal int
	// Heading is the heading path the chunk sits under.
	Heading string
	Text    string
	// Hash is the hex SHA-256 of Text.
	Hash string
	// Vector is nil for a chunk the model failed on (Error says why) and
	// empty for one without any token the model knows.
	Vector []float32
	Error  string
}

// NoteChunks are the chunks cut from one version of a note.
type NoteChunks struct {
	NoteID  uuid.UUID
	Version int
	Chunks  []Chunk
}

// EmbeddingCounts are the embedding totals of one model.
type EmbeddingCounts struct {
	// Indexed notes have chunks of their current version under the model.
	Indexed int `json:"indexed"`
	// Total is the number of live notes.
	Total int `json:"total"`
	// Failed counts the chunks the model failed on.
	Failed int `json:"failed"`
}

// EmbedFailure is a chunk the model failed on.
type EmbedFailure struct {
	NoteID  uuid.UUID `json:"note_id"`
	Title   string    `json:"title"`
	Ordinal int       `json:"chunk"`
	Reason  string    `json:"reason"`
}

// ChunkHit is a stored chunk found by a vector search, with its note.
type ChunkHit struct {
	Chunk
	Title string
	Path  string
	// UpdatedAt is the note's.
	UpdatedAt time.Time
}

// ChunkStore keeps the notes' chunks and their vectors (pgstore).
// Methods return EUNAVAILABLE when the store cannot be reached, ECANCELED.
type ChunkStore interface {
	// PendingNotes returns up to limit live notes, ordered by id after the
	// id after, whose chunks are missing or older than the note under model.
	PendingNotes(ctx context.Context, model string, after uuid.UUID, limit int) ([]EmbedNote, error)
	// PendingNotesAmong is PendingNotes of the notes among ids, in id order.
	PendingNotesAmong(ctx context.Context, model string, ids []uuid.UUID) ([]EmbedNote, error)
	// ChunkVectors returns the stored vectors under model of the text
	// hashes given, by hash: what need not be embedded again.
	ChunkVectors(ctx context.Context, model string, hashes []string) (map[string][]float32, error)
	// ReplaceChunks replaces every chunk of each note, under every model,
	// with the chunks cut from its version, all in one transaction.
	ReplaceChunks(ctx context.Context, model string, notes []NoteChunks) error
	// DeleteOrphanChunks removes the chunks of notes that are gone or in
	// the trash and returns those notes' ids.
	DeleteOrphanChunks(ctx context.Context) ([]uuid.UUID, error)
	// DeleteOrphanChunksAmong is DeleteOrphanChunks of the notes among ids.
	DeleteOrphanChunksAmong(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error)
	// EmbeddingCounts counts notes and failures under model.
	EmbeddingCounts(ctx context.Context, model string) (EmbeddingCounts, error)
	// EmbedFailures lists up to limit failed chunks under model.
	EmbedFailures(ctx context.Context, model string, limit int) ([]EmbedFailure, error)
	// ScanVectors calls fn with every stored vector of a live note under model.
	ScanVectors(ctx context.Context, model string, fn func(VectorPoint) error) error
	// ChunkHits returns the chunks with these ids and their notes' titles,
	// in no order; ids not found are left out.
	ChunkHits(ctx context.Context, ids []uuid.UUID) ([]ChunkHit, error)
	// NoteVectors returns the stored vectors of one note under model.
	NoteVectors(ctx context.Context, model string, noteID uuid.UUID) ([][]float32, error)
}

// LinkNeighbour is a note close to another through links: linking to it or
// from it, or linking to the same notes.
type LinkNeighbour struct {
	ID    uuid.UUID
	Title string
	Path  string
	// LinksTo and LinkedFrom say whether the note links to the other or the
	// other links to it.
	LinksTo    bool
	LinkedFrom bool
	// Shared counts the link targets both link to (with a note or not)
	// and SharedTags the tags both carry, targets and tags of many notes
	// left out; SharedLinkNames and SharedTagNames name a few of them.
	Shared          int
	SharedTags      int
	SharedLinkNames []string
	SharedTagNames  []string
}

// VectorChanges is what changed in the stored vectors under a model since
// a place in the event log: the notes touched (their old points are to be
// dropped) and the current points of those still live.
type VectorChanges struct {
	// Notes lists every note touched since the place asked for.
	Notes []uuid.UUID
	// Points are the stored vectors of the live notes among Notes.
	Points []VectorPoint
	// Seq is the new place: every event up to it is in Notes or earlier.
	Seq int64
	// TooMany says more than the most notes asked for were touched; then
	// Notes and Points are empty and reading every vector is cheaper.
	TooMany bool
}

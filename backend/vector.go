package backend

import (
	"context"

	"github.com/google/uuid"
)

// Search modes that find notes by meaning.
const (
	// SearchSemantic finds notes by the similarity of their chunks'
	// embeddings to the query's.
	SearchSemantic SearchMode = "semantic"
	// SearchHybrid fuses the lexical and the semantic rankings.
	SearchHybrid SearchMode = "hybrid"
)

// Embedder turns text into vectors of one model.
type Embedder interface {
	// Model names the model and its version ("potion-base-8M"); vectors of
	// different models are never compared.
	Model() string
	// Dim is the length of every vector Embed returns.
	Dim() int
	// Embed returns one unit-length vector per text, in order. Returns
	// EUNAVAILABLE when the model's endpoint cannot be reached, ECANCELED,
	// EINVALID for input the model refuses.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// QueryEmbedder is an Embedder whose model embeds a search query
// differently from the texts searched (e5's "query: " and "passage: "):
// Embed is for notes, EmbedQuery for queries. Vectors of both are compared.
type QueryEmbedder interface {
	Embedder
	// EmbedQuery returns one unit-length vector per query, as Embed does.
	EmbedQuery(ctx context.Context, queries []string) ([][]float32, error)
}

// EmbedQueries embeds search queries with EmbedQuery when e has it, else
// with Embed.
func EmbedQueries(ctx context.Context, e Embedder, queries []string) ([][]float32, error) {
	if q, ok := e.(QueryEmbedder); ok {
		return q.EmbedQuery(ctx, queries)
	}
	return e.Embed(ctx, queries)
}

// VectorPoint is one embedded chunk of a note, as a vector index keeps it.
type VectorPoint struct {
	// ID is stable for (note, chunk ordinal, model): re-upserting it replaces it.
	ID     uuid.UUID
	NoteID uuid.UUID
	// Chunk is the ordinal of the chunk inside its note, from 0.
	Chunk  int
	Vector []float32
	// Payload used by the filters.
	Tags   []string
	Folder string
	Type   string
}

// VectorFilter narrows a vector search; zero values do not filter.
type VectorFilter struct {
	// Tags keeps points carrying every one of these tags.
	Tags []string
	// Folder keeps points whose folder is this one or inside it.
	Folder string
	// Type keeps points of notes of this type.
	Type string
	// ExcludeNote leaves out one note's points (related notes of a note).
	ExcludeNote uuid.UUID
}

// VectorHit is one point found, most similar first.
type VectorHit struct {
	ID     uuid.UUID
	NoteID uuid.UUID
	Chunk  int
	// Score is the cosine similarity to the query, in [-1, 1].
	Score float32
}

// VectorIndex keeps the vectors of one vault and one model and finds the
// nearest. Implementations (an in-process index and Qdrant) pass the same
// conformance suite (backend/vectortest). Methods are goroutine-safe.
type VectorIndex interface {
	// Upsert adds or replaces points by ID. Returns EINVALID for a vector
	// whose length is not the index's dimension, EUNAVAILABLE when the
	// server is down.
	Upsert(ctx context.Context, points []VectorPoint) error
	// DeleteNote removes every point of the notes. Deleting what is not
	// there is no error.
	DeleteNote(ctx context.Context, noteIDs ...uuid.UUID) error
	// Search returns up to limit points nearest to vector by cosine
	// similarity that pass the filter, most similar first, ties by ID.
	// Returns EINVALID for a wrong dimension or limit < 1, EUNAVAILABLE.
	Search(ctx context.Context, vector []float32, limit int, f VectorFilter) ([]VectorHit, error)
	// Count returns how many points the index holds.
	Count(ctx context.Context) (int, error)
}

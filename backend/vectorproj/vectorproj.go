// Package vectorproj keeps a vector index (Qdrant) in step with the chunk
// vectors PostgreSQL stores: it is the backend.ProjectionTarget that a
// projector feeds from the event log, as it feeds the graph.
//
// The indexer embeds notes into PostgreSQL and appends a
// backend.EventChunksEmbedded event naming them; note events name notes
// that changed, were trashed or deleted. For every note a pass touches,
// Apply reads the note's current vectors under the model and replaces the
// note's points in the index, so replays change nothing and the index
// converges to what a rebuild from PostgreSQL gives — after an outage of
// the index too, since the checkpoint only moves once a pass is applied.
package vectorproj

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Points reads the stored vectors of notes under a model (pgstore).
type Points interface {
	// NotePoints returns the vectors of the live notes among ids, by note,
	// with their payload; notes without vectors are missing.
	NotePoints(ctx context.Context, model string, ids []uuid.UUID) (map[uuid.UUID][]backend.VectorPoint, error)
}

// Resetter is a vector index that can be emptied for a rebuild.
type Resetter interface {
	Reset(ctx context.Context) error
}

// Target projects notes' vectors into an index.
type Target struct {
	points Points
	model  string
	index  backend.VectorIndex
}

var _ backend.ProjectionTarget = (*Target)(nil)

// New returns the target copying the vectors of model from points into index.
func New(points Points, model string, index backend.VectorIndex) *Target {
	return &Target{points: points, model: model, index: index}
}

// Apply replaces the points of these notes with their stored vectors. The
// note's old points go first, so a note cut into fewer chunks keeps none
// of its old ones; a search in between misses the note for a moment.
func (t *Target) Apply(ctx context.Context, notes []backend.NoteState) error {
	if len(notes) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(notes))
	for i, n := range notes {
		ids[i] = n.ID
	}
	byNote, err := t.points.NotePoints(ctx, t.model, ids)
	if err != nil {
		return err
	}
	var pts []backend.VectorPoint
	for _, id := range ids {
		pts = append(pts, byNote[id]...)
	}
	if err := t.index.DeleteNote(ctx, ids...); err != nil {
		return err
	}
	if len(pts) == 0 {
		return nil
	}
	return t.index.Upsert(ctx, pts)
}

// Delete removes the points of notes trashed or gone.
func (t *Target) Delete(ctx context.Context, ids []uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	return t.index.DeleteNote(ctx, ids...)
}

// Reset empties the index before a rebuild. Returns EINTERNAL for an index
// that cannot be emptied.
func (t *Target) Reset(ctx context.Context) error {
	r, ok := t.index.(Resetter)
	if !ok {
		return &backend.Error{Code: backend.EINTERNAL, Op: "vectorproj.Reset", Err: fmt.Errorf("the index %T cannot be reset", t.index)}
	}
	return r.Reset(ctx)
}

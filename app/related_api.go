package app

import (
	"context"

	"secondbrain/app/stack"
	"secondbrain/backend/hybrid"
)

// Related is a note related to the open one, with why.
type Related struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Path       string  `json:"path"`
	Similarity float64 `json:"similarity"`
	Why        string  `json:"why"`
}

// Related returns up to 10 notes near a note in meaning or through links,
// each with a short reason. Errors: invalid for a malformed id, not_found,
// unavailable while semantic search cannot run.
func (n *NotesAPI) Related(id string) ([]Related, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]hybrid.RelatedHit, error) {
		return s.Related.Find(ctx, id, 10)
	}, relatedOf)
}

// relatedOf converts related notes.
func relatedOf(hits []hybrid.RelatedHit) []Related {
	out := make([]Related, len(hits))
	for i, h := range hits {
		out[i] = Related{ID: h.ID.String(), Title: h.Title, Path: h.Path, Similarity: h.Similarity, Why: h.Why}
	}
	return out
}

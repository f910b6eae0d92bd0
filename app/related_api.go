package app

import (
	"context"

	"github.com/google/uuid"

	"secondbrain/app/stack"
	"secondbrain/backend"
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
// each with a short reason. Errors: not_found, unavailable while semantic
// search cannot run.
func (n *NotesAPI) Related(id string) ([]Related, error) {
	nid, err := uuid.Parse(id)
	if err != nil {
		return nil, backend.Errorf(backend.ENOTFOUND, "no note %q", id)
	}
	var out []Related
	err = n.app.call(func(ctx context.Context, s *stack.Stack) error {
		hs, ok := s.Search.(*hybrid.Searcher)
		if !ok {
			return backend.Errorf(backend.EUNAVAILABLE, "related notes need semantic search")
		}
		hits, err := hs.Related(ctx, s.Store, nid, 10)
		if err != nil {
			return err
		}
		out = make([]Related, len(hits))
		for i, h := range hits {
			out[i] = Related{ID: h.ID.String(), Title: h.Title, Path: h.Path, Similarity: h.Similarity, Why: h.Why}
		}
		return nil
	})
	return out, err
}

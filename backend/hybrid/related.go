package hybrid

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// LinkNeighbours finds the notes linked with a note (pgstore).
type LinkNeighbours interface {
	LinkNeighbours(ctx context.Context, id uuid.UUID, limit int) ([]backend.LinkNeighbour, error)
}

// RelatedHit is a note related to another, best first.
type RelatedHit struct {
	ID    uuid.UUID
	Title string
	Path  string
	// Score orders the hits: the similarity plus a bonus for links.
	Score float64
	// Similarity is the cosine similarity of the notes' mean vectors' best
	// chunk, 0 when the note was found by links only.
	Similarity float64
	LinksTo    bool
	LinkedFrom bool
	Shared     int
	// Why says in a few words why the note is related.
	Why string
}

// Link bonuses added to the similarity of related notes.
const (
	directLinkBonus = 0.15
	sharedLinkBonus = 0.05
)

// Related returns up to limit notes near the note in meaning (the nearest
// chunks to the mean of its chunks' vectors) or through links (linking to
// or from it, or to the same notes), with a short reason for each.
func (s *Searcher) Related(ctx context.Context, links LinkNeighbours, id uuid.UUID, limit int) ([]RelatedHit, error) {
	if limit <= 0 {
		limit = 10
	}
	if s.Ready != nil {
		if err := s.Ready(ctx); err != nil {
			return nil, err
		}
	}
	byNote := map[uuid.UUID]*RelatedHit{}
	vecs, err := s.Chunks.NoteVectors(ctx, s.Embed.Model(), id)
	if err != nil {
		return nil, err
	}
	if len(vecs) > 0 {
		mean := make([]float32, len(vecs[0]))
		for _, v := range vecs {
			for i, x := range v {
				mean[i] += x
			}
		}
		if !isZero(mean) {
			hits, err := s.Index.Search(ctx, mean, 4*limit+16, backend.VectorFilter{ExcludeNote: id})
			if err != nil {
				return nil, err
			}
			var chunkIDs []uuid.UUID
			for _, h := range hits {
				if _, ok := byNote[h.NoteID]; ok || len(byNote) == limit {
					continue
				}
				byNote[h.NoteID] = &RelatedHit{ID: h.NoteID, Similarity: float64(h.Score)}
				chunkIDs = append(chunkIDs, h.ID)
			}
			rows, err := s.Chunks.ChunkHits(ctx, chunkIDs)
			if err != nil {
				return nil, err
			}
			found := map[uuid.UUID]bool{}
			for _, r := range rows {
				if h := byNote[r.NoteID]; h != nil {
					h.Title, h.Path = r.Title, r.Path
					found[r.NoteID] = true
				}
			}
			for n := range byNote {
				if !found[n] {
					delete(byNote, n) // trashed since it was indexed
				}
			}
		}
	}
	if links != nil {
		ns, err := links.LinkNeighbours(ctx, id, limit)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			h := byNote[n.ID]
			if h == nil {
				h = &RelatedHit{ID: n.ID, Title: n.Title, Path: n.Path}
				byNote[n.ID] = h
			}
			h.LinksTo, h.LinkedFrom, h.Shared = n.LinksTo, n.LinkedFrom, n.Shared
		}
	}
	out := make([]RelatedHit, 0, len(byNote))
	for _, h := range byNote {
		h.Score = h.Similarity + float64(min(h.Shared, 3))*sharedLinkBonus
		var why []string
		if h.Similarity > 0 {
			why = append(why, fmt.Sprintf("meaning: %.2f similar", h.Similarity))
		}
		switch {
		case h.LinksTo && h.LinkedFrom:
			why = append(why, "linked both ways")
		case h.LinksTo:
			why = append(why, "this note links to it")
		case h.LinkedFrom:
			why = append(why, "it links to this note")
		}
		if h.LinksTo || h.LinkedFrom {
			h.Score += directLinkBonus
		}
		if h.Shared > 0 {
			why = append(why, fmt.Sprintf("%d shared link(s)", h.Shared))
		}
		h.Why = strings.Join(why, "; ")
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Title < out[j].Title
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

package hybrid

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/indexer"
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
	// Score orders the hits: the similarity plus bonuses for links,
	// shared link targets and shared tags.
	Score float64
	// Similarity is the cosine similarity of the notes' mean vectors' best
	// chunk, 0 when the note was found by links or tags only.
	Similarity float64
	LinksTo    bool
	LinkedFrom bool
	// Shared and SharedTags count the link targets and the tags both
	// notes have (targets and tags of many notes left out);
	// SharedLinkNames and SharedTagNames name a few.
	Shared          int
	SharedTags      int
	SharedLinkNames []string
	SharedTagNames  []string
	// Why says in a few words why the note is related.
	Why string
}

// Bonuses added to the similarity of related notes: for a direct link and
// per shared link target or tag (at most maxShared of them); and what a
// daily note loses when related to a note that is not one: a journal page
// touches many topics in a few words each, so its links and its meaning
// are weak evidence (on the garden corpus they filled a third of the top
// five of topical notes).
const (
	directLinkBonus = 0.15
	sharedBonus     = 0.05
	maxShared       = 4
	dailyPenalty    = 0.2
)

// Related returns up to limit notes related to the note, ranked by
// meaning (the nearest chunks to the mean of its chunks' vectors), links
// (to or from it) and shared neighbours (link targets and tags both have)
// together, with a short reason for each.
func (s *Searcher) Related(ctx context.Context, links LinkNeighbours, id uuid.UUID, limit int) ([]RelatedHit, error) {
	if limit <= 0 {
		limit = 10
	}
	if s.Ready != nil {
		if err := s.Ready(ctx); err != nil {
			return nil, err
		}
	}
	// More candidates than shown on each side: links and meaning rank
	// them together.
	pool := 3*limit + 8
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
			hits, err := s.Index.Search(ctx, mean, 4*pool+16, backend.VectorFilter{ExcludeNote: id})
			if err != nil {
				return nil, err
			}
			var chunkIDs []uuid.UUID
			for _, h := range hits {
				if _, ok := byNote[h.NoteID]; ok || len(byNote) == pool {
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
		ns, err := links.LinkNeighbours(ctx, id, pool)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			h := byNote[n.ID]
			if h == nil {
				h = &RelatedHit{ID: n.ID, Title: n.Title, Path: n.Path}
				byNote[n.ID] = h
			}
			h.LinksTo, h.LinkedFrom = n.LinksTo, n.LinkedFrom
			h.Shared, h.SharedTags, h.SharedLinkNames, h.SharedTagNames = n.Shared, n.SharedTags, n.SharedLinkNames, n.SharedTagNames
		}
	}
	self := ""
	if rows, err := s.Chunks.ChunkHits(ctx, []uuid.UUID{indexer.PointID(id, s.Embed.Model(), 0)}); err == nil && len(rows) > 0 {
		self = rows[0].Title
	}
	out := make([]RelatedHit, 0, len(byNote))
	for _, h := range byNote {
		if h.Similarity <= 0 && !h.LinksTo && !h.LinkedFrom && h.Shared+h.SharedTags == 0 {
			continue // nothing in common
		}
		h.Score = h.Similarity + float64(min(h.Shared+h.SharedTags, maxShared))*sharedBonus
		if h.LinksTo || h.LinkedFrom {
			h.Score += directLinkBonus
		}
		if IsDailyTitle(h.Title) && self != "" && !IsDailyTitle(self) {
			h.Score -= dailyPenalty
		}
		h.Why = relatedWhy(h)
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

// relatedWhy says why h is related: its links, the targets and tags both
// notes share, and its similarity.
func relatedWhy(h *RelatedHit) string {
	var why []string
	switch {
	case h.LinksTo && h.LinkedFrom:
		why = append(why, "linked both ways")
	case h.LinksTo:
		why = append(why, "this note links to it")
	case h.LinkedFrom:
		why = append(why, "it links to this note")
	}
	if h.Shared > 0 {
		why = append(why, "both link to "+names(h.SharedLinkNames, h.Shared, ""))
	}
	if h.SharedTags > 0 {
		why = append(why, "both tagged "+names(h.SharedTagNames, h.SharedTags, "#"))
	}
	if h.Similarity > 0 {
		why = append(why, fmt.Sprintf("meaning: %.2f similar", h.Similarity))
	}
	return strings.Join(why, "; ")
}

// names lists a few names (each with prefix) and how many more there are.
func names(list []string, n int, prefix string) string {
	if len(list) == 0 {
		return fmt.Sprintf("%d of the same notes", n)
	}
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = prefix + s
	}
	out := strings.Join(parts, ", ")
	if n > len(list) {
		out += fmt.Sprintf(" and %d more", n-len(list))
	}
	return out
}

// dailyTitle matches the title of a daily note: a year-month-day date
// ("2024-05-01", Logseq's "2024_05_01", "2024.05.01"), with an optional
// weekday or word after it ("2024-05-01 Wednesday").
var dailyTitle = regexp.MustCompile(`^\d{4}[-_.]\d{2}[-_.]\d{2}(?:\s+\p{L}+)?$`)

// IsDailyTitle reports whether a note title is that of a daily note.
func IsDailyTitle(title string) bool { return dailyTitle.MatchString(strings.TrimSpace(title)) }

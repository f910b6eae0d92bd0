package hybrid

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/indexer"
)

// noteChunks is chunkTitles that also holds the vectors of one note.
type noteChunks struct {
	chunkTitles
}

func (noteChunks) NoteVectors(context.Context, string, uuid.UUID) ([][]float32, error) {
	return [][]float32{{1, 0}}, nil
}

type fixedNeighbours []backend.LinkNeighbour

func (f fixedNeighbours) LinkNeighbours(context.Context, uuid.UUID, int) ([]backend.LinkNeighbour, error) {
	return f, nil
}

// TestRelatedRanksMeaningLinksAndNeighbours: a note linking here beats a
// slightly closer one found by meaning alone, a daily note found by meaning
// drops below both for a note that is not a daily note, a note sharing
// only a tag still comes, one with nothing in common does not, and each
// says why.
func TestRelatedRanksMeaningLinksAndNeighbours(t *testing.T) {
	self, daily, sourdough, flour, oven, unrelated := uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New()
	titles := map[uuid.UUID]string{daily: "2024-05-01", sourdough: "Sourdough", flour: "Flour", oven: "Oven", unrelated: "Taxes",
		indexer.PointID(self, "unit", 0): "Bread"}
	s := &Searcher{Embed: unitEmbedder{}, Chunks: noteChunks{chunkTitles{titles: titles}},
		Index: rankedIndex{hits: []backend.VectorHit{
			{ID: daily, NoteID: daily, Score: 0.9}, {ID: sourdough, NoteID: sourdough, Score: 0.8}, {ID: flour, NoteID: flour, Score: 0.7},
			{ID: unrelated, NoteID: unrelated, Score: -0.01}}}}
	links := fixedNeighbours{
		{ID: flour, Title: "Flour", LinkedFrom: true},
		{ID: oven, Title: "Oven", SharedTags: 1, SharedTagNames: []string{"baking"}},
	}
	hits, err := s.Related(context.Background(), links, self, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.Title)
	}
	if strings.Join(got, ", ") != "Flour, Sourdough, 2024-05-01, Oven" {
		t.Fatalf("related = %v; want Flour, Sourdough, 2024-05-01, Oven", got)
	}
	for i, want := range []string{"it links to this note; meaning: 0.70 similar", "meaning: 0.80 similar", "meaning: 0.90 similar", "both tagged #baking"} {
		if hits[i].Why != want {
			t.Errorf("%s: why = %q; want %q", hits[i].Title, hits[i].Why, want)
		}
	}
}

func TestIsDailyTitle(t *testing.T) {
	for title, want := range map[string]bool{"2024-05-01": true, "2022_02_26": true, "2024-05-01 Wednesday": true,
		"2024-05-01 standup notes": false, "Bread": false, "2024": false} {
		if got := IsDailyTitle(title); got != want {
			t.Errorf("IsDailyTitle(%q) = %v; want %v", title, got, want)
		}
	}
}

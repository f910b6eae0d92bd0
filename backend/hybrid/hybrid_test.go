package hybrid

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

type fakeLexical []backend.SearchHit

func (f fakeLexical) Search(ctx context.Context, q backend.SearchQuery) ([]backend.SearchHit, error) {
	if q.Mode != backend.SearchLexical {
		return nil, backend.Errorf(backend.EINVALID, "mode %s", q.Mode)
	}
	return f, nil
}

type downEmbedder struct{}

func (downEmbedder) Model() string { return "down" }
func (downEmbedder) Dim() int      { return 3 }
func (downEmbedder) Embed(context.Context, []string) ([][]float32, error) {
	return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint does not answer")
}

// TestHybridFallsBackToLexical checks that a hybrid search whose embedder is
// down returns the lexical hits and says why, as does a semantic search,
// while a strict search fails.
func TestHybridFallsBackToLexical(t *testing.T) {
	lex := fakeLexical{{ID: uuid.New(), Title: "a", Why: "title: a"}, {ID: uuid.New(), Title: "b"}}
	s := &Searcher{Lexical: lex, Embed: downEmbedder{}, Index: nil}
	s.Index = nilIndex{}
	hits, err := s.Search(context.Background(), backend.SearchQuery{Text: "a", Mode: backend.SearchHybrid, Limit: 1})
	if err != nil || len(hits) != 1 || hits[0].Title != "a" || !strings.Contains(hits[0].Why, "lexical only") {
		t.Fatalf("hybrid with the embedder down = %+v, %v", hits, err)
	}
	hits, err = s.Search(context.Background(), backend.SearchQuery{Text: "a", Mode: backend.SearchSemantic})
	if err != nil || len(hits) != 2 || !strings.Contains(hits[1].Why, "lexical only: the embedding endpoint does not answer") {
		t.Fatalf("semantic with the embedder down = %+v, %v; want the lexical hits, saying why", hits, err)
	}
	for _, mode := range []backend.SearchMode{backend.SearchSemantic, backend.SearchHybrid} {
		if _, err := s.Search(context.Background(), backend.SearchQuery{Text: "a", Mode: mode, Strict: true}); backend.ErrorCode(err) != backend.EUNAVAILABLE {
			t.Errorf("strict %s with the embedder down: %v; want EUNAVAILABLE", mode, err)
		}
	}
	if _, err := s.Search(context.Background(), backend.SearchQuery{Text: "a", Mode: "fuzzy"}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("unknown mode: %v; want EINVALID", err)
	}
}

type nilIndex struct{ backend.VectorIndex }

func TestFusionWeights(t *testing.T) {
	hits := []backend.SearchHit{{Score: 3}, {Score: 2}, {Score: 1}}
	if got := minMax(hits, 0.5); got[0] != 0.5 || got[1] != 0.25 || got[2] != 0 {
		t.Errorf("minMax = %v", got)
	}
	if got := rrfWeights(hits, 1, 2); got[0] != 1 || got[2] != 0.5 {
		t.Errorf("rrfWeights = %v", got)
	}
}

func TestMarkEscapes(t *testing.T) {
	if got := mark("Bread <b> and bread-making", []string{"bread"}); got != "<mark>Bread</mark> &lt;b&gt; and <mark>bread</mark>-making" {
		t.Errorf("mark = %q", got)
	}
}

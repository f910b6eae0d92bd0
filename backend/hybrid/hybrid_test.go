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

// TestMarkSkipsStopWords checks that a meaning snippet marks the words
// that carry the query, not "the", "of" or "is".
func TestMarkSkipsStopWords(t *testing.T) {
	got := mark("The history of the city is long", []string{"the", "history", "of", "the", "city", "is"})
	if want := "The <mark>history</mark> of the <mark>city</mark> is long"; got != want {
		t.Errorf("mark = %q; want %q", got, want)
	}
}

// unitEmbedder embeds every text as the same unit vector.
type unitEmbedder struct{}

func (unitEmbedder) Model() string { return "unit" }
func (unitEmbedder) Dim() int      { return 2 }
func (unitEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = []float32{1, 0}
	}
	return out, nil
}

// rankedIndex answers every search with its hits, one chunk per note.
type rankedIndex struct {
	backend.VectorIndex
	hits []backend.VectorHit
}

func (x rankedIndex) Search(context.Context, []float32, int, backend.VectorFilter) ([]backend.VectorHit, error) {
	return x.hits, nil
}

// chunkTitles serves the chunks of rankedIndex, chunk id = note id.
type chunkTitles struct {
	backend.ChunkStore
	titles map[uuid.UUID]string
}

func (c chunkTitles) ChunkHits(_ context.Context, ids []uuid.UUID) ([]backend.ChunkHit, error) {
	var out []backend.ChunkHit
	for _, id := range ids {
		out = append(out, backend.ChunkHit{Chunk: backend.Chunk{ID: id, NoteID: id, Text: c.titles[id]}, Title: c.titles[id]})
	}
	return out, nil
}

// TestHybridKeepsTitleFirst: the note whose title is the query (first by
// words, in the title tier) stays first after fusion, even when a long,
// much-linked note comes second by words and first by meaning, which
// reciprocal rank fusion alone would put ahead of it.
func TestHybridKeepsTitleFirst(t *testing.T) {
	long := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	short := uuid.MustParse("ffffffff-0000-0000-0000-000000000002")
	other := uuid.MustParse("00000000-0000-0000-0000-000000000003")
	lower := uuid.MustParse("00000000-0000-0000-0000-000000000004")
	lex := fakeLexical{
		{ID: short, Title: "Flancia", Score: 13, Tier: backend.TierExact, Why: "title is the query"},
		{ID: lower, Title: "flancia", Score: 12, Tier: backend.TierExact, Why: "title is the query"},
		{ID: long, Title: "Journal of Flancia", Score: 11},
	}
	titles := map[uuid.UUID]string{long: "Journal of Flancia", short: "Flancia", other: "Other", lower: "flancia"}
	for _, fu := range []Fusion{DefaultFusion, {K: 2, Lexical: 1, Semantic: 1, Depth: 50}, {Alpha: 0.3, K: 1, Depth: 50}} {
		s := &Searcher{Lexical: lex, Embed: unitEmbedder{}, Chunks: chunkTitles{titles: titles}, Fusion: fu,
			Index: rankedIndex{hits: []backend.VectorHit{{ID: long, NoteID: long, Score: 0.9}, {ID: lower, NoteID: lower, Score: 0.85}, {ID: other, NoteID: other, Score: 0.8}}}}
		hits, err := s.Search(context.Background(), backend.SearchQuery{Text: "flancia", Mode: backend.SearchHybrid, Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 4 || hits[0].ID != short || hits[1].ID != lower || hits[2].ID != long {
			var got []string
			for _, h := range hits {
				got = append(got, h.Title)
			}
			t.Errorf("fusion %+v: got %v; want Flancia, flancia (the tier's order), then Journal of Flancia", fu, got)
			continue
		}
		if hits[0].Tier != backend.TierExact || !strings.Contains(hits[0].Why, "title is the query") {
			t.Errorf("fusion %+v: first hit %+v lost its tier or why", fu, hits[0])
		}
	}
}

// TestEmptyTextBrowsesByWords: a semantic or hybrid search without words
// (a tag's notes) is answered by the lexical side, which lists them.
func TestEmptyTextBrowsesByWords(t *testing.T) {
	lex := fakeLexical{{ID: uuid.New(), Title: "tagged"}}
	s := &Searcher{Lexical: lex, Embed: downEmbedder{}, Index: nilIndex{}}
	for _, mode := range []backend.SearchMode{backend.SearchSemantic, backend.SearchHybrid} {
		hits, err := s.Search(context.Background(), backend.SearchQuery{Mode: mode, Tags: []string{"t"}, Strict: true})
		if err != nil || len(hits) != 1 || hits[0].Title != "tagged" {
			t.Errorf("%s without words = %+v, %v; want the lexical listing", mode, hits, err)
		}
	}
}

func TestSnippetIsPlainText(t *testing.T) {
	c := backend.ChunkHit{Title: "Engine", Chunk: backend.Chunk{Text: "Engine\nDesigned by [[Charles Babbage]] with [[Ada Lovelace|Ada]] ([plans](https://example.org/p)).[^1]\n\n[^1]: Menabrea\n"}}
	got := snippet(c, []string{"babbage"})
	want := "Designed by Charles <mark>Babbage</mark> with Ada (plans). Menabrea"
	if got != want {
		t.Errorf("snippet = %q; want %q", got, want)
	}
}

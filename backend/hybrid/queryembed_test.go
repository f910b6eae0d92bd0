package hybrid

import (
	"context"
	"errors"
	"testing"

	"secondbrain/backend"
)

// queryEmbedder embeds notes and queries differently, as e5 does: Embed
// gives (1, 0), EmbedQuery (0, 1).
type queryEmbedder struct{}

func (queryEmbedder) Model() string { return "query-embedder" }
func (queryEmbedder) Dim() int      { return 2 }
func (queryEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	return vectorsOf(texts, []float32{1, 0}), nil
}
func (queryEmbedder) EmbedQuery(_ context.Context, texts []string) ([][]float32, error) {
	return vectorsOf(texts, []float32{0, 1}), nil
}

func vectorsOf(texts []string, v []float32) [][]float32 {
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = v
	}
	return out
}

// recordingIndex keeps the vector a search was asked with.
type recordingIndex struct {
	backend.VectorIndex
	got []float32
}

func (r *recordingIndex) Search(_ context.Context, v []float32, _ int, _ backend.VectorFilter) ([]backend.VectorHit, error) {
	r.got = v
	return nil, nil
}

// TestSemanticEmbedsTheQueryAsAQuery checks that a semantic search embeds
// its text with EmbedQuery when the model tells queries from notes.
func TestSemanticEmbedsTheQueryAsAQuery(t *testing.T) {
	ix := &recordingIndex{}
	s := &Searcher{Embed: queryEmbedder{}, Index: ix, Chunks: chunkTitles{}}
	if _, err := s.Search(context.Background(), backend.SearchQuery{Text: "protein", Mode: backend.SearchSemantic}); err != nil {
		t.Fatal(err)
	}
	if len(ix.got) != 2 || ix.got[0] != 0 || ix.got[1] != 1 {
		t.Errorf("the index was searched with %v; want the query vector (0, 1)", ix.got)
	}
}

// plainEmbedder has no EmbedQuery.
type plainEmbedder struct{ err error }

func (plainEmbedder) Model() string { return "plain" }
func (plainEmbedder) Dim() int      { return 2 }
func (p plainEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	return vectorsOf(texts, []float32{1, 0}), p.err
}

// TestEmbedQueriesFallsBackToEmbed checks backend.EmbedQueries on a model
// that embeds queries as it embeds notes.
func TestEmbedQueriesFallsBackToEmbed(t *testing.T) {
	v, err := backend.EmbedQueries(context.Background(), plainEmbedder{}, []string{"a", "b"})
	if err != nil || len(v) != 2 || v[0][0] != 1 {
		t.Errorf("EmbedQueries = %v, %v; want Embed's vectors", v, err)
	}
	v, err = backend.EmbedQueries(context.Background(), queryEmbedder{}, []string{"a"})
	if err != nil || len(v) != 1 || v[0][1] != 1 {
		t.Errorf("EmbedQueries = %v, %v; want EmbedQuery's vectors", v, err)
	}
	boom := errors.New("down")
	if _, err := backend.EmbedQueries(context.Background(), plainEmbedder{err: boom}, []string{"a"}); !errors.Is(err, boom) {
		t.Errorf("EmbedQueries error = %v; want Embed's", err)
	}
}

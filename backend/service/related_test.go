package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/hybrid"
	"secondbrain/backend/service"
)

// oneNoteGraph answers Neighbors with the start note alone; the rest of
// backend.Graph is not called.
type oneNoteGraph struct {
	backend.Graph
	g *backend.Subgraph
}

func (o oneNoteGraph) Neighbors(_ context.Context, id string, _ backend.NeighborOptions) (*backend.Subgraph, error) {
	return o.g, nil
}

func TestRelatedErrors(t *testing.T) {
	ctx := context.Background()
	called := false
	r := service.NewRelated(nil, func(context.Context, uuid.UUID, int) ([]hybrid.RelatedHit, error) {
		called = true
		return nil, nil
	})
	if _, err := r.Find(ctx, "nope", 10); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("Find of a malformed id: got %v; want invalid", err)
	}
	if called {
		t.Error("Find of a malformed id searched")
	}
	none := service.NewRelated(nil, nil)
	if none.Available() {
		t.Error("Available() without semantic search = true")
	}
	if _, err := none.Find(ctx, uuid.NewString(), 10); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Errorf("Find without semantic search: got %v; want unavailable", err)
	}
}

func TestRelatedLocalAddsSimilar(t *testing.T) {
	ctx := context.Background()
	centre := uuid.New()
	near, far := uuid.New(), uuid.New()
	stored := &backend.Subgraph{Nodes: make([]backend.GraphNode, 1, 4)}
	stored.Nodes[0] = backend.GraphNode{ID: centre.String(), Title: "centre", Labels: []string{backend.LabelNote}}
	r := service.NewRelated(oneNoteGraph{g: stored}, func(_ context.Context, id uuid.UUID, _ int) ([]hybrid.RelatedHit, error) {
		if id != centre {
			t.Errorf("related of %s; want %s", id, centre)
		}
		return []hybrid.RelatedHit{{ID: near, Title: "near", Similarity: 0.9}, {ID: far, Title: "far", Similarity: 0.2}}, nil
	})
	tests := []struct {
		name      string
		relTypes  []string
		wantNodes int
	}{
		{"every type", nil, 2},
		{"similar only", []string{service.RelSimilar}, 2},
		{"stored types only", []string{"LINKS_TO"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := r.Local(ctx, centre.String(), 1, tc.relTypes)
			if err != nil {
				t.Fatal(err)
			}
			if len(g.Nodes) != tc.wantNodes {
				t.Fatalf("got %d nodes %+v; want %d", len(g.Nodes), g.Nodes, tc.wantNodes)
			}
			if tc.wantNodes == 1 {
				return
			}
			if g.Nodes[1].ID != near.String() || !slices.Equal(g.Nodes[1].Labels, []string{backend.LabelNote}) {
				t.Errorf("similar node = %+v; want near, a note", g.Nodes[1])
			}
			want := []backend.GraphEdge{{Source: centre.String(), Target: near.String(), Type: service.RelSimilar, Count: 1}}
			if !slices.Equal(g.Edges, want) {
				t.Errorf("edges = %+v; want %+v", g.Edges, want)
			}
		})
	}
	if len(stored.Nodes) != 1 || stored.Nodes[:2][1].ID != "" {
		t.Errorf("Local changed the graph's own subgraph: %+v", stored.Nodes[:2])
	}
}

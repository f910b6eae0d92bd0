package service

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/hybrid"
)

// RelSimilar is the type of the edges from a note to its semantic
// neighbours in the local graph view (not a stored relation).
const RelSimilar = "SIMILAR"

// Semantic neighbours drawn in the local graph: at most this many, at
// least this similar.
const (
	similarEdges = 6
	similarMin   = 0.5
)

// RelatedFunc finds up to limit notes near a note in meaning or through
// links, best first (hybrid.Searcher.Related over the store's links).
type RelatedFunc func(ctx context.Context, id uuid.UUID, limit int) ([]hybrid.RelatedHit, error)

// Related is the "related notes" use case: the notes near a note in
// meaning or through links, and the local graph with SIMILAR edges to
// them. It is safe for concurrent use.
type Related struct {
	graph backend.Graph
	find  RelatedFunc
}

// NewRelated returns the use case over a graph; find is nil when semantic
// search is not set up.
func NewRelated(g backend.Graph, find RelatedFunc) *Related {
	return &Related{graph: g, find: find}
}

// Available reports whether related notes can be found: semantic search
// is set up.
func (r *Related) Available() bool { return r.find != nil }

// Find returns up to limit notes related to the note id, each with a short
// reason. Returns EINVALID for a malformed id, ENOTFOUND, EUNAVAILABLE
// while semantic search cannot run.
func (r *Related) Find(ctx context.Context, id string, limit int) ([]hybrid.RelatedHit, error) {
	nid, err := uuid.Parse(id)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "%q is not a note id", id)
	}
	return r.FindID(ctx, nid, limit)
}

// FindID is Find for a parsed id.
func (r *Related) FindID(ctx context.Context, id uuid.UUID, limit int) ([]hybrid.RelatedHit, error) {
	if r.find == nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "related notes need semantic search")
	}
	return r.find(ctx, id, limit)
}

// Local returns the neighbourhood of a note to depth for the local graph
// view, with RelSimilar edges to the notes nearest in meaning (unless
// relTypes leaves them out; none while semantic search is unavailable).
// Returns ENOTFOUND, EINVALID.
func (r *Related) Local(ctx context.Context, id string, depth int, relTypes []string) (*backend.Subgraph, error) {
	stored := relTypes
	if slices.Contains(relTypes, RelSimilar) {
		stored = slices.DeleteFunc(slices.Clone(relTypes), func(t string) bool { return t == RelSimilar })
	}
	var g *backend.Subgraph
	if len(relTypes) > 0 && len(stored) == 0 {
		centre, err := r.graph.Neighbors(ctx, id, backend.NeighborOptions{Depth: 1, Limit: 1})
		if err != nil {
			return nil, err
		}
		g = &backend.Subgraph{Nodes: centre.Nodes[:min(1, len(centre.Nodes))]}
	} else {
		var err error
		if g, err = r.graph.Neighbors(ctx, id, backend.NeighborOptions{Depth: depth, RelTypes: stored, Limit: 2000}); err != nil {
			return nil, err
		}
	}
	if len(relTypes) == 0 || slices.Contains(relTypes, RelSimilar) {
		g = r.addSimilar(ctx, id, g)
	}
	return g, nil
}

// addSimilar returns g with the note's semantic neighbours and SIMILAR
// edges to them added (a copy: g may be shared with a cache). Semantic
// search being unavailable leaves the graph as it is.
func (r *Related) addSimilar(ctx context.Context, id string, g *backend.Subgraph) *backend.Subgraph {
	nid, err := uuid.Parse(id)
	if r.find == nil || err != nil {
		return g
	}
	hits, err := r.find(ctx, nid, 3*similarEdges)
	if err != nil {
		return g
	}
	out := &backend.Subgraph{Nodes: slices.Clip(g.Nodes), Edges: slices.Clip(g.Edges), Truncated: g.Truncated}
	have := map[string]bool{}
	for _, n := range out.Nodes {
		have[n.ID] = true
	}
	added := 0
	for _, h := range hits {
		if h.Similarity < similarMin || added == similarEdges {
			continue
		}
		other := h.ID.String()
		if !have[other] {
			out.Nodes = append(out.Nodes, backend.GraphNode{ID: other, Title: h.Title, Labels: []string{backend.LabelNote}})
			have[other] = true
		}
		out.Edges = append(out.Edges, backend.GraphEdge{Source: id, Target: other, Type: RelSimilar, Count: 1})
		added++
	}
	return out
}

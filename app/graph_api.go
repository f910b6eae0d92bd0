package app

import (
	"context"
	"slices"
	"sort"

	"github.com/google/uuid"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/community"
	"secondbrain/backend/hybrid"
)

// GraphAPI is bound to the frontend: the local and global graph views.
type GraphAPI struct {
	app *App
}

// RelSimilar is the type of the edges from a note to its semantic
// neighbours in the local graph view (not a stored relation).
const RelSimilar = "SIMILAR"

// Semantic neighbours drawn in the local graph: at most this many, at
// least this similar.
const (
	similarEdges = 6
	similarMin   = 0.5
)

// Local returns the neighbourhood of a note to depth (1..5) for the local
// graph view, with SIMILAR edges to the notes nearest in meaning (unless
// relTypes leaves them out; none while semantic search is unavailable).
// Errors: not_found, invalid.
func (ga *GraphAPI) Local(id string, depth int, relTypes []string) (dto.Subgraph, error) {
	var out dto.Subgraph
	err := ga.app.call(func(ctx context.Context, s *stack.Stack) error {
		stored := relTypes
		if slices.Contains(relTypes, RelSimilar) {
			stored = slices.DeleteFunc(slices.Clone(relTypes), func(t string) bool { return t == RelSimilar })
		}
		var g *backend.Subgraph
		if len(relTypes) > 0 && len(stored) == 0 {
			centre, err := s.Graph.Neighbors(ctx, id, backend.NeighborOptions{Depth: 1, Limit: 1})
			if err != nil {
				return err
			}
			g = &backend.Subgraph{Nodes: centre.Nodes[:min(1, len(centre.Nodes))]}
		} else {
			var err error
			if g, err = s.Graph.Neighbors(ctx, id, backend.NeighborOptions{Depth: depth, RelTypes: stored, Limit: 2000}); err != nil {
				return err
			}
		}
		out = dto.FromSubgraph(g, nil)
		if len(relTypes) == 0 || slices.Contains(relTypes, RelSimilar) {
			addSimilar(ctx, s, id, &out)
		}
		return nil
	})
	return out, err
}

// addSimilar adds the note's semantic neighbours and SIMILAR edges to
// them. Semantic search being unavailable leaves the graph as it is.
func addSimilar(ctx context.Context, s *stack.Stack, id string, g *dto.Subgraph) {
	hs, ok := s.Search.(*hybrid.Searcher)
	nid, err := uuid.Parse(id)
	if !ok || err != nil {
		return
	}
	hits, err := hs.Related(ctx, s.Store, nid, 3*similarEdges)
	if err != nil {
		return
	}
	have := map[string]bool{}
	for _, n := range g.Nodes {
		have[n.ID] = true
	}
	added := 0
	for _, h := range hits {
		if h.Similarity < similarMin || added == similarEdges {
			continue
		}
		other := h.ID.String()
		if !have[other] {
			g.Nodes = append(g.Nodes, dto.GraphNode{ID: other, Title: h.Title, Labels: []string{backend.LabelNote}})
			have[other] = true
		}
		g.Edges = append(g.Edges, dto.GraphEdge{Source: id, Target: other, Type: RelSimilar, Count: 1})
		added++
	}
}

// Global returns the global graph view: every node up to maxNodes (the
// most connected beyond that; at most 50,000), with each note's cluster.
func (ga *GraphAPI) Global(maxNodes int) (dto.Subgraph, error) {
	if maxNodes <= 0 || maxNodes > 50000 {
		maxNodes = 5000
	}
	var out dto.Subgraph
	err := ga.app.call(func(ctx context.Context, s *stack.Stack) error {
		g, err := s.Graph.Overview(ctx, maxNodes)
		if err != nil {
			return err
		}
		out = dto.FromSubgraph(g, clustersOf(g))
		return nil
	})
	return out, err
}

// Path returns the titles of a shortest path between two notes, empty when
// none within 6 hops. Errors: not_found.
func (ga *GraphAPI) Path(fromID, toID string) ([]dto.GraphNode, error) {
	var out []dto.GraphNode
	err := ga.app.call(func(ctx context.Context, s *stack.Stack) error {
		ns, err := s.Graph.ShortestPath(ctx, fromID, toID, 6)
		if err != nil {
			return err
		}
		out = dto.FromSubgraph(&backend.Subgraph{Nodes: ns}, nil).Nodes
		return nil
	})
	return out, err
}

// clustersOf finds the communities of the notes drawn in g (by the same
// label propagation as Graph.Clusters, over the drawn note-to-note edges,
// notes keyed by title: the drawing has no paths) and numbers them by size
// from 1; notes alone in theirs get 0.
func clustersOf(g *backend.Subgraph) map[string]int {
	var nodes []community.Node
	isNote := map[string]bool{}
	for _, n := range g.Nodes {
		for _, l := range n.Labels {
			if l == backend.LabelNote {
				nodes = append(nodes, community.Node{ID: n.ID, Key: n.Title})
				isNote[n.ID] = true
				break
			}
		}
	}
	var edges []community.Edge
	for _, e := range g.Edges {
		if isNote[e.Source] && isNote[e.Target] && e.Source != e.Target {
			edges = append(edges, community.Edge{A: e.Source, B: e.Target, Weight: float64(e.Count)})
		}
	}
	comm := community.Detect(nodes, edges)
	size := map[int]int{}
	for _, c := range comm {
		size[c]++
	}
	var order []int
	for c, n := range size {
		if n > 1 {
			order = append(order, c)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if size[order[i]] != size[order[j]] {
			return size[order[i]] > size[order[j]]
		}
		return order[i] < order[j]
	})
	rank := map[int]int{}
	for i, c := range order {
		rank[c] = i + 1
	}
	out := make(map[string]int, len(nodes))
	for i, n := range nodes {
		if r := rank[comm[i]]; r > 0 {
			out[n.ID] = r
		}
	}
	return out
}

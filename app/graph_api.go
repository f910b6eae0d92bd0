package app

import (
	"context"
	"sort"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/community"
	"secondbrain/backend/service"
)

// GraphAPI is bound to the frontend: the local and global graph views.
type GraphAPI struct {
	app *App
}

// RelSimilar is the type of the edges from a note to its semantic
// neighbours in the local graph view (not a stored relation).
const RelSimilar = service.RelSimilar

// Local returns the neighbourhood of a note to depth (1..5) for the local
// graph view, with SIMILAR edges to the notes nearest in meaning (unless
// relTypes leaves them out; none while semantic search is unavailable).
// Errors: not_found, invalid.
func (ga *GraphAPI) Local(id string, depth int, relTypes []string) (dto.Subgraph, error) {
	return callTo(ga.app, func(ctx context.Context, s *stack.Stack) (*backend.Subgraph, error) {
		return s.Related.Local(ctx, id, depth, relTypes)
	}, func(g *backend.Subgraph) dto.Subgraph { return dto.FromSubgraph(g, nil) })
}

// Global returns the global graph view: every node up to maxNodes (the
// most connected beyond that; at most 50,000), with each note's cluster.
func (ga *GraphAPI) Global(maxNodes int) (dto.Subgraph, error) {
	if maxNodes <= 0 || maxNodes > 50000 {
		maxNodes = 5000
	}
	return callTo(ga.app, func(ctx context.Context, s *stack.Stack) (*backend.Subgraph, error) {
		return s.Graph.Overview(ctx, maxNodes)
	}, func(g *backend.Subgraph) dto.Subgraph { return dto.FromSubgraph(g, clustersOf(g)) })
}

// Path returns the titles of a shortest path between two notes, empty when
// none within 6 hops. Errors: not_found.
func (ga *GraphAPI) Path(fromID, toID string) ([]dto.GraphNode, error) {
	return callTo(ga.app, func(ctx context.Context, s *stack.Stack) ([]backend.GraphNode, error) {
		return s.Graph.ShortestPath(ctx, fromID, toID, 6)
	}, func(ns []backend.GraphNode) []dto.GraphNode {
		return dto.FromSubgraph(&backend.Subgraph{Nodes: ns}, nil).Nodes
	})
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

// Package graphview holds what both backend.Graph implementations (sqlgraph
// and neo4jgraph) compute the same way in Go, so that their answers agree:
// the bounds and orderings backend.Graph documents, and the global views
// (Clusters, Overview, Stats) over the whole graph loaded in memory (World).
// The adapters read the data; graphview shapes the result.
package graphview

import (
	"fmt"
	"slices"
	"strings"

	"secondbrain/backend"
	"secondbrain/backend/community"
)

// Limits of walks and views, as backend.Graph documents them.
const (
	// MaxDepth is the deepest neighbourhood.
	MaxDepth = 5
	// DefaultLimit is the node cap of a neighbourhood when none is given.
	DefaultLimit = 500
	// MaxLimit is the largest node cap of a neighbourhood.
	MaxLimit = 10_000
	// MaxPathDepth is the longest path searched.
	MaxPathDepth = 10
	// DefaultOverview is the node cap of Overview when none is given.
	DefaultOverview = 1000
	// WalkCap stops a neighbourhood walk that reaches more nodes.
	WalkCap = 20_000
	// ClusterMembers is how many members a Cluster lists.
	ClusterMembers = 20
)

// Node id prefixes: a node id is a note's UUID, TagPrefix+name or
// PlaceholderPrefix+target key.
const (
	TagPrefix         = "tag:"
	PlaceholderPrefix = "placeholder:"
)

// IsNote reports whether a node id names a note (not a tag or placeholder).
func IsNote(id string) bool {
	return !strings.HasPrefix(id, TagPrefix) && !strings.HasPrefix(id, PlaceholderPrefix)
}

// NeighborLimit checks the depth and limit of a neighbourhood and returns
// the node cap to apply: opts.Limit, DefaultLimit when 0, at most MaxLimit.
// Returns EINVALID for a depth outside 1..MaxDepth or a negative limit.
func NeighborLimit(op string, opts backend.NeighborOptions) (int, error) {
	if opts.Depth < 1 || opts.Depth > MaxDepth {
		return 0, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the depth must be between 1 and %d", MaxDepth)}
	}
	if opts.Limit < 0 {
		return 0, &backend.Error{Code: backend.EINVALID, Op: op, Message: "the limit must not be negative"}
	}
	limit := opts.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	return min(limit, MaxLimit), nil
}

// CheckPathDepth returns EINVALID for a path depth outside 1..MaxPathDepth.
func CheckPathDepth(op string, depth int) error {
	if depth < 1 || depth > MaxPathDepth {
		return &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the path depth must be between 1 and %d", MaxPathDepth)}
	}
	return nil
}

// CheckLimit returns EINVALID for a limit below 1 (Orphans, Hubs, Clusters).
func CheckLimit(op string, limit int) error {
	if limit < 1 {
		return &backend.Error{Code: backend.EINVALID, Op: op, Message: "the limit must be at least 1"}
	}
	return nil
}

// SortEdges orders edges by source, target, type.
func SortEdges(es []backend.GraphEdge) {
	slices.SortFunc(es, func(a, b backend.GraphEdge) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		if c := strings.Compare(a.Target, b.Target); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
}

// ByTitle orders nodes by lower-case title, then id.
func ByTitle(ns []backend.GraphNode) {
	slices.SortFunc(ns, func(a, b backend.GraphNode) int {
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// FirstByTitle orders nodes by title (ByTitle) and returns the first limit.
func FirstByTitle(ns []backend.GraphNode, limit int) []backend.GraphNode {
	ByTitle(ns)
	if len(ns) > limit {
		ns = ns[:limit]
	}
	return ns
}

// ByDegree orders nodes by degree, most first, then id.
func ByDegree(ns []backend.GraphNode) {
	slices.SortStableFunc(ns, func(a, b backend.GraphNode) int {
		if a.Degree != b.Degree {
			return b.Degree - a.Degree
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// Collect returns the nodes of ids in order, skipping missing ones.
func Collect(ids []string, m map[string]*backend.GraphNode) []backend.GraphNode {
	out := make([]backend.GraphNode, 0, len(ids))
	for _, id := range ids {
		if n, ok := m[id]; ok {
			out = append(out, *n)
		}
	}
	return out
}

// World is the whole graph in memory, for the global views.
type World struct {
	nodes []backend.GraphNode // in id order
	index map[string]int
	edges []backend.GraphEdge
	// paths holds each note's path by id: the notes' order in community
	// detection, the same in two imports of a vault (the ids are not).
	paths map[string]string
}

// NewWorld returns the graph of nodes (in any order; their degrees are
// counted by AddEdge) with the notes' paths by id.
func NewWorld(nodes []backend.GraphNode, paths map[string]string) *World {
	w := &World{nodes: nodes, index: make(map[string]int, len(nodes)), paths: paths}
	slices.SortFunc(w.nodes, func(a, b backend.GraphNode) int { return strings.Compare(a.ID, b.ID) })
	for i, n := range w.nodes {
		w.index[n.ID] = i
	}
	return w
}

// AddEdge adds an edge and counts it in its ends' degrees (a self-loop
// once). An edge with an end not in the graph (a row written between two
// reads) is left out.
func (w *World) AddEdge(e backend.GraphEdge) {
	s, okS := w.index[e.Source]
	t, okT := w.index[e.Target]
	if !okS || !okT {
		return
	}
	w.nodes[s].Degree++
	if t != s {
		w.nodes[t].Degree++
	}
	w.edges = append(w.edges, e)
}

// communities groups the notes of w into clusters of two notes or more,
// largest first, then by smallest member path, as indexes into w.nodes.
// Notes are keyed by path, so the same vault imported twice (other ids)
// gives the same clusters.
func (w *World) communities() [][]int {
	var nodes []community.Node
	var edges []community.Edge
	for _, e := range w.edges {
		if e.Type == backend.RelTagged || e.Source == e.Target || !IsNote(e.Target) {
			continue
		}
		edges = append(edges, community.Edge{A: e.Source, B: e.Target, Weight: float64(e.Count)})
	}
	var members []int // indexes into w.nodes of the notes
	for i, n := range w.nodes {
		if IsNote(n.ID) {
			nodes = append(nodes, community.Node{ID: n.ID, Key: w.paths[n.ID]})
			members = append(members, i)
		}
	}
	out := community.Clusters(nodes, edges)
	for _, c := range out {
		for k, i := range c {
			c[k] = members[i]
		}
	}
	return out
}

// Clusters returns up to limit communities of notes, largest first, as
// backend.Graph.Clusters documents them.
func (w *World) Clusters(limit int) []backend.Cluster {
	out := []backend.Cluster{}
	for i, grp := range w.communities() {
		if i == limit {
			break
		}
		nodes := make([]backend.GraphNode, len(grp))
		for k, idx := range grp {
			nodes[k] = w.nodes[idx]
		}
		ByDegree(nodes)
		if len(nodes) > ClusterMembers {
			nodes = nodes[:ClusterMembers]
		}
		out = append(out, backend.Cluster{ID: i + 1, Size: len(grp), Nodes: nodes})
	}
	return out
}

// Overview returns every node, or the maxNodes highest-degree ones
// (DefaultOverview when maxNodes <= 0), with the edges among them.
func (w *World) Overview(maxNodes int) *backend.Subgraph {
	if maxNodes <= 0 {
		maxNodes = DefaultOverview
	}
	nodes := slices.Clone(w.nodes)
	ByDegree(nodes)
	sg := &backend.Subgraph{Nodes: nodes, Edges: w.edges}
	if len(nodes) > maxNodes {
		sg.Nodes, sg.Truncated = nodes[:maxNodes], true
		keep := make(map[string]bool, maxNodes)
		for _, n := range sg.Nodes {
			keep[n.ID] = true
		}
		sg.Edges = nil
		for _, e := range w.edges {
			if keep[e.Source] && keep[e.Target] {
				sg.Edges = append(sg.Edges, e)
			}
		}
	}
	SortEdges(sg.Edges)
	return sg
}

// Stats counts nodes, edges, orphan notes and clusters.
func (w *World) Stats() backend.GraphStats {
	st := backend.GraphStats{Nodes: len(w.nodes), Edges: len(w.edges), Clusters: len(w.communities())}
	for _, n := range w.nodes {
		if n.Degree == 0 && IsNote(n.ID) {
			st.Orphans++
		}
	}
	return st
}

package sqlgraph

import (
	"context"
	"slices"
	"strings"

	"secondbrain/backend"
	"secondbrain/backend/graphview"
)

// side is one end of a bidirectional search over nodes N: node ids in SQL,
// node numbers in the walk index.
type side[N comparable] struct {
	root     N
	parent   map[N]N // node → the node it was reached from (the root: itself)
	dist     map[N]int
	frontier []N
	depth    int
}

func newSide[N comparable](root N) *side[N] {
	return &side[N]{root: root, parent: map[N]N{root: root}, dist: map[N]int{root: 0}, frontier: []N{root}}
}

// link is a hop of a search, from a frontier node to a neighbour.
type link[N comparable] struct{ from, to N }

// advance takes one level's hops from grow's frontier, sorted by (to,
// from), into grow: a node reached for the first time gets the smallest
// parent. It returns the path (from a's root to b's) when the sides meet at
// the node closest to other's root (then the smallest), and whether the
// search is over: met, or nothing new, or grown past pathCap.
func advance[N comparable](a, b, grow, other *side[N], hops []link[N]) (path []N, over bool) {
	grow.depth++
	var next []N
	for _, h := range hops {
		if _, ok := grow.parent[h.to]; ok {
			continue
		}
		grow.parent[h.to] = h.from // the smallest parent: hops are sorted
		grow.dist[h.to] = grow.depth
		next = append(next, h.to)
	}
	var meet N
	best := -1
	for _, n := range next {
		if d, ok := other.dist[n]; ok && (best < 0 || d < best) {
			meet, best = n, d
		}
	}
	if best >= 0 {
		path := a.chain(meet)
		slices.Reverse(path)
		return append(path, b.chain(meet)[1:]...), true
	}
	grow.frontier = next
	return nil, len(next) == 0 || len(grow.parent) > pathCap
}

// chain returns the nodes from n back to the side's root.
func (s *side[N]) chain(n N) []N {
	out := []N{n}
	for n != s.root {
		n = s.parent[n]
		out = append(out, n)
	}
	return out
}

// shortestPath returns the nodes of a shortest path between two notes,
// searched in the walk index when it is built, else in SQL. Both search
// from both ends at once, a whole level at a time, always growing the
// smaller frontier; a node's parent is the smallest id that reached it, so
// the answer is deterministic (and the same in both).
func (g *Graph) shortestPath(ctx context.Context, fromID, toID string, maxDepth int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.ShortestPath"
	if err := graphview.CheckPathDepth(op, maxDepth); err != nil {
		return nil, err
	}
	out := []backend.GraphNode{}
	indexed, err := g.withIndex(ctx, func(ix *index) error {
		from, ok := ix.liveNote(fromID)
		if !ok {
			return notFound(op, fromID)
		}
		to, ok := ix.liveNote(toID)
		if !ok {
			return notFound(op, toID)
		}
		path := []int32{from}
		if from != to {
			path = ix.search(from, to, maxDepth)
		}
		for _, n := range path {
			out = append(out, ix.graphNode(n))
		}
		return nil
	})
	if err != nil {
		return nil, translate(op, err)
	}
	if indexed {
		return out, nil
	}
	return g.pathSQL(ctx, fromID, toID, maxDepth)
}

// pathSQL is shortestPath in SQL: one step statement per level.
func (g *Graph) pathSQL(ctx context.Context, fromID, toID string, maxDepth int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.ShortestPath"
	from, err := g.liveNote(ctx, op, fromID)
	if err != nil {
		return nil, err
	}
	to, err := g.liveNote(ctx, op, toID)
	if err != nil {
		return nil, err
	}
	var ids []string
	if from == to {
		ids = []string{from}
	} else {
		if ids, err = g.search(ctx, from, to, maxDepth); err != nil {
			return nil, translate(op, err)
		}
	}
	if len(ids) == 0 {
		return []backend.GraphNode{}, nil
	}
	out, err := g.ordered(ctx, ids)
	if err != nil {
		return nil, translate(op, err)
	}
	return out, nil
}

// search runs the bidirectional breadth-first search in SQL and returns
// the ids of the path, or nil.
func (g *Graph) search(ctx context.Context, from, to string, maxDepth int) ([]string, error) {
	a, b := newSide(from), newSide(to)
	for a.depth+b.depth < maxDepth {
		grow, other := a, b
		if len(b.frontier) < len(a.frontier) {
			grow, other = b, a
		}
		hops, err := g.step(ctx, grow.frontier, nil)
		if err != nil {
			return nil, err
		}
		links := make([]link[string], len(hops))
		for i, h := range hops {
			links[i] = link[string]{h.from, h.to}
		}
		slices.SortFunc(links, func(x, y link[string]) int {
			if c := strings.Compare(x.to, y.to); c != 0 {
				return c
			}
			return strings.Compare(x.from, y.from)
		})
		if path, over := advance(a, b, grow, other, links); over {
			return path, nil
		}
	}
	return nil, nil
}

// search runs the same bidirectional breadth-first search in the index
// and returns the path, or nil.
func (ix *index) search(from, to int32, maxDepth int) []int32 {
	a, b := newSide(from), newSide(to)
	for a.depth+b.depth < maxDepth {
		grow, other := a, b
		if len(b.frontier) < len(a.frontier) {
			grow, other = b, a
		}
		var hops []link[int32]
		for _, n := range grow.frontier {
			for _, e := range ix.nodes[n].out {
				if _, ok := grow.parent[e.to]; !ok {
					hops = append(hops, link[int32]{n, e.to})
				}
			}
			for _, e := range ix.nodes[n].in {
				if _, ok := grow.parent[e.from]; !ok {
					hops = append(hops, link[int32]{n, e.from})
				}
			}
		}
		id := func(n int32) string { return ix.nodes[n].id }
		slices.SortFunc(hops, func(x, y link[int32]) int {
			if c := strings.Compare(id(x.to), id(y.to)); c != 0 {
				return c
			}
			return strings.Compare(id(x.from), id(y.from))
		})
		if path, over := advance(a, b, grow, other, hops); over {
			return path
		}
	}
	return nil
}

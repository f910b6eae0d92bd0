package sqlgraph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secondbrain/backend"
)

// side is one end of a bidirectional search.
type side struct {
	parent   map[int32]int32 // node → the node it was reached from (-1 at the root)
	dist     map[int32]int
	frontier []int32
	depth    int
}

func newSide(root int32) *side {
	return &side{parent: map[int32]int32{root: -1}, dist: map[int32]int{root: 0}, frontier: []int32{root}}
}

// chain returns the nodes from n back to the side's root.
func (s *side) chain(n int32) []int32 {
	var out []int32
	for ; n >= 0; n = s.parent[n] {
		out = append(out, n)
	}
	return out
}

// shortestPath returns the nodes of a shortest path between two notes,
// searched in the index.
func (g *Graph) shortestPath(ctx context.Context, fromID, toID string, maxDepth int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.ShortestPath"
	if maxDepth < 1 || maxDepth > MaxPathDepth {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the path depth must be between 1 and %d", MaxPathDepth)}
	}
	out := []backend.GraphNode{}
	err := g.withIndex(ctx, func(ix *index) error {
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
	return out, nil
}

// search runs a bidirectional breadth-first search, a whole level at a
// time, always growing the smaller frontier; a node's parent is the
// smallest id that reached it, so the answer is deterministic. It returns
// the path, or nil.
func (ix *index) search(from, to int32, maxDepth int) []int32 {
	type hop struct{ from, to int32 }
	a, b := newSide(from), newSide(to)
	for a.depth+b.depth < maxDepth {
		grow, other := a, b
		if len(b.frontier) < len(a.frontier) {
			grow, other = b, a
		}
		var hops []hop
		for _, n := range grow.frontier {
			for _, e := range ix.nodes[n].out {
				if _, ok := grow.parent[e.to]; !ok {
					hops = append(hops, hop{n, e.to})
				}
			}
			for _, e := range ix.nodes[n].in {
				if _, ok := grow.parent[e.from]; !ok {
					hops = append(hops, hop{n, e.from})
				}
			}
		}
		id := func(n int32) string { return ix.nodes[n].id }
		slices.SortFunc(hops, func(x, y hop) int {
			if c := strings.Compare(id(x.to), id(y.to)); c != 0 {
				return c
			}
			return strings.Compare(id(x.from), id(y.from))
		})
		grow.depth++
		var next []int32
		for _, h := range hops {
			if _, ok := grow.parent[h.to]; ok {
				continue
			}
			grow.parent[h.to] = h.from // the smallest parent: hops are sorted
			grow.dist[h.to] = grow.depth
			next = append(next, h.to)
		}
		// The meeting node closest to the other root, then the smallest id.
		meet, best := int32(-1), -1
		for _, n := range next {
			if d, ok := other.dist[n]; ok && (best < 0 || d < best) {
				meet, best = n, d
			}
		}
		if meet >= 0 {
			path := a.chain(meet)
			slices.Reverse(path)
			return append(path, b.chain(meet)[1:]...)
		}
		grow.frontier = next
		if len(next) == 0 || len(grow.parent) > pathCap {
			return nil
		}
	}
	return nil
}

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
	parent   map[string]string // node → the node it was reached from ("" at the root)
	dist     map[string]int
	frontier []string
	depth    int
}

func newSide(root string) *side {
	return &side{parent: map[string]string{root: ""}, dist: map[string]int{root: 0}, frontier: []string{root}}
}

// chain returns the nodes from n back to the side's root.
func (s *side) chain(n string) []string {
	var out []string
	for ; n != ""; n = s.parent[n] {
		out = append(out, n)
	}
	return out
}

// shortestPath returns the nodes of a shortest path between two notes. It
// searches from both ends at once, a whole level at a time, always growing
// the smaller frontier; a node's parent is the smallest id that reached it,
// so the answer is deterministic.
func (g *Graph) shortestPath(ctx context.Context, fromID, toID string, maxDepth int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.ShortestPath"
	if maxDepth < 1 || maxDepth > MaxPathDepth {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the path depth must be between 1 and %d", MaxPathDepth)}
	}
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
	m, err := g.nodes(ctx, ids)
	if err != nil {
		return nil, translate(op, err)
	}
	return collect(ids, m), nil
}

// search runs the bidirectional breadth-first search and returns the ids
// of the path, or nil.
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
		slices.SortFunc(hops, func(x, y hop) int {
			if c := strings.Compare(x.to, y.to); c != 0 {
				return c
			}
			return strings.Compare(x.from, y.from)
		})
		grow.depth++
		var next []string
		for _, h := range hops {
			if _, ok := grow.parent[h.to]; ok {
				continue
			}
			grow.parent[h.to] = h.from // the smallest parent: hops are sorted
			grow.dist[h.to] = grow.depth
			next = append(next, h.to)
		}
		// The meeting node closest to the other root, then the smallest id.
		meet, best := "", -1
		for _, n := range next {
			if d, ok := other.dist[n]; ok && (best < 0 || d < best) {
				meet, best = n, d
			}
		}
		if meet != "" {
			path := a.chain(meet)
			slices.Reverse(path)
			return append(path, b.chain(meet)[1:]...), nil
		}
		grow.frontier = next
		if len(next) == 0 || len(grow.parent) > pathCap {
			return nil, nil
		}
	}
	return nil, nil
}

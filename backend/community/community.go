// Package community finds communities in a graph by label propagation. Both
// knowledge-graph implementations (SQL and Neo4j) feed it the same notes and
// edges, so their clusters agree.
//
// The algorithm, deterministic by construction. Nodes are put in key order
// (Node.Key, then Node.ID), which decides the visits and the ties; keys that
// do not depend on ids (a note's path) make two imports of the same vault,
// whose notes get other ids, give the same clusters.
//
//  1. Every node starts with its own label: its index in key order.
//  2. Each edge's weight is reinforced by the neighbours its two ends share:
//     w' = w × (1 + common neighbours). A bridge between two dense groups
//     shares no neighbours, so a label does not leak over it on first
//     contact.
//  3. Up to MaxIterations times, nodes are visited in key order and each
//     takes the label with the largest total reinforced weight among its
//     neighbours (self-loops ignored); on a tie it keeps its label if tied,
//     otherwise takes the smallest tied label. Updates are seen at once
//     (asynchronous). A pass that changes nothing ends the loop.
//  4. Communities are numbered from 0 in the order their first member
//     appears in key order.
package community

import (
	"slices"
	"strings"
)

// MaxIterations caps the passes of label propagation.
const MaxIterations = 20

// Node is a node to cluster. ID names it in edges; Key orders it: label
// propagation visits nodes and breaks ties in key order (then ID order), so
// the clusters depend on the keys, not on the ids, wherever the keys are
// distinct. Callers give a key that is the same wherever the content is
// (a note's path), not a generated id.
type Node struct {
	ID, Key string
}

// Edge is an undirected weighted edge between two node ids. Edges between
// the same pair add up; edges naming an unknown node are ignored.
type Edge struct {
	A, B   string
	Weight float64
}

// Detect returns the community of each node: out[i] is the community of
// nodes[i]. The result depends on the set of nodes and edges only, not on
// their order, and with distinct keys not on the ids either: the same
// graph under other ids gives the same communities.
func Detect(nodes []Node, edges []Edge) []int {
	n := len(nodes)
	order := make([]int, n) // order[k] is the index in nodes of the k-th in key order
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := nodes[a], nodes[b]
		if c := strings.Compare(x.Key, y.Key); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	rank := make(map[string]int, n) // id → position in key order
	for k, i := range order {
		rank[nodes[i].ID] = k
	}

	// Adjacency by rank, sorted, with parallel edges merged.
	type arc struct {
		to int32
		w  float64
	}
	type half struct {
		from, to int32
		w        float64
	}
	halves := make([]half, 0, 2*len(edges))
	for _, e := range edges {
		a, okA := rank[e.A]
		b, okB := rank[e.B]
		if !okA || !okB || a == b || e.Weight <= 0 {
			continue
		}
		halves = append(halves, half{int32(a), int32(b), e.Weight}, half{int32(b), int32(a), e.Weight})
	}
	slices.SortFunc(halves, func(x, y half) int {
		if x.from != y.from {
			return int(x.from - y.from)
		}
		return int(x.to - y.to)
	})
	adj := make([][]arc, n)
	arcs := make([]arc, 0, len(halves))
	for i := 0; i < len(halves); {
		j, w := i, 0.0
		for ; j < len(halves) && halves[j].from == halves[i].from && halves[j].to == halves[i].to; j++ {
			w += halves[j].w
		}
		arcs = append(arcs, arc{halves[i].to, w})
		i = j
	}
	// Slice arcs per node (arcs are in halves order: by from, then to).
	pos := 0
	for i := 0; i < len(halves); {
		from := halves[i].from
		start := pos
		for i < len(halves) && halves[i].from == from {
			to := halves[i].to
			for i < len(halves) && halves[i].from == from && halves[i].to == to {
				i++
			}
			pos++
		}
		adj[from] = arcs[start:pos:pos]
	}
	// Reinforce by common neighbours: merge the two sorted lists.
	common := func(a, b int32) int {
		x, y, c := adj[a], adj[b], 0
		for i, j := 0, 0; i < len(x) && j < len(y); {
			switch {
			case x[i].to < y[j].to:
				i++
			case x[i].to > y[j].to:
				j++
			default:
				c++
				i++
				j++
			}
		}
		return c
	}
	factor := make([][]float64, n)
	for v := range adj {
		factor[v] = make([]float64, len(adj[v]))
		for k, a := range adj[v] {
			factor[v][k] = float64(1 + common(int32(v), a.to))
		}
	}
	for v := range adj {
		for k := range adj[v] {
			adj[v][k].w *= factor[v][k]
		}
	}

	label := make([]int32, n)
	for i := range label {
		label[i] = int32(i)
	}
	score := make([]float64, n) // by label; zero outside a visit
	var touched []int32
	for iter := 0; iter < MaxIterations; iter++ {
		changed := false
		for v := 0; v < n; v++ {
			if len(adj[v]) == 0 {
				continue
			}
			touched = touched[:0]
			for _, a := range adj[v] {
				l := label[a.to]
				if score[l] == 0 {
					touched = append(touched, l)
				}
				score[l] += a.w
			}
			best, bestW := int32(-1), 0.0
			for _, l := range touched {
				if w := score[l]; w > bestW || (w == bestW && l < best) {
					best, bestW = l, w
				}
			}
			keep := score[label[v]] == bestW
			for _, l := range touched {
				score[l] = 0
			}
			if keep {
				continue // keep the current label when it is among the best
			}
			label[v] = best
			changed = true
		}
		if !changed {
			break
		}
	}

	// Number the communities by first appearance in key order.
	number := map[int32]int{}
	byRank := make([]int, n)
	for k := 0; k < n; k++ {
		c, ok := number[label[k]]
		if !ok {
			c = len(number)
			number[label[k]] = c
		}
		byRank[k] = c
	}
	out := make([]int, n)
	for k, i := range order {
		out[i] = byRank[k]
	}
	return out
}

// Clusters runs Detect and returns the communities of two nodes or more as
// lists of indexes into nodes (each in index order): largest first, then by
// smallest member Key, then by smallest index.
func Clusters(nodes []Node, edges []Edge) [][]int {
	labels := Detect(nodes, edges)
	groups := map[int][]int{}
	first := map[int]string{} // the smallest member key of each community
	for i, l := range labels {
		groups[l] = append(groups[l], i)
		if k, ok := first[l]; !ok || nodes[i].Key < k {
			first[l] = nodes[i].Key
		}
	}
	var out [][]int
	for _, grp := range groups {
		if len(grp) >= 2 {
			out = append(out, grp)
		}
	}
	slices.SortFunc(out, func(a, b []int) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		if c := strings.Compare(first[labels[a[0]]], first[labels[b[0]]]); c != 0 {
			return c
		}
		return a[0] - b[0]
	})
	return out
}

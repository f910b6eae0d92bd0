package neo4jgraph

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/graphview"
)

// TestSortedEdges checks that ordering a neighbourhood's edges by their
// ends' ranks gives graphview.SortEdges' order: source id, target id, type.
func TestSortedEdges(t *testing.T) {
	if got := sortedEdges(nil, nil); got != nil {
		t.Errorf("no edges: got %v; want nil", got)
	}
	r := rand.New(rand.NewPCG(1, 2))
	ids := []string{"tag:b", "placeholder:x", "tag:a", "0b5f", "f00d", "0b5e", "a1", "tag:é"}
	types := []string{"LINKS_TO", "EMBEDS", "TAGGED", "AUTHOR"}
	for round := range 200 {
		var nodes []backend.GraphNode
		for _, i := range r.Perm(len(ids))[:1+r.IntN(len(ids))] {
			nodes = append(nodes, backend.GraphNode{ID: ids[i]})
		}
		edges := make([]indexedEdge, r.IntN(30))
		want := make([]backend.GraphEdge, len(edges))
		for k := range edges {
			e := indexedEdge{src: int32(r.IntN(len(nodes))), dst: int32(r.IntN(len(nodes))), typ: types[r.IntN(len(types))], count: r.IntN(5)}
			edges[k] = e
			want[k] = backend.GraphEdge{Source: nodes[e.src].ID, Target: nodes[e.dst].ID, Type: e.typ, Count: e.count}
		}
		graphview.SortEdges(want)
		got := sortedEdges(nodes, edges)
		if len(want) == 0 {
			want = nil
		}
		// Equal (source, target, type) keys can only differ in count, which
		// a real neighbourhood never has twice; compare the keys' order.
		if !reflect.DeepEqual(keys(got), keys(want)) {
			t.Fatalf("round %d: got %v; want %v", round, got, want)
		}
	}
}

func keys(es []backend.GraphEdge) []string {
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%s %s %s", e.Source, e.Target, e.Type))
	}
	return out
}

package community_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"secondbrain/backend/community"
)

// clique returns the edges of a complete graph over ids, weight 1.
func clique(ids ...string) []community.Edge {
	var out []community.Edge
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			out = append(out, community.Edge{A: ids[i], B: ids[j], Weight: 1})
		}
	}
	return out
}

// groups returns the communities as sorted lists of ids, sorted.
func groups(ids []string, labels []int) [][]string {
	by := map[int][]string{}
	for i, l := range labels {
		by[l] = append(by[l], ids[i])
	}
	var out [][]string
	for _, g := range by {
		slices.Sort(g)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name  string
		ids   []string
		edges []community.Edge
		want  string
	}{
		{
			name:  "two cliques joined by one edge",
			ids:   []string{"a", "b", "c", "d", "e", "f", "g", "h"},
			edges: append(append(clique("a", "b", "c", "d"), clique("e", "f", "g", "h")...), community.Edge{A: "d", B: "e", Weight: 1}),
			want:  "[[a b c d] [e f g h]]",
		},
		{
			name:  "bridge from the first node of the second clique",
			ids:   []string{"a", "b", "c", "d", "e", "f", "g", "h"},
			edges: append(append(clique("a", "b", "c", "d"), clique("e", "f", "g", "h")...), community.Edge{A: "a", B: "h", Weight: 1}),
			want:  "[[a b c d] [e f g h]]",
		},
		{
			name:  "a path in id order is one community",
			ids:   []string{"p1", "p2", "p3", "p4", "p5"},
			edges: []community.Edge{{A: "p1", B: "p2", Weight: 1}, {A: "p2", B: "p3", Weight: 1}, {A: "p3", B: "p4", Weight: 1}, {A: "p4", B: "p5", Weight: 1}},
			want:  "[[p1 p2 p3 p4 p5]]",
		},
		{
			name:  "isolated nodes and self-loops stay alone",
			ids:   []string{"x", "y", "z"},
			edges: []community.Edge{{A: "x", B: "x", Weight: 3}, {A: "y", B: "z", Weight: 1}, {A: "y", B: "unknown", Weight: 1}},
			want:  "[[x] [y z]]",
		},
		{
			name:  "heavier ties win",
			ids:   []string{"a", "b", "c"},
			edges: []community.Edge{{A: "a", B: "b", Weight: 1}, {A: "b", B: "c", Weight: 5}},
			want:  "[[a b c]]",
		},
		{
			name: "empty",
			want: "[]",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := community.Detect(tc.ids, tc.edges)
			if len(got) != len(tc.ids) {
				t.Fatalf("got %d labels; want %d", len(got), len(tc.ids))
			}
			if s := fmt.Sprint(groups(tc.ids, got)); s != tc.want {
				t.Fatalf("communities = %s; want %s", s, tc.want)
			}
		})
	}
}

// TestDetectDeterministic: the same graph given in any order gives the same
// communities, numbered by first member in id order.
func TestDetectDeterministic(t *testing.T) {
	var ids []string
	var edges []community.Edge
	for c := 0; c < 5; c++ {
		var members []string
		for i := 0; i < 6; i++ {
			members = append(members, fmt.Sprintf("n%02d", c*6+i))
		}
		ids = append(ids, members...)
		edges = append(edges, clique(members...)...)
		if c > 0 {
			edges = append(edges, community.Edge{A: fmt.Sprintf("n%02d", c*6), B: fmt.Sprintf("n%02d", c*6-1), Weight: 1})
		}
	}
	want := community.Detect(ids, edges)
	if n := len(groups(ids, want)); n != 5 {
		t.Fatalf("%d communities; want 5", n)
	}
	for i, id := range ids {
		if want[i] != i/6 {
			t.Fatalf("%s in community %d; want %d (numbered by first member)", id, want[i], i/6)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 20; round++ {
		perm := r.Perm(len(ids))
		shuffled := make([]string, len(ids))
		for i, p := range perm {
			shuffled[i] = ids[p]
		}
		es := slices.Clone(edges)
		r.Shuffle(len(es), func(i, j int) { es[i], es[j] = es[j], es[i] })
		for i := range es {
			if r.IntN(2) == 0 {
				es[i].A, es[i].B = es[i].B, es[i].A
			}
		}
		got := community.Detect(shuffled, es)
		for i, p := range perm {
			if got[i] != want[p] {
				t.Fatalf("round %d: %s in community %d; want %d", round, shuffled[i], got[i], want[p])
			}
		}
	}
}

// BenchmarkDetect runs on 100k nodes and 600k edges.
func BenchmarkDetect(b *testing.B) {
	const n = 100_000
	r := rand.New(rand.NewPCG(3, 4))
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-node", r.Uint32())
	}
	edges := make([]community.Edge, 0, 6*n)
	for i := 0; i < 6*n; i++ {
		a := r.IntN(n)
		b := (a/50)*50 + r.IntN(50) // mostly inside blocks of 50
		if r.IntN(10) == 0 {
			b = r.IntN(n)
		}
		edges = append(edges, community.Edge{A: ids[a], B: ids[b], Weight: 1})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		community.Detect(ids, edges)
	}
}

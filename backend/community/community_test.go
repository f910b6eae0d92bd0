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

// byID returns the nodes of ids, each keyed by its id.
func byID(ids []string) []community.Node {
	out := make([]community.Node, len(ids))
	for i, id := range ids {
		out[i] = community.Node{ID: id, Key: id}
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
			got := community.Detect(byID(tc.ids), tc.edges)
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
	want := community.Detect(byID(ids), edges)
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
		got := community.Detect(byID(shuffled), es)
		for i, p := range perm {
			if got[i] != want[p] {
				t.Fatalf("round %d: %s in community %d; want %d", round, shuffled[i], got[i], want[p])
			}
		}
	}
}

// TestDetectSameVaultOtherIDs is issue 13's two imports of one vault: the
// notes get other ids (random, like the UUIDs of an import) and come in
// another order, but keep their paths as keys, so the communities are the
// same, numbered the same.
func TestDetectSameVaultOtherIDs(t *testing.T) {
	// A sparse random graph: many ties, so the visiting order matters.
	r := rand.New(rand.NewPCG(5, 6))
	const n = 600
	paths := make([]string, n)
	for i := range paths {
		paths[i] = fmt.Sprintf("folder%d/note %03d.md", i%7, i)
	}
	type link struct{ a, b, w int }
	var links []link
	for i := 0; i < 2*n; i++ {
		a := r.IntN(n)
		b := (a/12)*12 + r.IntN(12)
		if r.IntN(4) == 0 {
			b = r.IntN(n)
		}
		links = append(links, link{a, b, 1 + r.IntN(2)})
	}
	// importVault gives every note a fresh random id and returns the
	// community of each path.
	importVault := func(seed uint64) (map[string]int, int) {
		ir := rand.New(rand.NewPCG(seed, seed))
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("%016x%016x", ir.Uint64(), ir.Uint64())
		}
		perm := ir.Perm(n)
		nodes := make([]community.Node, n)
		for k, i := range perm {
			nodes[k] = community.Node{ID: ids[i], Key: paths[i]}
		}
		var edges []community.Edge
		for _, k := range ir.Perm(len(links)) {
			l := links[k]
			edges = append(edges, community.Edge{A: ids[l.a], B: ids[l.b], Weight: float64(l.w)})
		}
		labels := community.Detect(nodes, edges)
		byPath, count := map[string]int{}, map[int]bool{}
		for k, i := range perm {
			byPath[paths[i]] = labels[k]
			count[labels[k]] = true
		}
		return byPath, len(count)
	}
	first, nFirst := importVault(1)
	for seed := uint64(2); seed < 8; seed++ {
		got, nGot := importVault(seed)
		if nGot != nFirst {
			t.Fatalf("import %d: %d communities; want %d as the first import", seed, nGot, nFirst)
		}
		for p, c := range first {
			if got[p] != c {
				t.Fatalf("import %d: %s in community %d; want %d as in the first import", seed, p, got[p], c)
			}
		}
	}
	if nFirst < 10 || nFirst > n/2 {
		t.Errorf("%d communities of %d nodes; want a graph with some structure", nFirst, n)
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
	nodes := byID(ids)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		community.Detect(nodes, edges)
	}
}

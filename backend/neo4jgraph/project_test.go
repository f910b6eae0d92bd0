package neo4jgraph_test

import (
	"context"
	"maps"
	"testing"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"secondbrain/backend"
	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/neo4jgraph/neo4jtest"
)

// elements returns the element ids of a namespace's nodes and
// relationships, keyed by what they stand for: an Apply that rewrites a
// note's relationships gives them new ones.
func elements(t *testing.T, opts neo4jgraph.Options) map[string]string {
	t.Helper()
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(opts.URI, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	db := opts.Database
	if db == "" {
		db = "neo4j"
	}
	res, err := neo4j.ExecuteQuery(ctx, d, `
		MATCH (x {ns: $ns}) OPTIONAL MATCH (x)-[r]->(y)
		RETURN x.id, elementId(x), type(r), y.id, elementId(r), r.count`,
		map[string]any{"ns": opts.Namespace}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range res.Records {
		x, _ := r.Values[0].(string)
		out["node "+x], _ = r.Values[1].(string)
		if typ, ok := r.Values[2].(string); ok {
			y, _ := r.Values[3].(string)
			out[x+" -"+typ+"-> "+y], _ = r.Values[4].(string)
		}
	}
	return out
}

// TestApplySkipsUnchanged: applying a note as it is projected writes
// nothing; a changed count or type updates that note's node and
// relationship in place; a link that goes or comes deletes or creates its
// relationship alone.
func TestApplySkipsUnchanged(t *testing.T) {
	ctx := context.Background()
	opts := neo4jtest.Options(t)
	g, err := neo4jgraph.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := g.Reset(ctx); err != nil {
			t.Errorf("delete namespace: %v", err)
		}
		g.Close(ctx)
	})
	a, b := uuid.New(), uuid.New()
	stateA := func(count int, typ string) backend.NoteState {
		return backend.NoteState{ID: a, Title: "A", Path: "A.md", Type: typ, Tags: []string{"x"}, Links: []backend.LinkState{
			{Kind: backend.LinkWiki, TargetKey: "b", Target: "B", TargetID: b, Count: count},
			{Kind: backend.LinkWiki, TargetKey: "nowhere", Target: "Nowhere", Count: 1},
		}}
	}
	stateB := backend.NoteState{ID: b, Title: "B", Path: "B.md"}
	apply := func(states ...backend.NoteState) {
		t.Helper()
		if err := g.Apply(ctx, states); err != nil {
			t.Fatal(err)
		}
	}
	// A first: B's node is bare until B's own state comes.
	apply(stateA(2, ""))
	apply(stateB)
	bs, err := g.Backlinks(ctx, b.String())
	if err != nil || len(bs) != 1 || bs[0].Title != "A" {
		t.Fatalf("backlinks of B = %+v, %v; want A", bs, err)
	}
	before := elements(t, opts)
	if len(before) != 7 { // A, B, #x, Nowhere; A→B, A→#x, A→Nowhere
		t.Fatalf("elements = %v; want 4 nodes and 3 relationships", before)
	}
	apply(stateA(2, ""), stateB)
	if after := elements(t, opts); !maps.Equal(after, before) {
		t.Errorf("applying the projected states again rewrote the graph:\n got %v\nwant %v", after, before)
	}
	apply(stateA(3, "person"), stateB)
	after := elements(t, opts)
	// The count changes in place; A's other relationships and B stay.
	if !maps.Equal(after, before) {
		t.Errorf("after changing A's count and type, elements changed:\n got %v\nwant %v", after, before)
	}
	apply(backend.NoteState{ID: a, Title: "A", Path: "A.md", Tags: []string{"x"}, Links: []backend.LinkState{
		{Kind: backend.LinkWiki, TargetKey: "b", Target: "B", TargetID: b, Count: 3},
		{Kind: backend.LinkEmbed, TargetKey: "b", Target: "B", TargetID: b, Count: 1},
	}}, stateB)
	after = elements(t, opts)
	rel := a.String() + " -LINKS_TO-> " + b.String()
	embed := a.String() + " -EMBEDS-> " + b.String()
	if after[rel] != before[rel] || after[embed] == "" || after["node placeholder:nowhere"] != "" || len(after) != 6 {
		t.Errorf("after A drops Nowhere and embeds B: %v; want %s kept, %s added, Nowhere gone", after, rel, embed)
	}
	apply(stateA(3, "person"), stateB)
	sg, err := g.Neighbors(ctx, a.String(), backend.NeighborOptions{Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := sg.Nodes[0].Labels; len(got) != 2 || got[1] != "Person" {
		t.Errorf("labels of A = %v; want Note, Person", got)
	}
	for _, e := range sg.Edges {
		if e.Target == b.String() && e.Count != 3 {
			t.Errorf("A → B count = %d; want 3", e.Count)
		}
	}
}

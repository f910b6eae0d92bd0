package sqlgraph_test

import (
	"context"
	"reflect"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/graphtest"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/sqlgraph"
	"secondbrain/backend/testwait"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestConformance runs the graph conformance suite on the SQL graph, with
// walks in SQL (the default) and in the walk index, built before the
// suite's queries.
func TestConformance(t *testing.T) {
	for _, mode := range []struct {
		name  string
		index bool
	}{{"sql", false}, {"index", true}} {
		t.Run(mode.name, func(t *testing.T) {
			graphtest.Run(t, func(t *testing.T, dsn string, _ *service.Notes) backend.Graph {
				st, err := pgstore.Open(context.Background(), dsn, nil)
				if err != nil {
					t.Fatalf("open store: %v", err)
				}
				t.Cleanup(func() { st.Close() })
				g := sqlgraph.New(st.DB())
				if mode.index {
					if err := g.BuildWalkIndex(context.Background()); err != nil {
						t.Fatalf("build the walk index: %v", err)
					}
					t.Cleanup(func() {
						if !sqlgraph.Indexed(g) {
							t.Error("the walk index was dropped: walks ran in SQL")
						}
					})
				}
				return g
			})
		})
	}
}

// openVault opens a store on a fresh database, with the notes service over it.
func openVault(t *testing.T) (*pgstore.Store, *service.Notes) {
	t.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, service.NewNotes(st, nil)
}

// TestIndexFollowsEdits checks that a graph whose walk index was built
// before a round of edits answers as a graph that walks in SQL: links added
// and removed, a note that resolves a placeholder, trash and restore,
// renames, tags, deletes and a link resolution of the whole vault.
func TestIndexFollowsEdits(t *testing.T) {
	ctx := context.Background()
	st, notes := openVault(t)
	ids := map[string]string{}
	create := func(title, body string) {
		t.Helper()
		n, err := notes.Create(ctx, title, "", body)
		if err != nil {
			t.Fatalf("create %q: %v", title, err)
		}
		ids[title] = n.ID.String()
	}
	save := func(title, body string) {
		t.Helper()
		n, err := notes.Get(ctx, ids[title])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := notes.Save(ctx, n.ID.String(), n.Version, body); err != nil {
			t.Fatalf("save %q: %v", title, err)
		}
	}
	create("A", "[[B]] [[C]] [[Ghost]] #red")
	create("B", "[[C]] ![[D]] #red #blue")
	create("C", "[[C]] [[Later]]")
	create("D", "---\nauthor: \"[[A]]\"\n---\n[[Nowhere]]")
	g := sqlgraph.New(st.DB())
	if err := g.BuildWalkIndex(ctx); err != nil {
		t.Fatal(err)
	}
	rounds := []struct {
		name string
		edit func()
	}{
		{"nothing", func() {}},
		{"save adds and drops links and tags", func() { save("A", "[[D]] [[D]] [[Ghost]] #blue") }},
		{"a new note resolves a placeholder", func() { create("Later", "back to [[C]]") }},
		{"trash detaches the links into a note", func() {
			if _, err := notes.Trash(ctx, ids["C"]); err != nil {
				t.Fatal(err)
			}
		}},
		{"restore", func() {
			if _, err := notes.Restore(ctx, ids["C"]); err != nil {
				t.Fatal(err)
			}
		}},
		{"rename", func() {
			n, err := notes.Get(ctx, ids["D"])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := notes.Rename(ctx, n.ID.String(), n.Version, "Ghost", false); err != nil {
				t.Fatal(err)
			}
		}},
		{"delete", func() {
			if _, err := notes.Trash(ctx, ids["B"]); err != nil {
				t.Fatal(err)
			}
			if err := notes.Delete(ctx, ids["B"]); err != nil {
				t.Fatal(err)
			}
		}},
		{"resolve links", func() {
			create("Nowhere", "#red")
			if _, err := st.ResolveLinks(ctx); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, r := range rounds {
		r.edit()
		fresh := sqlgraph.New(st.DB())
		if _, err := g.Neighbors(ctx, ids["A"], backend.NeighborOptions{Depth: 1}); err != nil {
			t.Fatal(err)
		}
		if !sqlgraph.Indexed(g) {
			t.Fatalf("%s: the walk index was dropped, so walks ran in SQL", r.name)
		}
		for title, id := range ids {
			for _, depth := range []int{1, 3} {
				got, gerr := g.Neighbors(ctx, id, backend.NeighborOptions{Depth: depth})
				want, werr := fresh.Neighbors(ctx, id, backend.NeighborOptions{Depth: depth})
				if (gerr == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: Neighbors(%s, depth %d) = %+v, %v; want %+v, %v", r.name, title, depth, got, gerr, want, werr)
				}
			}
			for other, to := range ids {
				got, gerr := g.ShortestPath(ctx, id, to, 10)
				want, werr := fresh.ShortestPath(ctx, id, to, 10)
				if (gerr == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: ShortestPath(%s, %s) = %+v, %v; want %+v, %v", r.name, title, other, got, gerr, want, werr)
				}
			}
		}
	}
}

// TestEnableWalkIndex checks the desktop app's path: walks answer in SQL
// while the index builds in the background, and the same once it is built.
func TestEnableWalkIndex(t *testing.T) {
	ctx := context.Background()
	st, notes := openVault(t)
	a, err := notes.Create(ctx, "A", "", "[[B]] #red")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Create(ctx, "B", "", "[[A]]"); err != nil {
		t.Fatal(err)
	}
	g := sqlgraph.New(st.DB())
	want, err := g.Neighbors(ctx, a.ID.String(), backend.NeighborOptions{Depth: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sqlgraph.Indexed(g) {
		t.Fatal("a graph that was not asked to index built the walk index")
	}
	wctx, cancel := context.WithCancel(ctx)
	g.EnableWalkIndex(wctx)
	testwait.Eventually(t, "the walk index built", func() bool {
		if sqlgraph.Indexed(g) {
			return true
		}
		got, err := g.Neighbors(ctx, a.ID.String(), backend.NeighborOptions{Depth: 2})
		if err != nil {
			t.Fatalf("a walk while the index builds: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("a walk while the index builds:\n got %+v\nwant %+v", got, want)
		}
		return false
	})
	got, err := g.Neighbors(ctx, a.ID.String(), backend.NeighborOptions{Depth: 2})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("a walk in the index: %v\n got %+v\nwant %+v", err, got, want)
	}
	cancel()
}

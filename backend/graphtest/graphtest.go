package graphtest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

// Factory returns the Graph under test over the vault that the suite has
// just written, through notes, into the fresh PostgreSQL database at dsn.
type Factory func(t *testing.T, dsn string, notes *service.Notes) backend.Graph

// Run runs every case as a subtest of t.
func Run(t *testing.T, newGraph Factory) {
	t.Run("Library", func(t *testing.T) { runLibrary(t, newGraph) })
	t.Run("Communities", func(t *testing.T) { runCommunities(t, newGraph) })
	t.Run("Empty", func(t *testing.T) { runEmpty(t, newGraph) })
}

// vault is a seeded database and the Graph under test over it.
type vault struct {
	t     *testing.T
	ctx   context.Context
	notes *service.Notes
	store *pgstore.Store
	dsn   string
	ids   map[string]string // title → id
	names map[string]string // id → title
	g     backend.Graph
}

// newVault creates a database and the notes service over it.
func newVault(t *testing.T) *vault {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	st, err := pgstore.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return &vault{t: t, ctx: context.Background(), notes: service.NewNotes(st, nil), store: st, dsn: dsn,
		ids: map[string]string{}, names: map[string]string{}}
}

// create writes a note.
func (v *vault) create(title, folder, body string) string {
	v.t.Helper()
	n, err := v.notes.Create(v.ctx, title, folder, body)
	if err != nil {
		v.t.Fatalf("create %q: %v", title, err)
	}
	v.ids[title], v.names[n.ID.String()] = n.ID.String(), title
	return n.ID.String()
}

// open calls the factory once the vault is written.
func (v *vault) open(newGraph Factory) {
	v.t.Helper()
	v.g = newGraph(v.t, v.dsn, v.notes)
	if v.g == nil {
		v.t.Fatal("the factory returned a nil Graph")
	}
}

// id returns the node id of a reference: a note title, or a tag or
// placeholder id as is.
func (v *vault) id(ref string) string {
	if strings.HasPrefix(ref, "tag:") || strings.HasPrefix(ref, "placeholder:") {
		return ref
	}
	id, ok := v.ids[ref]
	if !ok {
		v.t.Fatalf("no note %q in the vault", ref)
	}
	return id
}

// name returns the reference of a node id: a note's title, or the id.
func (v *vault) name(id string) string {
	if n, ok := v.names[id]; ok {
		return n
	}
	return id
}

// names of nodes, in order.
func (v *vault) nodeNames(ns []backend.GraphNode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = v.name(n.ID)
	}
	return out
}

// order returns refs sorted by node id, the order of ties everywhere.
func (v *vault) order(refs ...string) []string {
	out := slices.Clone(refs)
	sort.Slice(out, func(i, j int) bool { return v.id(out[i]) < v.id(out[j]) })
	return out
}

// edgeNames describes edges as "source -TYPE-> target ×count", in order.
func (v *vault) edgeNames(es []backend.GraphEdge) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s -%s-> %s ×%d", v.name(e.Source), e.Type, v.name(e.Target), e.Count)
	}
	return out
}

// checkEdges compares edges as a set and checks their order.
func (v *vault) checkEdges(what string, got []backend.GraphEdge, want ...string) {
	v.t.Helper()
	if !slices.IsSortedFunc(got, func(a, b backend.GraphEdge) int {
		return strings.Compare(a.Source+"\x00"+a.Target+"\x00"+a.Type, b.Source+"\x00"+b.Target+"\x00"+b.Type)
	}) {
		v.t.Errorf("%s: edges not ordered by source, target, type: %q", what, v.edgeNames(got))
	}
	g := v.edgeNames(got)
	slices.Sort(g)
	w := slices.Clone(want)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		v.t.Errorf("%s: edges = %q; want %q", what, g, w)
	}
}

// checkNodes compares node references in order.
func (v *vault) checkNodes(what string, got []backend.GraphNode, want ...string) {
	v.t.Helper()
	if g := v.nodeNames(got); !slices.Equal(g, want) {
		v.t.Errorf("%s: nodes = %q; want %q", what, g, want)
	}
}

// wantCode checks an error's code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := backend.ErrorCode(err); got != code {
		t.Errorf("%s: error code %q (%v); want %q", what, got, err, code)
	}
}

// The library vault. Its graph (T = trashed, ✗ = not an edge):
//
//	Ada Lovelace (person) -LINKS_TO-> Analytical Engine; #math
//	Analytical Engine -LINKS_TO-> Charles Babbage, [Missing Note]; -EMBEDS-> Difference Engine
//	Charles Babbage (person) #math -LINKS_TO-> [missing note]
//	Notes on the Engine (book) -AUTHOR-> Ada Lovelace; -LINKS_TO-> Analytical Engine ×2
//	Seeker -LINKS_TO-> [Missing Note]
//	Self -LINKS_TO-> Self, [Old Draft]
//	Image Holder ✗ pic.png (an attachment); Lonely (nothing)
//	Old Draft (T) -LINKS_TO-> Ada Lovelace, [Ghost]; #math #draft
func runLibrary(t *testing.T, newGraph Factory) {
	v := newVault(t)
	ctx := v.ctx
	if _, err := v.store.PutAttachment(ctx, backend.AttachmentWrite{Path: "pic.png", MimeType: "image/png", Size: 3, ContentHash: "0123abcd"}); err != nil {
		t.Fatal(err)
	}
	v.create("Ada Lovelace", "people", "Wrote about the [[Analytical Engine]].\n\n#math\n")
	v.create("Analytical Engine", "", "Designed by [[Charles Babbage]]. See [[Missing Note]].\n\n![[Difference Engine]]\n")
	v.create("Charles Babbage", "people", "---\ntype: person\n---\n#math and [[missing note]]\n")
	v.create("Difference Engine", "", "An earlier machine.")
	v.create("Notes on the Engine", "", "---\ntype: book\nauthor: \"[[Ada Lovelace]]\"\n---\nAbout the [[Analytical Engine]], and the [[Analytical Engine]] again.\n")
	v.create("Seeker", "", "Looking for [[Missing Note]].")
	v.create("Self", "", "I link [[Self]] and [[Old Draft]].")
	v.create("Image Holder", "", "![[pic.png]]")
	v.create("Lonely", "", "Just text, no links.")
	draft := v.create("Old Draft", "", "[[Ada Lovelace]] and [[Ghost]]\n\n#math #draft\n")
	// Ada's type comes in an edit, so derived rows are replaced once.
	ada, err := v.notes.Get(ctx, v.ids["Ada Lovelace"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.notes.Save(ctx, ada.ID.String(), ada.Version, "---\ntype: Person\n---\n"+ada.Body); err != nil {
		t.Fatal(err)
	}
	if _, err := v.notes.Trash(ctx, draft); err != nil {
		t.Fatal(err)
	}
	v.open(newGraph)
	g := v.g

	t.Run("Nodes", func(t *testing.T) {
		sg, err := g.Neighbors(ctx, v.id("Analytical Engine"), backend.NeighborOptions{Depth: 2})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]struct {
			title  string
			labels []string
			degree int
		}{
			"Ada Lovelace":             {"Ada Lovelace", []string{"Note", "Person"}, 3},
			"Analytical Engine":        {"Analytical Engine", []string{"Note"}, 5},
			"Charles Babbage":          {"Charles Babbage", []string{"Note", "Person"}, 3},
			"Difference Engine":        {"Difference Engine", []string{"Note"}, 1},
			"Notes on the Engine":      {"Notes on the Engine", []string{"Note", "Book"}, 2},
			"Seeker":                   {"Seeker", []string{"Note"}, 1},
			"tag:math":                 {"#math", []string{"Tag"}, 2},
			"placeholder:missing note": {"Missing Note", []string{"Placeholder"}, 3},
		}
		if len(sg.Nodes) != len(want) {
			t.Errorf("got %d nodes %q; want %d", len(sg.Nodes), v.nodeNames(sg.Nodes), len(want))
		}
		for _, n := range sg.Nodes {
			w, ok := want[v.name(n.ID)]
			if !ok {
				t.Errorf("unexpected node %q", v.name(n.ID))
				continue
			}
			if n.Title != w.title || !slices.Equal(n.Labels, w.labels) || n.Degree != w.degree {
				t.Errorf("node %s = %q %q degree %d; want %q %q degree %d", v.name(n.ID), n.Title, n.Labels, n.Degree, w.title, w.labels, w.degree)
			}
		}
	})

	t.Run("Neighbors", func(t *testing.T) {
		tests := []struct {
			name  string
			start string
			opts  backend.NeighborOptions
			// levels of the expected nodes by distance (each sorted by id by the test).
			levels    [][]string
			edges     []string
			truncated bool
		}{
			{name: "depth 1", start: "Ada Lovelace", opts: backend.NeighborOptions{Depth: 1},
				levels: [][]string{{"Ada Lovelace"}, {"Analytical Engine", "tag:math", "Notes on the Engine"}},
				edges: []string{"Ada Lovelace -LINKS_TO-> Analytical Engine ×1", "Ada Lovelace -TAGGED-> tag:math ×1",
					"Notes on the Engine -AUTHOR-> Ada Lovelace ×1", "Notes on the Engine -LINKS_TO-> Analytical Engine ×2"}},
			{name: "depth 2 through tags and placeholders", start: "Ada Lovelace", opts: backend.NeighborOptions{Depth: 2},
				levels: [][]string{{"Ada Lovelace"}, {"Analytical Engine", "tag:math", "Notes on the Engine"},
					{"Charles Babbage", "placeholder:missing note", "Difference Engine"}},
				edges: []string{"Ada Lovelace -LINKS_TO-> Analytical Engine ×1", "Ada Lovelace -TAGGED-> tag:math ×1",
					"Notes on the Engine -AUTHOR-> Ada Lovelace ×1", "Notes on the Engine -LINKS_TO-> Analytical Engine ×2",
					"Analytical Engine -LINKS_TO-> Charles Babbage ×1", "Analytical Engine -LINKS_TO-> placeholder:missing note ×1",
					"Analytical Engine -EMBEDS-> Difference Engine ×1", "Charles Babbage -TAGGED-> tag:math ×1",
					"Charles Babbage -LINKS_TO-> placeholder:missing note ×1"}},
			{name: "depth 2 from an embedded note, against the direction", start: "Difference Engine", opts: backend.NeighborOptions{Depth: 2},
				levels: [][]string{{"Difference Engine"}, {"Analytical Engine"},
					{"Ada Lovelace", "Charles Babbage", "placeholder:missing note", "Notes on the Engine"}},
				edges: []string{"Analytical Engine -EMBEDS-> Difference Engine ×1", "Ada Lovelace -LINKS_TO-> Analytical Engine ×1",
					"Notes on the Engine -AUTHOR-> Ada Lovelace ×1", "Notes on the Engine -LINKS_TO-> Analytical Engine ×2",
					"Analytical Engine -LINKS_TO-> Charles Babbage ×1", "Analytical Engine -LINKS_TO-> placeholder:missing note ×1",
					"Charles Babbage -LINKS_TO-> placeholder:missing note ×1"}},
			{name: "depth 3", start: "Difference Engine", opts: backend.NeighborOptions{Depth: 3},
				levels: [][]string{{"Difference Engine"}, {"Analytical Engine"},
					{"Ada Lovelace", "Charles Babbage", "placeholder:missing note", "Notes on the Engine"}, {"tag:math", "Seeker"}},
				edges: []string{"Analytical Engine -EMBEDS-> Difference Engine ×1", "Ada Lovelace -LINKS_TO-> Analytical Engine ×1",
					"Notes on the Engine -AUTHOR-> Ada Lovelace ×1", "Notes on the Engine -LINKS_TO-> Analytical Engine ×2",
					"Analytical Engine -LINKS_TO-> Charles Babbage ×1", "Analytical Engine -LINKS_TO-> placeholder:missing note ×1",
					"Charles Babbage -LINKS_TO-> placeholder:missing note ×1", "Ada Lovelace -TAGGED-> tag:math ×1",
					"Charles Babbage -TAGGED-> tag:math ×1", "Seeker -LINKS_TO-> placeholder:missing note ×1"}},
			{name: "typed relation only", start: "Ada Lovelace", opts: backend.NeighborOptions{Depth: 2, RelTypes: []string{"AUTHOR"}},
				levels: [][]string{{"Ada Lovelace"}, {"Notes on the Engine"}},
				edges:  []string{"Notes on the Engine -AUTHOR-> Ada Lovelace ×1"}},
			{name: "tags only", start: "Ada Lovelace", opts: backend.NeighborOptions{Depth: 3, RelTypes: []string{backend.RelTagged}},
				levels: [][]string{{"Ada Lovelace"}, {"tag:math"}, {"Charles Babbage"}},
				edges:  []string{"Ada Lovelace -TAGGED-> tag:math ×1", "Charles Babbage -TAGGED-> tag:math ×1"}},
			{name: "two relation types", start: "Analytical Engine", opts: backend.NeighborOptions{Depth: 1, RelTypes: []string{backend.RelEmbeds, "AUTHOR"}},
				levels: [][]string{{"Analytical Engine"}, {"Difference Engine"}},
				edges:  []string{"Analytical Engine -EMBEDS-> Difference Engine ×1"}},
			{name: "label filter keeps the start", start: "Analytical Engine", opts: backend.NeighborOptions{Depth: 2, Labels: []string{"Person"}},
				levels: [][]string{{"Analytical Engine"}, {"Ada Lovelace", "Charles Babbage"}},
				edges:  []string{"Ada Lovelace -LINKS_TO-> Analytical Engine ×1", "Analytical Engine -LINKS_TO-> Charles Babbage ×1"}},
			{name: "label filter on the walk's result, not the walk", start: "Seeker", opts: backend.NeighborOptions{Depth: 3, Labels: []string{"Person", "Tag"}},
				levels: [][]string{{"Seeker"}, {}, {"Charles Babbage"}, {"Ada Lovelace", "tag:math"}},
				edges:  []string{"Charles Babbage -TAGGED-> tag:math ×1", "Ada Lovelace -TAGGED-> tag:math ×1"}},
			{name: "placeholder label", start: "Charles Babbage", opts: backend.NeighborOptions{Depth: 1, Labels: []string{"Placeholder"}},
				levels: [][]string{{"Charles Babbage"}, {"placeholder:missing note"}},
				edges:  []string{"Charles Babbage -LINKS_TO-> placeholder:missing note ×1"}},
			{name: "self-link and a link to a trashed note", start: "Self", opts: backend.NeighborOptions{Depth: 2},
				levels: [][]string{{"Self"}, {"placeholder:old draft"}},
				edges:  []string{"Self -LINKS_TO-> Self ×1", "Self -LINKS_TO-> placeholder:old draft ×1"}},
			{name: "an attachment is not a neighbour", start: "Image Holder", opts: backend.NeighborOptions{Depth: 2},
				levels: [][]string{{"Image Holder"}}},
			{name: "orphan", start: "Lonely", opts: backend.NeighborOptions{Depth: 5},
				levels: [][]string{{"Lonely"}}},
			{name: "limit keeps the nearest, then smallest ids", start: "Ada Lovelace", opts: backend.NeighborOptions{Depth: 2, Limit: 3},
				levels: [][]string{{"Ada Lovelace"}, {"Analytical Engine", "tag:math", "Notes on the Engine"}}, truncated: true},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				sg, err := g.Neighbors(ctx, v.id(tc.start), tc.opts)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, lv := range tc.levels {
					want = append(want, v.order(lv...)...)
				}
				if tc.opts.Limit > 0 && len(want) > tc.opts.Limit {
					want = want[:tc.opts.Limit]
				}
				v.checkNodes("nodes", sg.Nodes, want...)
				if tc.edges != nil || !tc.truncated {
					v.checkEdges("edges", sg.Edges, tc.edges...)
				}
				if sg.Truncated != tc.truncated {
					t.Errorf("Truncated = %v; want %v", sg.Truncated, tc.truncated)
				}
			})
		}
	})

	t.Run("NeighborsErrors", func(t *testing.T) {
		ada := v.id("Ada Lovelace")
		for _, d := range []int{0, -1, 6} {
			_, err := g.Neighbors(ctx, ada, backend.NeighborOptions{Depth: d})
			wantCode(t, fmt.Sprintf("depth %d", d), err, backend.EINVALID)
		}
		_, err := g.Neighbors(ctx, ada, backend.NeighborOptions{Depth: 1, Limit: -1})
		wantCode(t, "limit -1", err, backend.EINVALID)
		for _, id := range []string{"6f1c1d5e-0000-4000-8000-000000000000", draft, "tag:math", "placeholder:missing note"} {
			_, err := g.Neighbors(ctx, id, backend.NeighborOptions{Depth: 1})
			wantCode(t, fmt.Sprintf("start %q", id), err, backend.ENOTFOUND)
		}
		for _, id := range []string{"not-an-id", ""} {
			_, err := g.Neighbors(ctx, id, backend.NeighborOptions{Depth: 1})
			wantCode(t, fmt.Sprintf("start %q", id), err, backend.EINVALID)
		}
	})

	t.Run("ShortestPath", func(t *testing.T) {
		tests := []struct {
			name     string
			from, to string
			depth    int
			want     [][]string // the accepted paths
		}{
			{name: "along links", from: "Ada Lovelace", to: "Difference Engine", depth: 6,
				want: [][]string{{"Ada Lovelace", "Analytical Engine", "Difference Engine"}}},
			{name: "against the direction", from: "Charles Babbage", to: "Notes on the Engine", depth: 6,
				want: [][]string{{"Charles Babbage", "Analytical Engine", "Notes on the Engine"}}},
			{name: "through a placeholder", from: "Seeker", to: "Charles Babbage", depth: 6,
				want: [][]string{{"Seeker", "placeholder:missing note", "Charles Babbage"}}},
			{name: "two shortest paths, one through a tag", from: "Ada Lovelace", to: "Charles Babbage", depth: 6,
				want: [][]string{{"Ada Lovelace", "Analytical Engine", "Charles Babbage"}, {"Ada Lovelace", "tag:math", "Charles Babbage"}}},
			{name: "exactly max depth", from: "Seeker", to: "Difference Engine", depth: 3,
				want: [][]string{{"Seeker", "placeholder:missing note", "Analytical Engine", "Difference Engine"}}},
			{name: "longer than max depth", from: "Seeker", to: "Difference Engine", depth: 2, want: [][]string{{}}},
			{name: "none", from: "Lonely", to: "Ada Lovelace", depth: 10, want: [][]string{{}}},
			{name: "not through a trashed note", from: "Self", to: "Ada Lovelace", depth: 10, want: [][]string{{}}},
			{name: "same note", from: "Lonely", to: "Lonely", depth: 1, want: [][]string{{"Lonely"}}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := g.ShortestPath(ctx, v.id(tc.from), v.id(tc.to), tc.depth)
				if err != nil {
					t.Fatal(err)
				}
				names := v.nodeNames(got)
				for _, w := range tc.want {
					if slices.Equal(names, w) {
						return
					}
				}
				t.Errorf("path = %q; want one of %q", names, tc.want)
			})
		}
		ada, lonely := v.id("Ada Lovelace"), v.id("Lonely")
		for _, d := range []int{0, -1, 11} {
			_, err := g.ShortestPath(ctx, ada, lonely, d)
			wantCode(t, fmt.Sprintf("max depth %d", d), err, backend.EINVALID)
		}
		_, err := g.ShortestPath(ctx, ada, draft, 5)
		wantCode(t, "to a trashed note", err, backend.ENOTFOUND)
		_, err = g.ShortestPath(ctx, "6f1c1d5e-0000-4000-8000-000000000000", ada, 5)
		wantCode(t, "from an unknown note", err, backend.ENOTFOUND)
		_, err = g.ShortestPath(ctx, "not-an-id", ada, 5)
		wantCode(t, "from a malformed id", err, backend.EINVALID)
		_, err = g.ShortestPath(ctx, ada, "", 5)
		wantCode(t, "to an empty id", err, backend.EINVALID)
	})

	t.Run("Backlinks", func(t *testing.T) {
		tests := []struct {
			note string
			want []string
		}{
			{"Analytical Engine", []string{"Ada Lovelace", "Notes on the Engine"}}, // links, ×2 counted once
			{"Ada Lovelace", []string{"Notes on the Engine"}},                      // typed; the trashed draft is gone
			{"Difference Engine", []string{"Analytical Engine"}},                   // embed
			{"Self", []string{"Self"}},
			{"Lonely", nil},
		}
		for _, tc := range tests {
			got, err := g.Backlinks(ctx, v.id(tc.note))
			if err != nil {
				t.Fatal(err)
			}
			if names := v.nodeNames(got); !slices.Equal(names, tc.want) && (len(names) > 0 || len(tc.want) > 0) {
				t.Errorf("Backlinks(%s) = %q; want %q", tc.note, names, tc.want)
			}
		}
		_, err := g.Backlinks(ctx, draft)
		wantCode(t, "backlinks of a trashed note", err, backend.ENOTFOUND)
		_, err = g.Backlinks(ctx, "not-an-id")
		wantCode(t, "backlinks of a malformed id", err, backend.EINVALID)
	})

	t.Run("Orphans", func(t *testing.T) {
		got, err := g.Orphans(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		v.checkNodes("Orphans(10)", got, "Image Holder", "Lonely")
		for _, n := range got {
			if n.Degree != 0 || !slices.Equal(n.Labels, []string{"Note"}) {
				t.Errorf("orphan %s: degree %d labels %q", n.Title, n.Degree, n.Labels)
			}
		}
		got, err = g.Orphans(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		v.checkNodes("Orphans(1)", got, "Image Holder")
		_, err = g.Orphans(ctx, 0)
		wantCode(t, "Orphans(0)", err, backend.EINVALID)
	})

	t.Run("Hubs", func(t *testing.T) {
		got, err := g.Hubs(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		// In-degree 2, then 1 each by id; Self's self-link does not count.
		v.checkNodes("Hubs(10)", got, append([]string{"Analytical Engine"}, v.order("Ada Lovelace", "Charles Babbage", "Difference Engine")...)...)
		if len(got) > 0 && got[0].Degree != 5 {
			t.Errorf("hub degree %d; want 5", got[0].Degree)
		}
		got, err = g.Hubs(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		v.checkNodes("Hubs(1)", got, "Analytical Engine")
		_, err = g.Hubs(ctx, 0)
		wantCode(t, "Hubs(0)", err, backend.EINVALID)
	})

	t.Run("Clusters", func(t *testing.T) {
		got, err := g.Clusters(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != 1 || got[0].Size != 5 {
			t.Fatalf("clusters = %+v; want one of 5 notes", got)
		}
		v.checkNodes("cluster", got[0].Nodes, append([]string{"Analytical Engine"}, append(v.order("Ada Lovelace", "Charles Babbage"),
			"Notes on the Engine", "Difference Engine")...)...)
	})

	t.Run("Overview", func(t *testing.T) {
		all, err := g.Overview(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		// By degree, then id: placeholders sort after note UUIDs, tags after placeholders.
		want := []string{"Analytical Engine"}
		want = append(want, v.order("Ada Lovelace", "Charles Babbage", "placeholder:missing note")...)
		want = append(want, v.order("Notes on the Engine", "Self", "tag:math")...)
		want = append(want, v.order("Difference Engine", "Seeker", "placeholder:old draft")...)
		want = append(want, v.order("Image Holder", "Lonely")...)
		v.checkNodes("Overview(100)", all.Nodes, want...)
		if all.Truncated {
			t.Error("Overview(100) truncated; want every node")
		}
		v.checkEdges("Overview(100)", all.Edges, libraryEdges...)

		top, err := g.Overview(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		v.checkNodes("Overview(3)", top.Nodes, want[:3]...)
		if !top.Truncated {
			t.Error("Overview(3) not truncated")
		}
		v.checkEdges("Overview(3)", top.Edges, "Ada Lovelace -LINKS_TO-> Analytical Engine ×1", "Analytical Engine -LINKS_TO-> Charles Babbage ×1")
	})

	t.Run("Stats", func(t *testing.T) {
		st, err := g.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// 9 live notes, #math, [missing note], [old draft]; not the draft, #draft or [Ghost].
		want := backend.GraphStats{Nodes: 12, Edges: len(libraryEdges), Orphans: 2, Clusters: 1}
		if st != want {
			t.Errorf("Stats = %+v; want %+v", st, want)
		}
	})
}

// libraryEdges are every edge of the library vault.
var libraryEdges = []string{
	"Ada Lovelace -LINKS_TO-> Analytical Engine ×1",
	"Ada Lovelace -TAGGED-> tag:math ×1",
	"Analytical Engine -LINKS_TO-> Charles Babbage ×1",
	"Analytical Engine -LINKS_TO-> placeholder:missing note ×1",
	"Analytical Engine -EMBEDS-> Difference Engine ×1",
	"Charles Babbage -TAGGED-> tag:math ×1",
	"Charles Babbage -LINKS_TO-> placeholder:missing note ×1",
	"Notes on the Engine -AUTHOR-> Ada Lovelace ×1",
	"Notes on the Engine -LINKS_TO-> Analytical Engine ×2",
	"Seeker -LINKS_TO-> placeholder:missing note ×1",
	"Self -LINKS_TO-> Self ×1",
	"Self -LINKS_TO-> placeholder:old draft ×1",
}

// runCommunities checks clusters on two cliques joined by one link, a pair
// and a note tied to the rest by a tag only.
func runCommunities(t *testing.T, newGraph Factory) {
	v := newVault(t)
	clique := func(names ...string) {
		for _, n := range names {
			var b strings.Builder
			for _, m := range names {
				if m != n {
					fmt.Fprintf(&b, "[[%s]] ", m)
				}
			}
			if n == "A4" {
				b.WriteString("[[B1]] ")
			}
			b.WriteString("#shared")
			v.create(n, "", b.String())
		}
	}
	clique("A1", "A2", "A3", "A4")
	clique("B1", "B2", "B3", "B4")
	v.create("P", "", "[[Q]] #shared")
	v.create("Q", "", "[[P]] [[P]]")
	v.create("S", "", "#shared")
	v.open(newGraph)
	ctx := v.ctx

	got, err := v.g.Clusters(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Equal sizes: the cluster with the smallest member path ("A1.md") first,
	// whatever ids the notes got.
	want := [][]string{{"A1", "A2", "A3", "A4"}, {"B1", "B2", "B3", "B4"}, {"P", "Q"}}
	if len(got) != len(want) {
		t.Fatalf("got %d clusters; want %d: %+v", len(got), len(want), got)
	}
	for i, c := range got {
		names := v.nodeNames(c.Nodes)
		slices.Sort(names)
		if c.ID != i+1 || c.Size != len(want[i]) || !slices.Equal(names, want[i]) {
			t.Errorf("cluster %d = id %d size %d %q; want id %d size %d %q", i, c.ID, c.Size, names, i+1, len(want[i]), want[i])
		}
		if !slices.IsSortedFunc(c.Nodes, func(x, y backend.GraphNode) int {
			if x.Degree != y.Degree {
				return y.Degree - x.Degree
			}
			return strings.Compare(x.ID, y.ID)
		}) {
			t.Errorf("cluster %d nodes not by degree, then id: %+v", i, c.Nodes)
		}
	}
	// A4 and B1 have the bridge: 3 links out, 3 in, the bridge and the tag.
	if n := got[0].Nodes[0]; n.Degree != 8 || (v.name(n.ID) != "A4" && v.name(n.ID) != "B1") {
		t.Errorf("most connected = %s degree %d; want A4 or B1, degree 8", v.name(n.ID), n.Degree)
	}
	one, err := v.g.Clusters(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(one) != 1 || one[0].Size != 4 {
		t.Errorf("Clusters(1) = %+v; want the first cluster only", one)
	}
	_, err = v.g.Clusters(ctx, 0)
	wantCode(t, "Clusters(0)", err, backend.EINVALID)
	st, err := v.g.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 11 notes and #shared; 12+12 clique links, the bridge, P–Q both ways, 10 tags.
	if want := (backend.GraphStats{Nodes: 12, Edges: 12 + 12 + 1 + 2 + 10, Orphans: 0, Clusters: 3}); st != want {
		t.Errorf("Stats = %+v; want %+v", st, want)
	}
}

// runEmpty checks every view of an empty vault.
func runEmpty(t *testing.T, newGraph Factory) {
	v := newVault(t)
	v.open(newGraph)
	ctx := v.ctx
	st, err := v.g.Stats(ctx)
	if err != nil || st != (backend.GraphStats{}) {
		t.Errorf("Stats = %+v, %v; want zeros", st, err)
	}
	sg, err := v.g.Overview(ctx, 0)
	if err != nil || len(sg.Nodes) != 0 || len(sg.Edges) != 0 || sg.Truncated {
		t.Errorf("Overview = %+v, %v; want nothing", sg, err)
	}
	if ns, err := v.g.Orphans(ctx, 5); err != nil || len(ns) != 0 {
		t.Errorf("Orphans = %v, %v; want none", ns, err)
	}
	if ns, err := v.g.Hubs(ctx, 5); err != nil || len(ns) != 0 {
		t.Errorf("Hubs = %v, %v; want none", ns, err)
	}
	if cs, err := v.g.Clusters(ctx, 5); err != nil || len(cs) != 0 {
		t.Errorf("Clusters = %v, %v; want none", cs, err)
	}
	_, err = v.g.Neighbors(ctx, "6f1c1d5e-0000-4000-8000-000000000000", backend.NeighborOptions{Depth: 1})
	wantCode(t, "Neighbors of an unknown note", err, backend.ENOTFOUND)
}

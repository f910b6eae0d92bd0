package timeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/service"
	"secondbrain/backend/timeline"
)

// asOfVault is a small vault written at two moments: then (t1) and later
// (t2), with mid between them.
type asOfVault struct {
	*vault
	views                  *timeline.Views
	ada, engines, deep, po uuid.UUID
	mid                    time.Time
}

func openAsOfVault(t *testing.T) *asOfVault {
	t.Helper()
	ctx := context.Background()
	v := openVault(t)
	t1 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	t2 := t1.Add(48 * time.Hour)
	mk := func(title, folder, body string) *backend.Note {
		n, err := v.notes.Create(ctx, title, folder, body)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := v.maxSeq(t)
	ada := mk("Ada", "people", "Ada wrote about engines & <script>alert(1)</script> #math")
	engines := mk("Engines", "", "The analytical engines.\nSee [[Ada]] for more.")
	deep := mk("Deep", "", "Deeper: [[Engines]]")
	v.stamp(t, before, t1)
	before = v.maxSeq(t)
	if _, err := v.notes.Save(ctx, ada.ID.String(), ada.Version, "Ada wrote poetry"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.notes.Save(ctx, engines.ID.String(), engines.Version, "No links now"); err != nil {
		t.Fatal(err)
	}
	cur, err := v.notes.Get(ctx, ada.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.notes.Rename(ctx, ada.ID.String(), cur.Version, "Ada Lovelace", false); err != nil {
		t.Fatal(err)
	}
	po := mk("Poems", "", "By [[Ada Lovelace]]")
	v.stamp(t, before, t2)
	return &asOfVault{vault: v, views: timeline.NewViews(v.tl, service.Derive), ada: ada.ID, engines: engines.ID,
		deep: deep.ID, po: po.ID, mid: t1.Add(24 * time.Hour)}
}

func hitTitles(hs []timeline.HitAt) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Title)
	}
	return out
}

func TestSearchAt(t *testing.T) {
	v := openAsOfVault(t)
	ctx := context.Background()
	now := time.Now()
	tests := []struct {
		name string
		at   time.Time
		text string
		want []string
	}{
		{"old words then", v.mid, "analytical", []string{"Engines"}},
		{"title match first", v.mid, "ada", []string{"Ada", "Engines"}},
		{"all words", v.mid, "ada wrote", []string{"Ada"}},
		{"new words not yet", v.mid, "poetry", nil},
		{"new words now", now, "poetry", []string{"Ada Lovelace"}},
		{"old words gone now", now, "analytical", nil},
		{"before the first change", v.mid.Add(-30 * 24 * time.Hour), "ada", nil},
		{"no words", v.mid, "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, err := v.views.SearchAt(ctx, tt.at, tt.text, 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitTitles(hs); !slices.Equal(got, tt.want) {
				t.Errorf("SearchAt(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
	hs, err := v.views.SearchAt(ctx, v.mid, "wrote engines", 10)
	if err != nil {
		t.Fatal(err)
	}
	ada := hs[0]
	if ada.Path != "people/Ada.md" || ada.Version != 1 {
		t.Errorf("hit = %s v%d; want people/Ada.md v1 (the path and version then)", ada.Path, ada.Version)
	}
	if !strings.Contains(ada.Snippet, "<mark>engines</mark>") || strings.Contains(ada.Snippet, "<script>") ||
		!strings.Contains(ada.Snippet, "&amp;") {
		t.Errorf("snippet = %q; want the match marked and the note's markup escaped", ada.Snippet)
	}
	if _, err := v.views.SearchAt(ctx, now.Add(time.Hour), "ada", 10); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("SearchAt(future) err = %v; want invalid", err)
	}
}

func TestBacklinksAt(t *testing.T) {
	v := openAsOfVault(t)
	ctx := context.Background()
	bl, err := v.views.BacklinksAt(ctx, v.ada, v.mid)
	if err != nil {
		t.Fatal(err)
	}
	if len(bl) != 1 || bl[0].SourceID != v.engines || bl[0].SourceTitle != "Engines" || bl[0].Context != "See [[Ada]] for more." {
		t.Errorf("BacklinksAt(Ada, then) = %+v; want Engines with its line then", bl)
	}
	bl, err = v.views.BacklinksAt(ctx, v.ada, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(bl) != 1 || bl[0].SourceID != v.po {
		t.Errorf("BacklinksAt(Ada, now) = %+v; want Poems", bl)
	}
	if _, err := v.views.BacklinksAt(ctx, v.po, v.mid); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("BacklinksAt(a note not yet written) err = %v; want not_found", err)
	}
}

func TestGraphAt(t *testing.T) {
	v := openAsOfVault(t)
	ctx := context.Background()
	summary := func(g *backend.Subgraph) (nodes, edges []string) {
		title := map[string]string{}
		for _, n := range g.Nodes {
			title[n.ID] = n.Title
			nodes = append(nodes, n.Title)
		}
		for _, e := range g.Edges {
			edges = append(edges, fmt.Sprintf("%s-%s->%s", title[e.Source], e.Type, title[e.Target]))
		}
		sort.Strings(nodes)
		sort.Strings(edges)
		return nodes, edges
	}
	tests := []struct {
		name         string
		at           time.Time
		depth        int
		nodes, edges []string
	}{
		{"depth 1 then", v.mid, 1, []string{"#math", "Ada", "Engines"}, []string{"Ada-TAGGED->#math", "Engines-LINKS_TO->Ada"}},
		{"depth 2 then", v.mid, 2, []string{"#math", "Ada", "Deep", "Engines"},
			[]string{"Ada-TAGGED->#math", "Deep-LINKS_TO->Engines", "Engines-LINKS_TO->Ada"}},
		{"now", time.Now(), 2, []string{"Ada Lovelace", "Poems"}, []string{"Poems-LINKS_TO->Ada Lovelace"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := v.views.GraphAt(ctx, v.ada, tt.at, tt.depth, 0)
			if err != nil {
				t.Fatal(err)
			}
			nodes, edges := summary(g)
			if !slices.Equal(nodes, tt.nodes) || !slices.Equal(edges, tt.edges) {
				t.Errorf("GraphAt = %q %q; want %q %q", nodes, edges, tt.nodes, tt.edges)
			}
			if g.Nodes[0].ID != v.ada.String() {
				t.Errorf("first node = %s; want the start note", g.Nodes[0].Title)
			}
		})
	}
	if _, err := v.views.GraphAt(ctx, v.ada, v.mid, 3, 0); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("GraphAt(depth 3) err = %v; want invalid", err)
	}
}

// TestBacklinksAtNowMatchStore checks the as-of link resolution against the
// store's: as of now, every note's backlinks are the store's backlinks, in
// a seeded random vault of folders, titles, paths, relative links and
// aliases.
func TestBacklinksAtNowMatchStore(t *testing.T) {
	v := openVault(t)
	views := timeline.NewViews(v.tl, service.Derive)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, 20))
	folders := []string{"", "a", "a/b", "c"}
	names := []string{"one", "two", "three", "four", "five"}
	var ids, bodies []string
	for i := 0; i < 40; i++ {
		var b strings.Builder
		if r.IntN(4) == 0 {
			fmt.Fprintf(&b, "---\naliases: [%s-alias]\n---\n", names[r.IntN(len(names))])
		}
		front := b.String()
		for j, n := 0, r.IntN(5); j < n; j++ {
			name := names[r.IntN(len(names))]
			switch r.IntN(6) {
			case 0:
				fmt.Fprintf(&b, "see [[%s]]\n", name)
			case 1:
				fmt.Fprintf(&b, "see [[%s/%s]]\n", folders[1+r.IntN(3)], name)
			case 2:
				fmt.Fprintf(&b, "see [x](%s.md)\n", name)
			case 3:
				fmt.Fprintf(&b, "see ![[%s]]\n", name)
			case 4:
				fmt.Fprintf(&b, "see [[%s-alias]]\n", name)
			default:
				fmt.Fprintf(&b, "see [[b/%s]]\n", name)
			}
		}
		n, err := v.notes.Create(ctx, names[r.IntN(len(names))], folders[r.IntN(len(folders))], front)
		if backend.ErrorCode(err) == backend.ECONFLICT {
			continue // that path is taken
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID.String())
		bodies = append(bodies, b.String())
	}
	// The links come once every note and alias exists: the store resolves a link
	// when it is written (or when its target appears), so it resolves
	// against the whole vault, as a moment's links do.
	for i, id := range ids {
		if _, err := v.notes.Save(ctx, id, 1, bodies[i]); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	for _, id := range ids {
		want, err := v.notes.Backlinks(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := views.BacklinksAt(ctx, uuid.MustParse(id), now)
		if err != nil {
			t.Fatal(err)
		}
		var w, g []string
		for _, b := range want {
			w = append(w, b.SourcePath+": "+b.Context)
		}
		for _, b := range got {
			g = append(g, b.SourcePath+": "+b.Context)
		}
		sort.Strings(w)
		sort.Strings(g)
		if !slices.Equal(g, w) {
			t.Errorf("BacklinksAt(%s, now) = %q; want the store's %q", id, g, w)
		}
	}
}

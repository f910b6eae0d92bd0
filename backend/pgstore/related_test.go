package pgstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

// createParsed creates a note with the links and tags of its body.
func createParsed(tb testing.TB, st *pgstore.Store, path, body string) *backend.Note {
	tb.Helper()
	n, err := st.CreateNote(context.Background(), backend.NewNote{Title: strings.TrimSuffix(path, ".md"), Path: path, Body: body,
		Derived: service.Derive(path, body)})
	if err != nil {
		tb.Fatalf("create %s: %v", path, err)
	}
	return n
}

// TestLinkNeighbours: a note's neighbours are the notes it links to and
// from, the notes linking to the same targets (with a note or not) and
// those sharing a tag, each named; a target more than 50 notes link to
// (a journal's "todo") makes no neighbours.
func TestLinkNeighbours(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	bread := createParsed(t, st, "Bread.md", "Needs [[Flour]] and [[yeast]]; see [[todo]]. #baking")
	createParsed(t, st, "Flour.md", "Milled for [[Bread]].")
	createParsed(t, st, "Sourdough.md", "Wild [[yeast]], also [[todo]].")
	createParsed(t, st, "Oven.md", "Hot. #baking")
	for i := range 51 {
		createParsed(t, st, fmt.Sprintf("Day %d.md", i), "- [[todo]]")
	}
	ns, err := st.LinkNeighbours(ctx, bread.ID, 20)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range ns {
		got[n.Title] = fmt.Sprintf("to=%v from=%v shared=%d %v tags=%d %v", n.LinksTo, n.LinkedFrom, n.Shared, n.SharedLinkNames, n.SharedTags, n.SharedTagNames)
	}
	want := map[string]string{
		"Flour":     "to=true from=true shared=0 [] tags=0 []",
		"Sourdough": "to=false from=false shared=1 [yeast] tags=0 []",
		"Oven":      "to=false from=false shared=0 [] tags=1 [baking]",
	}
	if len(got) != len(want) {
		t.Errorf("neighbours = %v; want %v", got, want)
	}
	for title, w := range want {
		if got[title] != w {
			t.Errorf("%s: %q; want %q", title, got[title], w)
		}
	}
	if len(ns) > 0 && ns[0].Title != "Flour" {
		t.Errorf("first neighbour %s; want Flour, linked both ways", ns[0].Title)
	}
}

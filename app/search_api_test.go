package app

import (
	"strings"
	"testing"

	"secondbrain/app/dto"
)

// TestSearchAPITagsAndTitles: the search panel's call lists a tag's notes
// without words (newest first, nested tags included, in every mode), and
// puts the note titled like the query first.
func TestSearchAPITagsAndTitles(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	var ids []string
	for _, n := range []struct{ title, body string }{
		{"Old project", "#proj the first"},
		{"Sub project", "#proj/sub the second"},
		{"Elsewhere", "#projection not the same tag"},
		{"Flancia", "A place."},
		{"Flancia diary", strings.Repeat("flancia again and flancia. ", 200)},
	} {
		d, err := notes.Create(n.title, "", n.body)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	api := &SearchAPI{app: a}
	for _, mode := range []string{"", "lexical", "hybrid", "semantic"} {
		hits, err := api.Search(dto.SearchRequest{Tags: []string{"#proj"}, Mode: mode})
		if err != nil || len(hits) != 2 || hits[0].ID != ids[1] || hits[1].ID != ids[0] {
			t.Fatalf("mode %q, tag proj without words = %+v, %v; want Sub project then Old project", mode, hits, err)
		}
		if hits[0].Snippet == "" || !strings.Contains(hits[0].Why, "#proj") {
			t.Errorf("mode %q: hit %+v lacks its snippet or why", mode, hits[0])
		}
	}
	hits, err := api.Search(dto.SearchRequest{Text: "flancia"})
	if err != nil || len(hits) < 2 || hits[0].Title != "Flancia" {
		t.Fatalf("search flancia = %+v, %v; want Flancia first", hits, err)
	}
}

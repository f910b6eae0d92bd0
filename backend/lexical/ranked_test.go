package lexical_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"secondbrain/backend"
)

// TestSearchRankedDescribesAlike: SearchRanked gives Search's hits in
// Search's order, and its describe func completes any of them, alone or
// with others, as Search did: the same titles, paths, snippets and whys.
func TestSearchRankedDescribesAlike(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	for i := range 12 {
		create(t, st, fmt.Sprintf("garden/bread %d.md", i), fmt.Sprintf("Sourdough bread %d rises slowly; the starter needs flour and water. #baking", i))
	}
	create(t, st, "Bread.md", "All about bread.")
	create(t, st, "notes/oven.md", "A hot oven bakes the loaf; bread crust forms.")
	for _, q := range []backend.SearchQuery{
		{Text: "bread", Limit: 10},
		{Text: "sourdough starter", Limit: 5},
		{Text: "bred", Limit: 5}, // a typo of a title
		{Text: "", Tags: []string{"baking"}, Limit: 4},
	} {
		t.Run(q.Text, func(t *testing.T) {
			want, err := st.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ranked, describe, err := st.SearchRanked(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(ranked) != len(want) {
				t.Fatalf("SearchRanked gave %d hits; Search %d", len(ranked), len(want))
			}
			for i := range ranked {
				if ranked[i].ID != want[i].ID || ranked[i].Score != want[i].Score || ranked[i].Tier != want[i].Tier {
					t.Fatalf("hit %d: ranked %v %v %v; Search %v %v %v", i, ranked[i].ID, ranked[i].Score, ranked[i].Tier, want[i].ID, want[i].Score, want[i].Tier)
				}
			}
			if describe == nil {
				if !reflect.DeepEqual(ranked, want) {
					t.Fatalf("complete hits %+v; Search %+v", ranked, want)
				}
				return
			}
			// Every other hit, then the rest: each as Search described it.
			var odd, even []backend.SearchHit
			for i, h := range ranked {
				if i%2 == 1 {
					odd = append(odd, h)
				} else {
					even = append(even, h)
				}
			}
			for _, part := range [][]backend.SearchHit{odd, even} {
				if err := describe(ctx, part); err != nil {
					t.Fatal(err)
				}
			}
			for i := range want {
				got := even
				if i%2 == 1 {
					got = odd
				}
				if h := got[i/2]; !reflect.DeepEqual(h, want[i]) {
					t.Errorf("hit %d described %+v; Search %+v", i, h, want[i])
				}
			}
		})
	}
}

package sqlgraph_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/sqlgraph"
)

// TestWalkFanOutCap checks that the SQL walk, which fetches per level only
// what the result can still take, answers as the uncapped SQL walk and as
// the walk index on the same store: neighbourhoods that a tag, a hub note
// and a placeholder with more notes than the limit cut, at every depth,
// with limits on both sides of each level's size, and with relation types
// and labels.
func TestWalkFanOutCap(t *testing.T) {
	ctx := context.Background()
	st, notes := openVault(t)
	r := rand.New(rand.NewPCG(7, 8))
	const n = 48
	title := func(i int) string { return fmt.Sprintf("N%02d", i) }
	var ids []string
	for i := 0; i < n; i++ {
		var b strings.Builder
		b.WriteString("[[Hub]] #big\n")
		if i%2 == 0 {
			b.WriteString("[[Ghost]] #even\n")
		}
		if i%7 == 0 {
			fmt.Fprintf(&b, "---\nauthor: \"[[%s]]\"\n---\n", title((i+5)%n))
		}
		for k := 0; k < 2; k++ {
			fmt.Fprintf(&b, "[[%s]] ", title(r.IntN(n)))
		}
		if i%11 == 0 {
			fmt.Fprintf(&b, "![[%s]] #t%d", title(r.IntN(n)), i)
		}
		note, err := notes.Create(ctx, title(i), "", b.String())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, note.ID.String())
	}
	hub, err := notes.Create(ctx, "Hub", "", "[[N03]] #hub")
	if err != nil {
		t.Fatal(err)
	}
	lone, err := notes.Create(ctx, "Lone", "", "#big")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Trash(ctx, ids[5]); err != nil {
		t.Fatal(err)
	}
	starts := []string{hub.ID.String(), lone.ID.String(), ids[0], ids[33]}

	capped := sqlgraph.New(st.DB())
	uncapped := sqlgraph.Uncapped(sqlgraph.New(st.DB()))
	indexed := sqlgraph.New(st.DB())
	if err := indexed.BuildWalkIndex(ctx); err != nil {
		t.Fatal(err)
	}
	cut := 0
	for _, start := range starts {
		for depth := 1; depth <= 3; depth++ {
			for _, limit := range []int{1, 2, 3, 6, 25, 26, 48, 49, 50, 500} {
				for _, types := range [][]string{nil, {"LINKS_TO", "author"}, {"EMBEDS", "TAGGED"}} {
					for _, labels := range [][]string{nil, {"Note"}} {
						opts := backend.NeighborOptions{Depth: depth, Limit: limit, RelTypes: types, Labels: labels}
						want, err := indexed.Neighbors(ctx, start, opts)
						if err != nil {
							t.Fatal(err)
						}
						if !sqlgraph.Indexed(indexed) {
							t.Fatal("the walk index was dropped")
						}
						if want.Truncated {
							cut++
						}
						for name, g := range map[string]*sqlgraph.Graph{"capped": capped, "uncapped": uncapped} {
							got, err := g.Neighbors(ctx, start, opts)
							if err != nil {
								t.Fatal(err)
							}
							if !reflect.DeepEqual(got, want) {
								t.Errorf("%s walk, Neighbors(%s, %+v):\n got %+v\nwant %+v", name, start, opts, got, want)
							}
						}
					}
				}
			}
		}
	}
	if cut == 0 {
		t.Fatal("no neighbourhood was cut: the test checks nothing")
	}
}

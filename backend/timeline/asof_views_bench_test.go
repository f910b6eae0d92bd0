package timeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend/service"
	"secondbrain/backend/timeline"
)

// BenchmarkAsOfSearch: a two-word search over the vault as of the middle
// of its log (full text over every note's body then, computed per query).
func BenchmarkAsOfSearch(b *testing.B) {
	v := openBenchVault(b)
	views := timeline.NewViews(v.tl, service.Derive)
	ctx := context.Background()
	at := benchEnd.AddDate(-1, 0, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hs, err := views.SearchAt(ctx, at, "word7 tail", 50)
		if err != nil || len(hs) == 0 {
			b.Fatalf("%d hits, %v", len(hs), err)
		}
	}
}

// BenchmarkAsOfLinks: backlinks as of a new moment each time (reading and
// parsing every note's body then, resolving the links), the cost of the
// first backlinks or graph call at a moment; later calls at the same
// moment are served from the kept index.
func BenchmarkAsOfLinks(b *testing.B) {
	v := openBenchVault(b)
	views := timeline.NewViews(v.tl, service.Derive)
	ctx := context.Background()
	id := uuid.MustParse("00000000-0000-0000-0000-000000000000")
	if err := v.st.DB().QueryRow(`SELECT md5('n1')::uuid`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	at := benchEnd.AddDate(-1, 0, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := views.BacklinksAt(ctx, id, at.Add(time.Duration(i)*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}

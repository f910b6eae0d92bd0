package indexer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/embedder"
	"secondbrain/backend/indexer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/vectorindex"
)

// BenchmarkCatchUp measures the indexer end to end on real PostgreSQL:
// 300 notes of three sections each, chunked, embedded with the built-in
// model, stored and put into the embedded index; reported as chunks/s.
func BenchmarkCatchUp(b *testing.B) {
	ctx := context.Background()
	m, err := embedder.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	para := strings.Repeat("Alterations of the architecture of cerebral white matter can affect cortical development. ", 5)
	chunks := 0
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		st, err := pgstore.Open(ctx, pgtest.NewDatabase(b), nil)
		if err != nil {
			b.Fatal(err)
		}
		for n := range 300 {
			body := fmt.Sprintf("# One\n\n%s %d\n\n# Two\n\n%s %d\n\n# Three\n\n%s %d", para, n, para, n+1, para, n+2)
			if _, err := st.CreateNote(ctx, backend.NewNote{Title: fmt.Sprint("n", n), Path: fmt.Sprint("n", n, ".md"), Body: body}); err != nil {
				b.Fatal(err)
			}
		}
		ix := indexer.New(st, m, vectorindex.New(m.Dim()), indexer.Options{})
		b.StartTimer()
		if _, err := ix.CatchUp(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		p, _ := ix.Progress(ctx)
		chunks += p.Embedded + p.Reused
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(chunks)/b.Elapsed().Seconds(), "chunks/s")
}

package vectorindex_test

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/embedder"
	"secondbrain/backend/indexer"
	"secondbrain/backend/testkit/corpora"
	"secondbrain/backend/vectorindex"
	"secondbrain/backend/vectortest"
)

// TestConformanceApproximate runs the conformance suite with every search
// going through the signatures (the suite's indexes are small, so the
// candidates cover them: this checks the plumbing, TestANNRecall the
// approximation).
func TestConformanceApproximate(t *testing.T) {
	vectortest.Run(t, func(t *testing.T, dim int) backend.VectorIndex {
		return vectorindex.NewWithOptions(dim, vectorindex.Options{ExactUpTo: 1})
	})
}

// clustered returns n vectors around k random centres, as embeddings of
// notes on k topics look, and the rng for queries.
func clustered(n, k, dim int, seed uint64) ([][]float32, [][]float32) {
	rng := rand.New(rand.NewPCG(seed, 7))
	centres := make([][]float32, k)
	for c := range centres {
		centres[c] = make([]float32, dim)
		for j := range centres[c] {
			centres[c][j] = float32(rng.NormFloat64())
		}
	}
	vecs := make([][]float32, n)
	for i := range vecs {
		c := centres[rng.IntN(k)]
		v := make([]float32, dim)
		for j := range v {
			v[j] = c[j] + 0.9*float32(rng.NormFloat64())
		}
		vecs[i] = v
	}
	return vecs, centres
}

func fill(t testing.TB, ix backend.VectorIndex, vecs [][]float32) []uuid.UUID {
	t.Helper()
	ids := make([]uuid.UUID, len(vecs))
	batch := make([]backend.VectorPoint, 0, 1000)
	for i, v := range vecs {
		ids[i] = uuid.New()
		batch = append(batch, backend.VectorPoint{ID: ids[i], NoteID: ids[i], Vector: v, Tags: []string{[]string{"a", "b", "c"}[i%3]}})
		if len(batch) == cap(batch) || i == len(vecs)-1 {
			if err := ix.Upsert(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return ids
}

// recall is the share of the exact top-k the approximate search found,
// over the queries.
func recall(t testing.TB, exact, approx backend.VectorIndex, queries [][]float32, k int, f backend.VectorFilter) float64 {
	t.Helper()
	found, total := 0, 0
	for _, q := range queries {
		want, err := exact.Search(context.Background(), q, k, f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := approx.Search(context.Background(), q, k, f)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[uuid.UUID]bool{}
		for _, h := range got {
			ids[h.ID] = true
		}
		for _, h := range want {
			total++
			if ids[h.ID] {
				found++
			}
		}
	}
	return float64(found) / float64(total)
}

func queriesNear(vecs [][]float32, n int, seed uint64) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, 9))
	qs := make([][]float32, n)
	for i := range qs {
		src := vecs[rng.IntN(len(vecs))]
		q := make([]float32, len(src))
		for j := range q {
			q[j] = src[j] + 0.5*float32(rng.NormFloat64())
		}
		qs[i] = q
	}
	return qs
}

// TestANNRecall checks the approximate search finds nearly all of the
// exact top 10, with and without a filter, and keeps doing so after
// updates and deletes move points around in the slab.
func TestANNRecall(t *testing.T) {
	const n, dim = 20_000, 64
	vecs, _ := clustered(n, 200, dim, 1)
	exact := vectorindex.NewWithOptions(dim, vectorindex.Options{ExactUpTo: -1})
	approx := vectorindex.NewWithOptions(dim, vectorindex.Options{ExactUpTo: 1000})
	ids := fill(t, exact, vecs)
	// Same ids in both.
	pts := make([]backend.VectorPoint, n)
	for i, v := range vecs {
		pts[i] = backend.VectorPoint{ID: ids[i], NoteID: ids[i], Vector: v, Tags: []string{[]string{"a", "b", "c"}[i%3]}}
	}
	if err := approx.Upsert(context.Background(), pts); err != nil {
		t.Fatal(err)
	}
	qs := queriesNear(vecs, 100, 2)
	if r := recall(t, exact, approx, qs, 10, backend.VectorFilter{}); r < 0.9 {
		t.Errorf("recall@10 %.3f; want ≥ 0.9", r)
	}
	if r := recall(t, exact, approx, qs, 10, backend.VectorFilter{Tags: []string{"b"}}); r < 0.9 {
		t.Errorf("recall@10 with a tag filter %.3f; want ≥ 0.9", r)
	}
	// Delete a third, move another third: signatures must follow.
	ctx := context.Background()
	for _, ix := range []backend.VectorIndex{exact, approx} {
		if err := ix.DeleteNote(ctx, ids[:n/3]...); err != nil {
			t.Fatal(err)
		}
		moved := make([]backend.VectorPoint, 0, n/3)
		for i := n / 3; i < 2*n/3; i++ {
			moved = append(moved, backend.VectorPoint{ID: ids[i], NoteID: ids[i], Vector: vecs[(i+n/2)%n]})
		}
		if err := ix.Upsert(ctx, moved); err != nil {
			t.Fatal(err)
		}
	}
	if r := recall(t, exact, approx, qs, 10, backend.VectorFilter{}); r < 0.9 {
		t.Errorf("recall@10 after deletes and updates %.3f; want ≥ 0.9", r)
	}
	gone := map[uuid.UUID]bool{}
	for _, id := range ids[:n/3] {
		gone[id] = true
	}
	for _, q := range qs {
		hits, err := approx.Search(ctx, q, 20, backend.VectorFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if gone[h.ID] {
				t.Fatalf("deleted point %s found", h.ID)
			}
		}
	}
}

// BenchmarkSearchANN compares, in one run, the exact and the approximate
// search over SECONDBRAIN_BENCH_CHUNKS (default 300,000) clustered chunks
// of 256 dimensions: p50 latency of each, their ratio, recall@10 and the
// memory of the approximate index.
func BenchmarkSearchANN(b *testing.B) {
	n := 300_000
	if v := os.Getenv("SECONDBRAIN_BENCH_CHUNKS"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil {
			b.Fatal(err)
		}
	}
	const dim = 256
	vecs, _ := clustered(n, n/100, dim, 3)
	exact := vectorindex.NewWithOptions(dim, vectorindex.Options{ExactUpTo: -1})
	approx := vectorindex.NewWithOptions(dim, vectorindex.Options{ExactUpTo: 1})
	ids := fill(b, exact, vecs)
	pts := make([]backend.VectorPoint, n)
	for i, v := range vecs {
		pts[i] = backend.VectorPoint{ID: ids[i], NoteID: ids[i], Vector: v}
	}
	start := time.Now()
	if err := approx.Upsert(context.Background(), pts); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	vecs, pts = nil, nil
	runtime.GC()
	qs := queriesNear(func() [][]float32 { v, _ := clustered(2000, 20, dim, 3); return v }(), 50, 4)
	r := recall(b, exact, approx, qs, 10, backend.VectorFilter{})
	var le, la []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		t0 := time.Now()
		if _, err := exact.Search(context.Background(), q, 96, backend.VectorFilter{}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := approx.Search(context.Background(), q, 96, backend.VectorFilter{}); err != nil {
			b.Fatal(err)
		}
		le, la = append(le, t1.Sub(t0)), append(la, time.Since(t1))
	}
	b.StopTimer()
	slices.Sort(le)
	slices.Sort(la)
	pe, pa := le[len(le)/2], la[len(la)/2]
	b.ReportMetric(float64(pe.Microseconds())/1000, "exact-p50-ms")
	b.ReportMetric(float64(pa.Microseconds())/1000, "ann-p50-ms")
	b.ReportMetric(float64(pe)/float64(pa), "speedup-x")
	b.ReportMetric(r, "recall@10")
	b.ReportMetric(float64(build.Milliseconds()), "upsert-all-ms")
	b.ReportMetric(float64(approx.MemoryBytes())/(1<<20), "ann-index-MiB")
}

// BenchmarkANNRecallGarden measures recall@10 of the approximate search on
// real embeddings: the garden corpus's chunks through the built-in model,
// each of 200 chunks (with its own point left out) as a query.
func BenchmarkANNRecallGarden(b *testing.B) {
	root := corpora.Dir("garden")
	if _, err := os.Stat(root); err != nil {
		b.Skipf("no garden corpus at %s", root)
	}
	m, err := embedder.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		body, _ := os.ReadFile(p)
		for _, c := range indexer.Split(strings.TrimSuffix(d.Name(), ".md"), string(body), indexer.ChunkOptions{}) {
			texts = append(texts, c.Text)
		}
		return nil
	})
	vecs, err := m.Embed(context.Background(), texts)
	if err != nil {
		b.Fatal(err)
	}
	var kept [][]float32
	for _, v := range vecs {
		if !isZero(v) {
			kept = append(kept, v)
		}
	}
	exact := vectorindex.NewWithOptions(m.Dim(), vectorindex.Options{ExactUpTo: -1})
	approx := vectorindex.NewWithOptions(m.Dim(), vectorindex.Options{ExactUpTo: 1})
	ids := fill(b, exact, kept)
	pts := make([]backend.VectorPoint, len(kept))
	for i, v := range kept {
		pts[i] = backend.VectorPoint{ID: ids[i], NoteID: ids[i], Vector: v}
	}
	if err := approx.Upsert(context.Background(), pts); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	qs := make([][]float32, 200)
	for i := range qs {
		qs[i] = kept[rng.IntN(len(kept))]
	}
	var r float64
	for b.Loop() {
		r = recall(b, exact, approx, qs, 10, backend.VectorFilter{})
	}
	b.ReportMetric(float64(len(kept)), "chunks")
	b.ReportMetric(r, "recall@10")
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

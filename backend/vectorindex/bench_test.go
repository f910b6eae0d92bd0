package vectorindex_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/testkit/memstat"
	"secondbrain/backend/vectorindex"
)

// BenchmarkSearch100k is one semantic query (96 nearest chunks, as a
// search for 20 notes asks) over 100,000 chunks of 256 dimensions, the
// built-in model's. It reports the median latency and the index's memory.
func BenchmarkSearch100k(b *testing.B) {
	const n, dim = 100_000, 256
	rng := rand.New(rand.NewPCG(1, 2))
	before := memstat.Live()
	ix := randomIndex(b, n, dim, rng, func(i int) backend.VectorPoint {
		return backend.VectorPoint{Tags: []string{"t" + string(rune('a'+i%7))}, Folder: "f"}
	})
	after := memstat.Live()
	benchSearch(b, ix, randomVector(rng, dim), backend.VectorFilter{})
	b.ReportMetric(float64(ix.MemoryBytes())/(1<<20), "index-MiB")
	b.ReportMetric(float64(after-min(before, after))/(1<<20), "heap-MiB")
}

// BenchmarkFile100k reads an index of 100,000 chunks, each with four of
// 200 tags, one of 20 folders and a type, from its file, as the app
// starts, and times a query filtered by a tag. It reports the heap the
// read index holds (its vectors stay in the mapped file) and the median
// latency.
func BenchmarkFile100k(b *testing.B) {
	const n, dim = 100_000, 256
	rng := rand.New(rand.NewPCG(1, 2))
	ix := randomIndex(b, n, dim, rng, func(i int) backend.VectorPoint {
		tags := make([]string, 4)
		for j := range tags {
			tags[j] = fmt.Sprintf("t%d", rng.IntN(200))
		}
		return backend.VectorPoint{Tags: tags, Folder: fmt.Sprintf("f%d", i%20), Type: "note"}
	})
	path := filepath.Join(b.TempDir(), "x.idx")
	h := vectorindex.FileHeader{Model: "m", Scope: "v"}
	if err := ix.WriteFile(path, h); err != nil {
		b.Fatal(err)
	}
	ix = nil
	before := memstat.Live()
	read := vectorindex.New(dim)
	if _, err := read.ReadFile(path, h); err != nil {
		b.Fatal(err)
	}
	after := memstat.Live()
	benchSearch(b, read, randomVector(rng, dim), backend.VectorFilter{Tags: []string{"t7"}, Folder: "f3"})
	b.ReportMetric(float64(after-min(before, after))/(1<<20), "heap-MiB")
}

// randomIndex returns an index of n random vectors of dim, chunk i of a note of
// its own with the tags, folder and type meta(i) gives.
func randomIndex(b *testing.B, n, dim int, rng *rand.Rand, meta func(i int) backend.VectorPoint) *vectorindex.Index {
	b.Helper()
	ctx := context.Background()
	ix := vectorindex.New(dim)
	batch := make([]backend.VectorPoint, 0, 1000)
	for i := range n {
		p := meta(i)
		p.ID, p.NoteID, p.Chunk, p.Vector = uuid.New(), uuid.New(), i%5, randomVector(rng, dim)
		batch = append(batch, p)
		if len(batch) == cap(batch) || i == n-1 {
			if err := ix.Upsert(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return ix
}

// randomVector returns dim normally distributed numbers.
func randomVector(rng *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	for j := range v {
		v[j] = float32(rng.NormFloat64())
	}
	return v
}

// benchSearch times ix.Search of q (96 nearest, with f) b.N times and
// reports the median as p50-ms.
func benchSearch(b *testing.B, ix *vectorindex.Index, q []float32, f backend.VectorFilter) {
	b.Helper()
	ctx := context.Background()
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := ix.Search(ctx, q, 96, f); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}

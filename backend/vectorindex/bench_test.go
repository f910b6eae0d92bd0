package vectorindex_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
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
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := vectorindex.New(dim)
	batch := make([]backend.VectorPoint, 0, 1000)
	for i := range n {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(rng.NormFloat64())
		}
		batch = append(batch, backend.VectorPoint{ID: uuid.New(), NoteID: uuid.New(), Chunk: i % 5, Vector: v,
			Tags: []string{"t" + string(rune('a'+i%7))}, Folder: "f"})
		if len(batch) == cap(batch) {
			if err := ix.Upsert(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	q := make([]float32, dim)
	for j := range q {
		q[j] = float32(rng.NormFloat64())
	}
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := ix.Search(ctx, q, 96, backend.VectorFilter{}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(ix.MemoryBytes())/(1<<20), "index-MiB")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MiB")
}

// BenchmarkFile100k reads an index of 100,000 chunks, each with four of
// 200 tags, one of 20 folders and a type, from its file, as the app
// starts, and times a query filtered by a tag. It reports the heap the
// read index holds (its vectors stay in the mapped file) and the median
// latency.
func BenchmarkFile100k(b *testing.B) {
	const n, dim = 100_000, 256
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	ix := vectorindex.New(dim)
	batch := make([]backend.VectorPoint, 0, 1000)
	for i := range n {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(rng.NormFloat64())
		}
		tags := make([]string, 4)
		for j := range tags {
			tags[j] = fmt.Sprintf("t%d", rng.IntN(200))
		}
		batch = append(batch, backend.VectorPoint{ID: uuid.New(), NoteID: uuid.New(), Chunk: i % 5, Vector: v,
			Tags: tags, Folder: fmt.Sprintf("f%d", i%20), Type: "note"})
		if len(batch) == cap(batch) {
			if err := ix.Upsert(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	path := filepath.Join(b.TempDir(), "x.idx")
	h := vectorindex.FileHeader{Model: "m", Scope: "v"}
	if err := ix.WriteFile(path, h); err != nil {
		b.Fatal(err)
	}
	ix = nil
	heap := memstat.Live
	before := heap()
	read := vectorindex.New(dim)
	if _, err := read.ReadFile(path, h); err != nil {
		b.Fatal(err)
	}
	after := heap()
	q := make([]float32, dim)
	for j := range q {
		q[j] = float32(rng.NormFloat64())
	}
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := read.Search(ctx, q, 96, backend.VectorFilter{Tags: []string{"t7"}, Folder: "f3"}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(after-min(before, after))/(1<<20), "heap-MiB")
}

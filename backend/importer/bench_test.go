package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"secondbrain/backend/importer"
	"secondbrain/backend/testkit/corpora"
	"secondbrain/backend/testkit/vaultgen"
)

// BenchmarkImportGarden imports the real garden corpus (7.7k notes, 51k
// links) into a fresh database: notes written, links resolved.
func BenchmarkImportGarden(b *testing.B) {
	benchImport(b, corpora.Dir("garden"))
}

// BenchmarkImportScaled imports the garden scaled up by vaultgen to
// SECONDBRAIN_BENCH_NOTES notes (default 20,000; the goal is 100,000 in
// under 2 minutes with under 1 GB of memory).
func BenchmarkImportScaled(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && v > 0 {
		n = v
	}
	dir := filepath.Join(b.TempDir(), "vault")
	if _, err := vaultgen.Generate(corpora.Dir("garden"), dir, vaultgen.Options{Notes: n, Seed: 42}); err != nil {
		b.Fatal(err)
	}
	benchImport(b, dir)
}

func benchImport(b *testing.B, dir string) {
	if _, err := os.Stat(dir); err != nil {
		b.Fatalf("vault missing: %v", err)
	}
	var notes int
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := newEnv(b)
		runtime.GC()
		b.StartTimer()
		t0 := time.Now()
		rep, err := importer.Import(context.Background(), e.store, dir, importer.Options{Blobs: e.blobs})
		total += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		notes = rep.Notes
	}
	b.ReportMetric(float64(notes), "notes")
	b.ReportMetric(float64(notes)/total.Seconds()*float64(b.N), "notes/s")
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.ReportMetric(float64(ru.Maxrss)/1024, "peak-rss-MB")
}

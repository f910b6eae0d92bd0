package sqlgraph_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
	"secondbrain/backend/importer"
	"secondbrain/backend/internal/testkit/vaultgen"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/sqlgraph"
)

// benchVault imports the garden corpus (7.7k notes, 51k links) into a fresh
// database, or the garden scaled by vaultgen to SECONDBRAIN_BENCH_NOTES
// notes when that is set, and returns the graph and every live note id.
func benchVault(b *testing.B) (*sqlgraph.Graph, []string) {
	b.Helper()
	dir := "../../../shared/corpora/garden"
	if n, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && n > 0 {
		dir = filepath.Join(b.TempDir(), "vault")
		if _, err := vaultgen.Generate("../../../shared/corpora/garden", dir, vaultgen.Options{Notes: n, Seed: 42}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("corpus missing: %v", err)
	}
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	blobs, err := blobstore.New(filepath.Join(b.TempDir(), "blobs"))
	if err != nil {
		b.Fatal(err)
	}
	rep, err := importer.Import(ctx, st, dir, importer.Options{Blobs: blobs})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT id::text FROM notes WHERE trashed_at IS NULL ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	b.Logf("%d notes, %d links", rep.Notes, rep.Links)
	return sqlgraph.New(st.DB()), ids
}

// BenchmarkNeighbors times depth-2 neighbourhoods of random notes and of
// the biggest hubs (default limit 500).
func BenchmarkNeighbors(b *testing.B) {
	g, ids := benchVault(b)
	ctx := context.Background()
	hubs, err := g.Hubs(ctx, 5)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var lat, hubLat []time.Duration
	nodes := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id, hub := ids[r.IntN(len(ids))], false
		if i%20 == 0 {
			id, hub = hubs[(i/20)%len(hubs)].ID, true
		}
		t0 := time.Now()
		sg, err := g.Neighbors(ctx, id, backend.NeighborOptions{Depth: 2})
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		nodes += len(sg.Nodes)
		lat = append(lat, d)
		if hub {
			hubLat = append(hubLat, d)
		}
	}
	b.StopTimer()
	report(b, "", lat)
	report(b, "hub-", hubLat)
	b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
}

// BenchmarkShortestPath times paths (up to 6 hops) between random notes.
func BenchmarkShortestPath(b *testing.B) {
	g, ids := benchVault(b)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	var lat []time.Duration
	found, hops := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		from, to := ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]
		t0 := time.Now()
		p, err := g.ShortestPath(ctx, from, to, 6)
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if len(p) > 0 {
			found++
			hops += len(p) - 1
		}
	}
	b.StopTimer()
	report(b, "", lat)
	b.ReportMetric(float64(found)/float64(b.N), "found")
	if found > 0 {
		b.ReportMetric(float64(hops)/float64(found), "hops")
	}
}

// BenchmarkGlobal times the views that read the whole graph.
func BenchmarkGlobal(b *testing.B) {
	g, _ := benchVault(b)
	ctx := context.Background()
	var stats, hubs, orphans []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := g.Stats(ctx); err != nil {
			b.Fatal(err)
		}
		stats = append(stats, time.Since(t0))
		t0 = time.Now()
		if _, err := g.Hubs(ctx, 20); err != nil {
			b.Fatal(err)
		}
		hubs = append(hubs, time.Since(t0))
		t0 = time.Now()
		if _, err := g.Orphans(ctx, 50); err != nil {
			b.Fatal(err)
		}
		orphans = append(orphans, time.Since(t0))
	}
	b.StopTimer()
	report(b, "stats-", stats)
	report(b, "hubs-", hubs)
	report(b, "orphans-", orphans)
}

// report adds p50 and p99 latencies in milliseconds.
func report(b *testing.B, prefix string, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, prefix+"p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, prefix+"p99-ms")
}

package sqlgraph_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
	"secondbrain/backend/importer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/sqlgraph"
	"secondbrain/backend/testkit/corpora"
	"secondbrain/backend/testkit/memstat"
	"secondbrain/backend/testkit/vaultgen"
)

// benchVault imports the garden corpus (7.7k notes, 51k links) into a fresh
// database, or the garden scaled by vaultgen to SECONDBRAIN_BENCH_NOTES
// notes when that is set, and returns the graph and every live note id.
// The generated vault is kept in the temporary directory for the next run
// (SECONDBRAIN_BENCH_NOTES=100000 takes minutes to generate), and the
// imported database for the other benchmarks of the run, so that -count
// and the benchmarks' first short round import once.
func benchVault(b *testing.B) (*sqlgraph.Graph, []string) {
	b.Helper()
	dir := corpora.Dir("garden")
	if n, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && n > 0 {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("secondbrain-bench-vault-%d-42", n))
		if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
			os.RemoveAll(dir)
			if _, err := vaultgen.Generate(corpora.Dir("garden"), dir, vaultgen.Options{Notes: n, Seed: 42}); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	vaultsMu.Lock()
	defer vaultsMu.Unlock()
	v, ok := vaults[dir]
	if !ok {
		v = importVault(b, dir)
		vaults[dir] = v
	}
	return v.g, v.ids
}

// benchGraph is an imported vault, kept for the whole run.
type benchGraph struct {
	g   *sqlgraph.Graph
	ids []string
	// walk is a graph over the same database walking in the walk index,
	// built by walkIndex on first use; walkMB is the index's heap.
	walk      *sqlgraph.Graph
	walkBuilt bool
	walkMB    float64
}

var (
	vaultsMu sync.Mutex
	vaults   = map[string]benchGraph{}
)

// keep is a testing.TB whose cleanups never run: the database it creates
// lives until the package's cluster is thrown away at the end of the run.
type keep struct{ testing.TB }

func (keep) Cleanup(func()) {}

// importVault imports dir into a database that outlives b.
func importVault(b *testing.B, dir string) benchGraph {
	b.Helper()
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(keep{b}), nil)
	if err != nil {
		b.Fatal(err)
	}
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
	return benchGraph{g: sqlgraph.New(st.DB()), ids: ids, walk: sqlgraph.New(st.DB())}
}

// walkIndex returns the graph over g's database walking in the walk
// index, built on the first call, and the index's heap in MB: after
// collections, the heap in use with the index less without it.
func walkIndex(b *testing.B, g *sqlgraph.Graph) (*sqlgraph.Graph, float64) {
	b.Helper()
	vaultsMu.Lock()
	defer vaultsMu.Unlock()
	for dir, v := range vaults {
		if v.g != g {
			continue
		}
		if !v.walkBuilt {
			heap := memstat.Live
			before := heap()
			if err := v.walk.BuildWalkIndex(context.Background()); err != nil {
				b.Fatal(err)
			}
			after := heap()
			v.walkBuilt, v.walkMB = true, float64(after-min(before, after))/(1<<20)
			vaults[dir] = v
		}
		return v.walk, v.walkMB
	}
	b.Fatal("no vault for the graph")
	return nil, 0
}

// BenchmarkWalkIndex times depth-2 neighbourhoods (every 20th of one of
// the biggest hubs) and shortest paths (up to 6 hops) between random
// notes in the walk index, and reports the index's heap.
func BenchmarkWalkIndex(b *testing.B) {
	g, ids := benchVault(b)
	ctx := context.Background()
	w, indexMB := walkIndex(b, g)
	hubs, err := g.Hubs(ctx, 5)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	var lat, pathLat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := ids[r.IntN(len(ids))]
		if i%20 == 0 {
			id = hubs[(i/20)%len(hubs)].ID
		}
		t0 := time.Now()
		if _, err := w.Neighbors(ctx, id, backend.NeighborOptions{Depth: 2}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		t0 = time.Now()
		if _, err := w.ShortestPath(ctx, ids[r.IntN(len(ids))], ids[r.IntN(len(ids))], 6); err != nil {
			b.Fatal(err)
		}
		pathLat = append(pathLat, time.Since(t0))
	}
	b.StopTimer()
	report(b, "", lat)
	report(b, "path-", pathLat)
	b.ReportMetric(indexMB, "index-MB")
}

// BenchmarkNeighbors times depth-2 neighbourhoods of random notes and of
// the biggest hubs (default limit 500), and the same walks fetching whole
// levels as before the fan-out cap (uncapped-*), interleaved with them so
// that both see the same load; the two must answer the same.
func BenchmarkNeighbors(b *testing.B) {
	g, ids := benchVault(b)
	uncapped := sqlgraph.Uncapped(g)
	ctx := context.Background()
	hubs, err := g.Hubs(ctx, 5)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var lat, hubLat, unLat, unHubLat []time.Duration
	nodes := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id, hub := ids[r.IntN(len(ids))], false
		if i%20 == 0 {
			id, hub = hubs[(i/20)%len(hubs)].ID, true
		}
		walk := func(g *sqlgraph.Graph) (*backend.Subgraph, time.Duration) {
			t0 := time.Now()
			sg, err := g.Neighbors(ctx, id, backend.NeighborOptions{Depth: 2})
			d := time.Since(t0)
			if err != nil {
				b.Fatal(err)
			}
			return sg, d
		}
		var sg, un *backend.Subgraph
		var d, ud time.Duration
		// Whichever walk runs second finds the pages the first read in
		// the cache: take turns, also among the hubs (every 20th).
		if (i+i/20)%2 == 0 {
			sg, d = walk(g)
			un, ud = walk(uncapped)
		} else {
			un, ud = walk(uncapped)
			sg, d = walk(g)
		}
		if !reflect.DeepEqual(sg, un) {
			b.Fatalf("Neighbors(%s): the capped walk answers %d nodes (truncated %v), the uncapped one %d (truncated %v)",
				id, len(sg.Nodes), sg.Truncated, len(un.Nodes), un.Truncated)
		}
		nodes += len(sg.Nodes)
		lat, unLat = append(lat, d), append(unLat, ud)
		if hub {
			hubLat, unHubLat = append(hubLat, d), append(unHubLat, ud)
		}
	}
	b.StopTimer()
	report(b, "", lat)
	report(b, "hub-", hubLat)
	report(b, "uncapped-", unLat)
	report(b, "uncapped-hub-", unHubLat)
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

package neo4jgraph_test

import (
	"context"
	"fmt"
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
	"secondbrain/backend/neo4jgraph/neo4jtest"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/projector"
	"secondbrain/backend/service"
	"secondbrain/backend/sqlgraph"
	"secondbrain/backend/testkit/corpora"
	"secondbrain/backend/testkit/vaultgen"
)

var gardenDir = corpora.Dir("garden")

// BenchmarkGraph measures both graph implementations in one run over the
// same vault: the garden corpus (7.6k notes), or the garden scaled by
// vaultgen to SECONDBRAIN_BENCH_NOTES notes when that is set (e.g. 100000).
// Sub-benchmarks:
//
//	project           the full projection into an empty namespace (Rebuild), s
//	sql|sql+index|neo4j/neighbors  depth-2 neighbourhoods of random notes, p50/p99
//	sql|sql+index|neo4j/path       shortest paths (up to 6 hops) between random notes, p50/p99
//	sql+index/build   the cold build of sqlgraph's walk index, s
//	catchup-1000      the projector catching up after 1,000 edits
//
// sql walks in SQL (sqlgraph.New, as the CLI does); sql+index in
// sqlgraph's walk index, built first (as the desktop app does).
//
// Both implementations see the same notes in the same order (fixed seeds).
func BenchmarkGraph(b *testing.B) {
	ctx := context.Background()
	dir := gardenDir
	size := "garden"
	if n, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && n > 0 {
		size = fmt.Sprintf("synthetic%d", n)
		dir = filepath.Join(b.TempDir(), "vault")
		if _, err := vaultgen.Generate(gardenDir, dir, vaultgen.Options{Notes: n, Seed: 42}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("corpus missing: %v", err)
	}
	ng := neo4jtest.Open(b)
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
	ids := liveIDs(b, st)
	b.Logf("%s: %d notes, %d links", size, rep.Notes, rep.Links)
	sg := sqlgraph.New(st.DB())
	var sgi *sqlgraph.Graph
	b.Run(size+"/sql+index/build", func(b *testing.B) {
		var total time.Duration
		for i := 0; i < b.N; i++ {
			sgi = sqlgraph.New(st.DB())
			t0 := time.Now()
			if err := sgi.BuildWalkIndex(ctx); err != nil {
				b.Fatal(err)
			}
			total += time.Since(t0)
		}
		b.ReportMetric(total.Seconds()/float64(b.N), "s")
	})
	if sgi == nil { // the build was filtered out
		sgi = sqlgraph.New(st.DB())
		if err := sgi.BuildWalkIndex(ctx); err != nil {
			b.Fatal(err)
		}
	}
	p := projector.New(st, ng, projector.Options{Name: "neo4j"})

	projected := false
	b.Run(size+"/project", func(b *testing.B) {
		projected = true
		var total time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer() // project into an empty namespace
			if err := ng.Reset(ctx); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t0 := time.Now()
			s, err := p.Rebuild(ctx)
			total += time.Since(t0)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(s.Notes), "notes")
		}
		b.ReportMetric(total.Seconds()/float64(b.N), "s")
	})
	if !projected {
		// The projection was filtered out (-bench …/neo4j/neighbors, say:
		// with -benchtime 200x it would rebuild 200 times): project once,
		// so the walks below read the whole graph.
		if err := ng.Reset(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := p.Rebuild(ctx); err != nil {
			b.Fatal(err)
		}
	}
	for _, impl := range []struct {
		name string
		g    backend.Graph
	}{{"sql", sg}, {"sql+index", sgi}, {"neo4j", ng}} {
		b.Run(size+"/"+impl.name+"/neighbors", func(b *testing.B) { benchNeighbors(b, impl.g, ids) })
		b.Run(size+"/"+impl.name+"/path", func(b *testing.B) { benchPath(b, impl.g, ids) })
	}
	b.Run(size+"/catchup-1000", func(b *testing.B) {
		notes := service.NewNotes(st, nil)
		r := rand.New(rand.NewPCG(5, 6))
		var total time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			for j := range 1000 {
				edit(b, notes, ids[r.IntN(len(ids))], ids[r.IntN(len(ids))], i*1000+j)
			}
			b.StartTimer()
			t0 := time.Now()
			s, err := p.CatchUp(ctx)
			total += time.Since(t0)
			if err != nil {
				b.Fatal(err)
			}
			if s.Events != 1000 {
				b.Fatalf("catch-up applied %d events; want 1000", s.Events)
			}
			b.ReportMetric(float64(s.Notes), "notes")
		}
		b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms")
	})
}

// liveIDs returns every live note's id, in id order.
func liveIDs(b *testing.B, st *pgstore.Store) []string {
	b.Helper()
	rows, err := st.DB().Query(`SELECT id::text FROM notes WHERE trashed_at IS NULL ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return ids
}

// edit saves a note with one more line linking to another note, so that
// the catch-up changes relationships, not just properties.
func edit(b *testing.B, notes *service.Notes, id, to string, k int) {
	b.Helper()
	ctx := context.Background()
	n, err := notes.Get(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	target, err := notes.Get(ctx, to)
	if err != nil {
		b.Fatal(err)
	}
	body := fmt.Sprintf("%s\n\nedit %d: see [[%s]]\n", n.Body, k, target.Title)
	if _, err := notes.Save(ctx, id, n.Version, body); err != nil {
		b.Fatal(err)
	}
}

// benchNeighbors times depth-2 neighbourhoods of random notes.
func benchNeighbors(b *testing.B, g backend.Graph, ids []string) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	warmUp(b, func(i int) error {
		_, err := g.Neighbors(ctx, ids[i%len(ids)], backend.NeighborOptions{Depth: 2})
		return err
	})
	var lat []time.Duration
	nodes := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := ids[r.IntN(len(ids))]
		t0 := time.Now()
		sg, err := g.Neighbors(ctx, id, backend.NeighborOptions{Depth: 2})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		nodes += len(sg.Nodes)
	}
	b.StopTimer()
	reportLatency(b, lat)
	b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
}

// benchPath times shortest paths (up to 6 hops) between random notes.
func benchPath(b *testing.B, g backend.Graph, ids []string) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	warmUp(b, func(i int) error {
		_, err := g.ShortestPath(ctx, ids[i%len(ids)], ids[(i*7919)%len(ids)], 6)
		return err
	})
	var lat []time.Duration
	found := 0
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
		}
	}
	b.StopTimer()
	reportLatency(b, lat)
	b.ReportMetric(float64(found)/float64(b.N), "found")
}

// warmUp runs a query a few times, untimed, so that Neo4j has compiled
// and cached its plans (the first run of a Cypher query takes 1–3 s).
func warmUp(b *testing.B, query func(i int) error) {
	b.Helper()
	for i := range 5 {
		if err := query(i); err != nil {
			b.Fatal(err)
		}
	}
}

// reportLatency adds p50 and p99 latencies in milliseconds.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

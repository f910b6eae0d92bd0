//go:build unix

package pgserver

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"secondbrain/ent/migrations"
)

// BenchmarkFirstStart measures what a user waits for on the app's very
// first start: creating the cluster in an empty data dir, starting it and
// migrating the app's database to the current schema. Besides the median
// of the whole (total-p50-ms) it reports the median of each part, timed by
// Options.Progress: create (initdb and the app's database), sync (the new
// cluster written to disk), start (the postmaster), database (opening the
// app's database) and migrate (every embedded migration).
func BenchmarkFirstStart(b *testing.B) {
	ctx := context.Background()
	parts := map[string][]time.Duration{}
	var totals []time.Duration
	for b.Loop() {
		b.StopTimer()
		dataDir := newDataDir(b)
		b.StartTimer()
		began := time.Now()
		last, lastPhase := began, ""
		mark := func(phase string) {
			now := time.Now()
			if lastPhase != "" {
				parts[lastPhase] = append(parts[lastPhase], now.Sub(last))
			}
			last, lastPhase = now, phase
		}
		srv, err := Start(ctx, Options{DataDir: dataDir, Progress: func(p Progress) { mark(string(p.Phase)) }})
		if err != nil {
			b.Fatal(err)
		}
		mark("migrate")
		db, err := sql.Open("pgx", srv.DSN())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := migrations.Apply(ctx, db); err != nil {
			b.Fatal(err)
		}
		db.Close()
		mark("")
		totals = append(totals, time.Since(began))
		b.StopTimer()
		mustStop(b, srv)
		b.StartTimer()
	}
	b.ReportMetric(median(totals), "total-p50-ms")
	for _, phase := range []Phase{PhaseCreate, PhaseSync, PhaseStart, PhaseDatabase, "migrate"} {
		if d := parts[string(phase)]; len(d) > 0 {
			b.ReportMetric(median(d), string(phase)+"-p50-ms")
		}
	}
}

// median returns the median of ds in milliseconds.
func median(ds []time.Duration) float64 {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return float64(ds[len(ds)/2]) / float64(time.Millisecond)
}

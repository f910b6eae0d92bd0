package devicesync_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver/pgtest"
)

// BenchmarkSaveVisibleOnOtherDevice measures how long a save on one
// device takes to appear on another, both running Run (woken by the
// store's event notifications and the hub's Wait) over the mem hub; it
// reports the p50 and p95.
func BenchmarkSaveVisibleOnOtherDevice(b *testing.B) {
	hub := devicesync.NewMemHub()
	a := newDevice(b, "a", hub, pgtest.NewDatabase(b))
	o := newDevice(b, "o", hub, pgtest.NewDatabase(b))
	a.setup(b, "pw")
	o.setup(b, "pw")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, err := a.notes.Create(ctx, "Bench", "", "start\n")
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []*device{a, o} {
		go d.eng.Run(ctx)
	}
	waitFor := func(body string) {
		for {
			got, err := o.notes.Get(ctx, n.ID.String())
			if err == nil && got.Body == body {
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	waitFor("start\n")
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cur, err := a.notes.Get(ctx, n.ID.String())
		if err != nil {
			b.Fatal(err)
		}
		body := fmt.Sprintf("edit %d\n", i)
		t0 := time.Now()
		if _, err := a.notes.Save(ctx, n.ID.String(), cur.Version, body); err != nil {
			b.Fatal(err)
		}
		waitFor(body)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Milliseconds()), "p95-ms")
}

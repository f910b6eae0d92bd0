package service_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"secondbrain/backend"
)

// BenchmarkSave measures one autosave (update with expected version + event)
// and reports p50/p99 latency.
func BenchmarkSave(b *testing.B) {
	ctx := context.Background()
	notes, _ := newNotes(b)
	n, err := notes.Create(ctx, "Bench", "", "start")
	if err != nil {
		b.Fatal(err)
	}
	body := make([]byte, 4096)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	lat := make([]time.Duration, 0, b.N)
	v := n.Version
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		got, err := notes.Save(ctx, n.ID.String(), v, fmt.Sprintf("%d %s", i, body))
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		v = got.Version
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkSaveLinked is BenchmarkSave for a typical linked note: front
// matter, 20 wikilinks (half to existing notes), 5 tags.
func BenchmarkSaveLinked(b *testing.B) {
	ctx := context.Background()
	notes, _ := newNotes(b)
	var body strings.Builder
	body.WriteString("---\ntype: idea\naliases: [bench]\n---\n")
	for i := 0; i < 20; i++ {
		if i%2 == 0 {
			if _, err := notes.Create(ctx, fmt.Sprintf("Target %d", i), "", ""); err != nil {
				b.Fatal(err)
			}
		}
		fmt.Fprintf(&body, "A line about [[Target %d]] with #tag%d words.\n", i, i%5)
	}
	n, err := notes.Create(ctx, "Linked bench", "", body.String())
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	v := n.Version
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		got, err := notes.Save(ctx, n.ID.String(), v, fmt.Sprintf("%s\nedit %d", body.String(), i))
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		v = got.Version
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkList10k measures listing a page of 100 from 10,000 notes, by
// update time and by title.
func BenchmarkList10k(b *testing.B) {
	ctx := context.Background()
	notes, st := newNotes(b)
	if _, err := st.DB().ExecContext(ctx, `
		INSERT INTO notes (id, title, title_key, path, path_key, body, content_hash, version, created_at, updated_at)
		SELECT gen_random_uuid(), 'Note ' || i, lower('Note ' || i), 'Note ' || i || '.md', lower('Note ' || i || '.md'), 'body ' || i, '', 1,
		       now() - i * interval '1 second', now() - i * interval '1 second'
		FROM generate_series(1, 10000) AS i`); err != nil {
		b.Fatal(err)
	}
	st.DB().ExecContext(ctx, `ANALYZE notes`)
	for _, order := range []backend.NoteOrder{backend.OrderUpdated, backend.OrderTitle} {
		b.Run(string(order), func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				p, err := notes.List(ctx, backend.ListOptions{Order: order, Offset: (i * 100) % 9900, Limit: 100})
				lat = append(lat, time.Since(t0))
				if err != nil || p.Total != 10000 {
					b.Fatalf("list = %v, %v; want 10000 notes", p, err)
				}
			}
			reportPercentiles(b, lat)
		})
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

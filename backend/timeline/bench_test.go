package timeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"secondbrain/backend/exporter"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/timeline"
)

// benchSize is the vault of the benchmarks: SECONDBRAIN_BENCH_NOTES notes
// (default 2000) and SECONDBRAIN_BENCH_EVENTS note events (default ten per
// note), spread over the two years before 2026-12-01. The goals (issue
// 20) are for 100k notes and 1M events.
func benchSize() (notes, events int) {
	notes, events = 2000, 0
	if n, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && n > 0 {
		notes = n
	}
	events = 10 * notes
	if n, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_EVENTS")); err == nil && n > 0 {
		events = n
	}
	return notes, events
}

var benchEnd = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// seedNotes writes the notes' current rows: every tenth note is a daily
// note (its title a date of the two years), every seventh has a due date
// property and a dated task, so that on this day has dates to find.
func seedNotes(b *testing.B, v *vault, notes int) {
	b.Helper()
	if _, err := v.st.DB().Exec(`
		INSERT INTO notes (id, title, title_key, path, path_key, body, content_hash, version, created_at, updated_at)
		SELECT md5('n' || i)::uuid, t, lower(t), 'f' || (i % 20) || '/' || t || '.md', lower('f' || (i % 20) || '/' || t || '.md'),
		       CASE WHEN i % 7 = 0 THEN '---' || chr(10) || 'due: ' || d || chr(10) || '---' || chr(10) || '- [ ] pay ' || d || chr(10) ELSE 'text ' || i END,
		       '', 1, now(), now()
		FROM generate_series(1, $1::int) i,
		     LATERAL (SELECT to_char(date '2024-12-01' + (i * 7919) % 730, 'YYYY-MM-DD') AS d) dd,
		     LATERAL (SELECT CASE WHEN i % 10 = 0 THEN d || ' ' || i ELSE 'n' || i END AS t) tt`, notes); err != nil {
		b.Fatal(err)
	}
}

// seedLog appends events from+1 to from+count of a log of notes: event e
// is the creation (e ≤ notes) or the next update of note (e-1) % notes + 1,
// each body a little different from the last, at a time that grows with e
// over the two years before benchEnd (scaled to total events).
func seedLog(b *testing.B, v *vault, notes, from, count, total int) {
	b.Helper()
	start := benchEnd.AddDate(-2, 0, 0)
	span := benchEnd.Sub(start).Seconds()
	if _, err := v.st.DB().Exec(`
		INSERT INTO events (time, kind, note_id, payload)
		SELECT $3::timestamptz + make_interval(secs => least(e, $5::int) * $4::float8 / $5::int),
		       CASE WHEN e <= $1 THEN 'note.created' ELSE 'note.updated' END,
		       md5('n' || ((e - 1) % $1 + 1))::uuid,
		       jsonb_build_object('version', (e - 1) / $1 + 1, 'title', 'n' || ((e - 1) % $1 + 1),
		           'path', 'f' || (((e - 1) % $1 + 1) % 20) || '/n' || ((e - 1) % $1 + 1) || '.md',
		           'body', CASE WHEN e % 11 = 0 THEN '---' || chr(10) || 'type: idea' || chr(10) || '---' || chr(10) ELSE '' END
		                   || repeat('word' || (e % 97) || ' ', 20) || CASE WHEN e % 5 = 0 THEN '#tag' || (e % 13) || ' ' ELSE '' END || 'tail ' || e)
		FROM generate_series($6::int + 1, $6::int + $2::int) e`, notes, count, start, span, total, from); err != nil {
		b.Fatal(err)
	}
}

// benchVault is the benchmarks' vault, generated and projected once per
// run (per size) and shared by every benchmark and -count round: at 100k
// notes and 1M events it takes minutes to build.
type benchVault struct {
	*vault
	notes, events int
	// appended is how many events the catch-up benchmark added after the
	// first events.
	appended int
}

var (
	benchMu     sync.Mutex
	benchVaults = map[[2]int]*benchVault{}
)

// keep is a testing.TB whose cleanups never run: the database it creates
// lives until the package's cluster is thrown away at the end of the run.
type keep struct{ testing.TB }

func (keep) Cleanup(func()) {}

func openBenchVault(b *testing.B) *benchVault {
	b.Helper()
	notes, events := benchSize()
	benchMu.Lock()
	defer benchMu.Unlock()
	if bv, ok := benchVaults[[2]int{notes, events}]; ok {
		return bv
	}
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(keep{b}), nil)
	if err != nil {
		b.Fatal(err)
	}
	v := &vault{st: st, notes: service.NewNotes(st, nil), tl: timeline.New(st.DB())}
	if _, err := st.DB().Exec(`INSERT INTO settings (key, value, updated_at) VALUES ($1, '"Europe/Berlin"', now())`, timeline.SettingZone); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	seedNotes(b, v, notes)
	for from := 0; from < events; from += 200_000 {
		seedLog(b, v, notes, from, min(200_000, events-from), events)
	}
	if _, err := st.DB().Exec(`VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	t1 := time.Now()
	if _, err := v.tl.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := st.DB().Exec(`VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d notes, %d events: seeded in %s, projected in %s", notes, events, t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
	bv := &benchVault{vault: v, notes: notes, events: events}
	benchVaults[[2]int{notes, events}] = bv
	return bv
}

// oldYearByDay is the year-by-day query before the day rollup: summing
// the per-note minute rows, counting distinct notes per day. Kept as the
// baseline the benchmark reports beside the query of now.
const oldYearByDay = `
	WITH agg AS (
		SELECT date_trunc('day', m.minute AT TIME ZONE $3) AS lb,
		       sum(created) AS c, sum(edited) AS e, sum(renamed) AS rn, sum(trashed) AS t, sum(restored) AS rs,
		       sum(words_added) AS wa, sum(words_removed) AS wr, count(DISTINCT note_id) AS n
		FROM timeline_minutes m
		WHERE m.minute >= $1 AND m.minute < $2
		GROUP BY 1)
	SELECT g, coalesce(a.c, 0), coalesce(a.e, 0), coalesce(a.rn, 0), coalesce(a.t, 0), coalesce(a.rs, 0),
	       coalesce(a.wa, 0), coalesce(a.wr, 0), coalesce(a.n, 0)
	FROM generate_series(date_trunc('day', $1::timestamptz AT TIME ZONE $3), ($2::timestamptz AT TIME ZONE $3) - interval '1 microsecond',
	                     interval '1 day') AS g
	LEFT JOIN agg a ON a.lb = g
	ORDER BY g`

// BenchmarkTimelineYearByDay: a year of activity by day (the heatmap), in
// the configured zone (the day rollup), and the same by the minute rows
// (old: the query before the rollup; folder: a filtered year, which still
// reads the minute rows).
func BenchmarkTimelineYearByDay(b *testing.B) {
	bv := openBenchVault(b)
	ctx := context.Background()
	q := timeline.Query{From: "2025-12-01", To: "2026-11-30", Bucket: timeline.Day}
	b.Run("rollup", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s, err := bv.tl.Timeline(ctx, q)
			if err != nil || len(s.Buckets) != 365 {
				b.Fatal(err)
			}
		}
	})
	b.Run("old", func(b *testing.B) {
		loc, _ := time.LoadLocation("Europe/Berlin")
		from, to := time.Date(2025, 12, 1, 0, 0, 0, 0, loc), time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
		for i := 0; i < b.N; i++ {
			if _, err := bv.tl.Sync(ctx); err != nil {
				b.Fatal(err)
			}
			rows, err := bv.st.DB().QueryContext(ctx, oldYearByDay, from, to, loc.String())
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				n++
			}
			rows.Close()
			if n != 365 {
				b.Fatalf("%d days", n)
			}
		}
	})
	b.Run("folder", func(b *testing.B) {
		fq := q
		fq.Filter.Folder = "f3"
		for i := 0; i < b.N; i++ {
			s, err := bv.tl.Timeline(ctx, fq)
			if err != nil || len(s.Buckets) != 365 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOnThisDay: on this day with two earlier years of activity.
func BenchmarkOnThisDay(b *testing.B) {
	bv := openBenchVault(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bv.tl.OnThisDay(ctx, "2026-11-15", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatchUp10k: the rollup applying 10,000 new events (updates of
// notes in turn, appended after the log of every round before).
func BenchmarkCatchUp10k(b *testing.B) {
	bv := openBenchVault(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		seedLog(b, bv.vault, bv.notes, bv.events+bv.appended, 10_000, bv.events+bv.appended+10_000)
		bv.appended += 10_000
		b.StartTimer()
		rep, err := bv.tl.Sync(ctx)
		if err != nil || rep.Events != 10_000 {
			b.Fatalf("%+v, %v", rep, err)
		}
	}
}

// BenchmarkAsOfExport: exporting the vault as of a year before its end.
func BenchmarkAsOfExport(b *testing.B) {
	bv := openBenchVault(b)
	ctx := context.Background()
	at := benchEnd.AddDate(-1, 0, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), fmt.Sprint("out", i))
		rep, err := exporter.Export(ctx, bv.tl.SourceAt(at), nil, dir)
		if err != nil || rep.Notes != bv.notes {
			b.Fatalf("%+v, %v", rep, err)
		}
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
}

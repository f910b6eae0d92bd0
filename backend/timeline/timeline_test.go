package timeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/exporter"
	"secondbrain/backend/importer"
	"secondbrain/backend/markdown"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/timeline"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type vault struct {
	st    *pgstore.Store
	notes *service.Notes
	tl    *timeline.Timeline
}

func openVault(tb testing.TB) *vault {
	tb.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return &vault{st: st, notes: service.NewNotes(st, nil), tl: timeline.New(st.DB())}
}

// maxSeq is the log's newest seq.
func (v *vault) maxSeq(tb testing.TB) int64 {
	tb.Helper()
	var s int64
	if err := v.st.DB().QueryRow(`SELECT coalesce(max(seq), 0) FROM events`).Scan(&s); err != nil {
		tb.Fatal(err)
	}
	return s
}

// stamp moves the time of the events after seq to at: the test's clock.
func (v *vault) stamp(tb testing.TB, after int64, at time.Time) {
	tb.Helper()
	if _, err := v.st.DB().Exec(`UPDATE events SET time = $1 WHERE seq > $2`, at, after); err != nil {
		tb.Fatal(err)
	}
}

var vocabulary = strings.Fields("alpha beta gamma delta idea plan draft note river stone light garden #work #home")

func randomBody(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "---\ntype: %s\n---\n", []string{"idea", "person", "project"}[r.IntN(3)])
	}
	for i, n := 0, r.IntN(30); i < n; i++ {
		b.WriteString(vocabulary[r.IntN(len(vocabulary))])
		b.WriteByte(' ')
	}
	return b.String()
}

// randomRun makes steps random changes, each at a clock moved forward by
// up to ten days, and calls after(step) after each.
func randomRun(t *testing.T, v *vault, r *rand.Rand, clock *time.Time, steps int, after func(step int)) {
	ctx := context.Background()
	var ids []string
	for step := 0; step < steps; step++ {
		before := v.maxSeq(t)
		op := r.IntN(10)
		switch {
		case len(ids) == 0 || op < 3:
			folder := []string{"", "projects", "projects/x", "journal"}[r.IntN(4)]
			n, err := v.notes.Create(ctx, fmt.Sprintf("n%d-%d", step, r.IntN(1000)), folder, randomBody(r))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, n.ID.String())
		default:
			id := ids[r.IntN(len(ids))]
			n, err := v.notes.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case n.TrashedAt != nil:
				_, err = v.notes.Restore(ctx, id)
			case op < 7:
				_, err = v.notes.Save(ctx, id, n.Version, randomBody(r))
			case op < 8:
				_, err = v.notes.Rename(ctx, id, n.Version, fmt.Sprintf("r%d-%d", step, r.IntN(1000)), false)
			default:
				_, err = v.notes.Trash(ctx, id)
			}
			if err != nil && backend.ErrorCode(err) != backend.ECONFLICT {
				t.Fatal(err)
			}
		}
		*clock = clock.Add(time.Duration(r.Int64N(int64(240 * time.Hour))))
		v.stamp(t, before, *clock)
		if after != nil {
			after(step)
		}
	}
}

// recompute sums the log's note events per local day of loc, straight
// from the events table.
// With f, only the changes of notes in f's folder, with its tag or of its
// type after the change count (the type and tags parsed from the body).
func recompute(t *testing.T, v *vault, loc *time.Location, f timeline.Filter) map[string]timeline.BucketRow {
	folder := f.Folder
	rows, err := v.st.DB().Query(`SELECT note_id, time, kind, payload->>'path', payload->>'body' FROM events WHERE note_id IS NOT NULL ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]timeline.BucketRow{}
	notes := map[string]map[uuid.UUID]bool{}
	last := map[uuid.UUID]string{}
	for rows.Next() {
		var (
			id         uuid.UUID
			at         time.Time
			kind, path string
			body       *string
		)
		if err := rows.Scan(&id, &at, &kind, &path, &body); err != nil {
			t.Fatal(err)
		}
		var added, removed int
		if body != nil {
			added, removed = timeline.WordDiff(last[id], *body)
			last[id] = *body
		}
		dir := filepath.Dir(path)
		if folder != "" && dir != folder && !strings.HasPrefix(dir, folder+"/") {
			continue
		}
		if f.Tag != "" || f.Type != "" {
			doc := markdown.Parse([]byte(last[id]))
			if f.Type != "" && !strings.EqualFold(strings.TrimSpace(doc.Type), f.Type) {
				continue
			}
			if f.Tag != "" && !slices.ContainsFunc(doc.Tags, func(x string) bool { return strings.EqualFold(x, f.Tag) }) {
				continue
			}
		}
		day := at.In(loc).Format(time.DateOnly)
		b := out[day]
		switch backend.EventKind(kind) {
		case backend.EventNoteCreated:
			b.Created++
		case backend.EventNoteUpdated, backend.EventNoteReverted:
			b.Edited++
		case backend.EventNoteRenamed:
			b.Renamed++
		case backend.EventNoteTrashed:
			b.Trashed++
		case backend.EventNoteRestored:
			b.Restored++
		default:
			continue
		}
		b.WordsAdded += added
		b.WordsRemoved += removed
		if notes[day] == nil {
			notes[day] = map[uuid.UUID]bool{}
		}
		notes[day][id] = true
		b.Notes = len(notes[day])
		out[day] = b
	}
	return out
}

// checkDayRollup checks that the day rollup is kept in the configured zone
// and that every day row equals the sums of the minute rows of the day.
func checkDayRollup(t *testing.T, v *vault) {
	t.Helper()
	var zone string
	var diff int
	if err := v.st.DB().QueryRow(`
		WITH z AS (SELECT zone FROM timeline_day_zones),
		m AS (SELECT (minute AT TIME ZONE (SELECT zone FROM z))::date AS day, sum(created) c, sum(edited) e, sum(renamed) rn,
		             sum(trashed) t, sum(restored) rs, sum(words_added) wa, sum(words_removed) wr, count(DISTINCT note_id) n
		      FROM timeline_minutes GROUP BY 1),
		d AS (SELECT day, created c, edited e, renamed rn, trashed t, restored rs, words_added wa, words_removed wr, notes n FROM timeline_days)
		SELECT (SELECT string_agg(zone, ',') FROM z),
		       (SELECT count(*) FROM ((SELECT * FROM m EXCEPT SELECT * FROM d) UNION ALL (SELECT * FROM d EXCEPT SELECT * FROM m)) x)`).Scan(&zone, &diff); err != nil {
		t.Fatal(err)
	}
	want, err := v.tl.Zone(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if zone != want.String() || diff != 0 {
		t.Fatalf("day rollup in zone %q (configured %s): %d days differ from the minute rows", zone, want, diff)
	}
}

func checkAgainstLog(t *testing.T, v *vault, from, to time.Time, zone, folder string) {
	t.Helper()
	checkFiltered(t, v, from, to, zone, timeline.Filter{Folder: folder})
}

func checkFiltered(t *testing.T, v *vault, from, to time.Time, zone string, filter timeline.Filter) {
	t.Helper()
	asked := zone
	if zone == "" {
		z, err := v.tl.Zone(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		zone = z.String()
		defer func() { checkDayRollup(t, v) }()
	}
	loc, _ := time.LoadLocation(zone)
	want := recompute(t, v, loc, filter)
	s, err := v.tl.Timeline(context.Background(), timeline.Query{From: from.In(loc).Format(time.DateOnly), To: to.In(loc).Format(time.DateOnly),
		Bucket: timeline.Day, Zone: asked, Filter: filter})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, b := range s.Buckets {
		day := b.Start.Format(time.DateOnly)
		w := want[day]
		w.Start = b.Start
		if b != w {
			t.Fatalf("zone %s filter %+v day %s: timeline %+v, log %+v", zone, filter, day, b, w)
		}
		if b.Notes > 0 {
			seen++
		}
	}
	if seen != len(want) {
		t.Fatalf("zone %s: %d active days in the timeline, %d in the log", zone, seen, len(want))
	}
}

// setZone configures the timeline's zone.
func (v *vault) setZone(tb testing.TB, zone string) {
	tb.Helper()
	if err := v.st.PutSetting(context.Background(), timeline.SettingZone, `"`+zone+`"`); err != nil {
		tb.Fatal(err)
	}
}

// TestRollupsEqualRecomputation: after random creates, edits, renames,
// trash and restore, synced at random points, after a simulated restart
// that re-reads applied events, after changes of the configured zone
// (whose day rollup is then rebuilt) and after a rebuild, every day's
// rollup equals the sums computed from the raw events, in the configured
// zone (the day rollup) and in others (the minute rows).
func TestRollupsEqualRecomputation(t *testing.T) {
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"}
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			r := rand.New(rand.NewPCG(seed, 42))
			start := time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)
			clock := start
			v.setZone(t, zones[seed])
			randomRun(t, v, r, &clock, 150, func(step int) {
				if r.IntN(20) == 0 {
					if _, err := v.tl.Sync(ctx); err != nil {
						t.Fatal(err)
					}
				}
				if r.IntN(50) == 0 {
					v.setZone(t, zones[r.IntN(len(zones))])
				}
				if r.IntN(40) == 0 { // another process's view: re-reads from an older checkpoint
					if _, err := v.st.DB().Exec(`UPDATE projections SET seq = greatest(seq - 7, 0) WHERE name = 'timeline'`); err != nil {
						t.Fatal(err)
					}
					v.tl = timeline.New(v.st.DB())
				}
			})
			for _, zone := range zones {
				checkAgainstLog(t, v, start.AddDate(0, 0, -1), clock.AddDate(0, 0, 1), zone, "")
			}
			checkAgainstLog(t, v, start.AddDate(0, 0, -1), clock.AddDate(0, 0, 1), "UTC", "projects")
			for _, f := range []timeline.Filter{{Tag: "work"}, {Tag: "Home"}, {Type: "idea"}, {Type: "project", Folder: "projects"}} {
				checkFiltered(t, v, start.AddDate(0, 0, -1), clock.AddDate(0, 0, 1), "Europe/Berlin", f)
			}
			// The configured zone through Query.Zone "" and by name: both
			// read the day rollup.
			for _, zone := range []string{"", "Asia/Kolkata"} {
				v.setZone(t, "Asia/Kolkata")
				checkAgainstLog(t, v, start.AddDate(0, 0, -1), clock.AddDate(0, 0, 1), zone, "")
			}
			if _, err := v.tl.Rebuild(ctx); err != nil {
				t.Fatal(err)
			}
			v.setZone(t, "Europe/Berlin")
			checkAgainstLog(t, v, start.AddDate(0, 0, -1), clock.AddDate(0, 0, 1), "Europe/Berlin", "")
			checkAgainstLog(t, v, start.AddDate(0, 0, -1), clock.AddDate(0, 0, 1), "UTC", "projects")
			checkDayRollup(t, v)
		})
	}
}

// TestAsOfExportMatchesRecordedState records the whole vault at 20 random
// moments of a random edit run, and exports the vault as of each moment:
// every file equals the recorded note byte for byte, and nothing else is
// written.
func TestAsOfExportMatchesRecordedState(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	r := rand.New(rand.NewPCG(7, 7))
	clock := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	type moment struct {
		at    time.Time
		state map[string]string
	}
	var moments []moment
	steps := 160
	pick := map[int]bool{}
	for len(pick) < 20 {
		pick[r.IntN(steps)] = true
	}
	randomRun(t, v, r, &clock, steps, func(step int) {
		if !pick[step] {
			return
		}
		state := map[string]string{}
		if err := v.st.NotesForExport(ctx, func(n *backend.Note) error {
			state[n.Path] = n.Body
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		moments = append(moments, moment{at: clock.Add(time.Minute), state: state}) // before the next change's time
	})
	for i, m := range moments {
		dir := filepath.Join(t.TempDir(), "out")
		rep, err := exporter.Export(ctx, v.tl.SourceAt(m.at), nil, dir)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(b)
			return err
		})
		if len(got) != len(m.state) || rep.Notes != len(m.state) {
			t.Fatalf("moment %d (%s): exported %d files (report %d), the vault had %d notes", i, m.at, len(got), rep.Notes, len(m.state))
		}
		for p, body := range m.state {
			if got[p] != body {
				t.Fatalf("moment %d: %s is %q, was %q", i, p, got[p], body)
			}
		}
		// One note at a time, as restoring reads it.
		list, err := v.tl.ListAt(ctx, m.at, "")
		if err != nil || len(list) != len(m.state) {
			t.Fatalf("moment %d: listed %d notes (%v), the vault had %d", i, len(list), err, len(m.state))
		}
		for _, l := range list {
			n, err := v.tl.NoteAt(ctx, l.ID, m.at)
			if err != nil || n.Path != l.Path || n.Body != m.state[l.Path] {
				t.Fatalf("moment %d: note %s at %s: %+v, %v; was %q", i, l.ID, l.Path, n, err, m.state[l.Path])
			}
		}
	}
	// Before the first change the vault was empty; the future is refused.
	d, err := v.tl.Describe(ctx, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || !d.Empty || d.Notes != 0 {
		t.Fatalf("before the first change: %+v, %v", d, err)
	}
	if _, err := v.tl.Describe(ctx, time.Now().Add(time.Hour)); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("a moment in the future: %v", err)
	}
}

// TestZonesAcrossDST buckets by the local calendar day across a DST change
// (Berlin springs forward on 2026-03-29, New York falls back on
// 2026-11-01): each day bucket starts at local midnight and holds exactly
// the changes of that local day.
func TestZonesAcrossDST(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	at := func(s string) time.Time {
		x, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for i, s := range []string{
		"2026-03-28T23:30:00Z", // 00:30 CET, 29 March in Berlin
		"2026-03-29T21:59:00Z", // 23:59 CEST, 29 March
		"2026-03-29T22:30:00Z", // 00:30 CEST, 30 March
		"2026-11-01T04:30:00Z", // 00:30 EDT, 1 November in New York
		"2026-11-02T04:30:00Z", // 23:30 EST, 1 November
		"2026-11-02T05:30:00Z", // 00:30 EST, 2 November
	} {
		before := v.maxSeq(t)
		if _, err := v.notes.Create(ctx, fmt.Sprint("d", i), "", "one two"); err != nil {
			t.Fatal(err)
		}
		v.stamp(t, before, at(s))
	}
	check := func(zone, from, to string, want map[string]int, starts map[string]string) {
		t.Helper()
		s, err := v.tl.Timeline(ctx, timeline.Query{From: from, To: to, Bucket: timeline.Day, Zone: zone})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range s.Buckets {
			day := b.Start.Format(time.DateOnly)
			if b.Created != want[day] {
				t.Errorf("%s %s: %d created, want %d", zone, day, b.Created, want[day])
			}
			if st, ok := starts[day]; ok && b.Start.Format(time.RFC3339) != st {
				t.Errorf("%s %s: bucket starts %s, want %s", zone, day, b.Start.Format(time.RFC3339), st)
			}
		}
	}
	check("Europe/Berlin", "2026-03-28", "2026-03-30", map[string]int{"2026-03-29": 2, "2026-03-30": 1},
		map[string]string{"2026-03-29": "2026-03-29T00:00:00+01:00", "2026-03-30": "2026-03-30T00:00:00+02:00"})
	check("UTC", "2026-03-28", "2026-03-30", map[string]int{"2026-03-28": 1, "2026-03-29": 2}, nil)
	check("America/New_York", "2026-10-31", "2026-11-02", map[string]int{"2026-11-01": 2, "2026-11-02": 1},
		map[string]string{"2026-11-01": "2026-11-01T00:00:00-04:00", "2026-11-02": "2026-11-02T00:00:00-05:00"})
	// A week bucket spanning the change, and months.
	s, err := v.tl.Timeline(ctx, timeline.Query{From: "2026-10-26", To: "2026-11-08", Bucket: timeline.Week, Zone: "America/New_York"})
	if err != nil || len(s.Buckets) != 2 || s.Buckets[0].Created != 2 || s.Buckets[1].Created != 1 {
		t.Fatalf("weeks across the change: %+v, %v", s, err)
	}
	s, err = v.tl.Timeline(ctx, timeline.Query{From: "2026-01-01", To: "2026-12-31", Bucket: timeline.Month, Zone: "Europe/Berlin"})
	if err != nil || len(s.Buckets) != 12 || s.Buckets[2].Created != 3 || s.Buckets[10].Created != 3 || s.Total.Created != 6 {
		t.Fatalf("months: %+v, %v", s, err)
	}
	// Bad input.
	for _, q := range []timeline.Query{
		{From: "2026-01-01", To: "2026-01-31", Zone: "Mars/Olympus"},
		{From: "2026-02-01", To: "2026-01-31", Zone: "UTC"},
		{From: "2026-01-01", To: "2026-13-01", Zone: "UTC"},
		{From: "1800-01-01", To: "2026-01-01", Zone: "UTC"},
		{From: "2000-01-01", To: "2026-01-01", Bucket: timeline.Hour, Zone: "UTC"},
		{From: "2026-01-01", To: "2026-01-02", Bucket: "fortnight", Zone: "UTC"},
	} {
		if _, err := v.tl.Timeline(ctx, q); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", q, err)
		}
	}
}

// TestOnThisDay lists the notes changed on this month and day in earlier
// years, by year, and the notes dated that day (daily notes, properties,
// tasks); DayNotes lists one day's notes with their changes.
func TestOnThisDay(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	mk := func(title, folder, body, at string) *backend.Note {
		t.Helper()
		before := v.maxSeq(t)
		n, err := v.notes.Create(ctx, title, folder, body)
		if err != nil {
			t.Fatal(err)
		}
		x, _ := time.Parse(time.RFC3339, at)
		v.stamp(t, before, x)
		return n
	}
	a := mk("Old idea", "", "a b c", "2024-12-07T10:00:00Z")
	b := mk("Last year", "", "d e", "2025-12-07T20:00:00Z")
	mk("Other day", "", "f", "2025-12-08T10:00:00Z")
	daily := mk("2023-12-07", "journal", "diary", "2023-12-08T10:00:00Z")
	due := mk("Plan", "", "---\ndue: 2026-12-07\n---\n- [ ] ship it 📅 2025-12-07\n", "2026-01-02T10:00:00Z")
	before := v.maxSeq(t)
	if _, err := v.notes.Save(ctx, a.ID.String(), a.Version, "a b c d e f"); err != nil {
		t.Fatal(err)
	}
	v.stamp(t, before, time.Date(2025, 12, 7, 11, 0, 0, 0, time.UTC))

	got, err := v.tl.OnThisDay(ctx, "2026-12-07", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Years) != 2 || got.Years[0].Year != 2025 || got.Years[1].Year != 2024 {
		t.Fatalf("years: %+v", got.Years)
	}
	if y := got.Years[0].Notes; len(y) != 2 || y[0].ID != b.ID || y[1].ID != a.ID || y[1].Edited != 1 || y[1].WordsAdded != 3 {
		t.Fatalf("2025: %+v", y)
	}
	if y := got.Years[1].Notes; len(y) != 1 || y[0].ID != a.ID || y[0].Created != 1 {
		t.Fatalf("2024: %+v", y)
	}
	kinds := map[string]uuid.UUID{}
	for _, d := range got.Dated {
		kinds[d.Kind+" "+d.Date] = d.ID
	}
	if kinds["daily 2023-12-07"] != daily.ID || kinds["property 2026-12-07"] != due.ID || kinds["task 2025-12-07"] != due.ID || len(got.Dated) != 3 {
		t.Fatalf("dated: %+v", got.Dated)
	}
	// In Tokyo the 20:00 UTC change is on 8 December.
	got, err = v.tl.OnThisDay(ctx, "2026-12-07", "Asia/Tokyo")
	if err != nil || len(got.Years[0].Notes) != 1 {
		t.Fatalf("Tokyo: %+v, %v", got, err)
	}
	day, err := v.tl.DayNotes(ctx, "2025-12-07", "UTC")
	if err != nil || len(day.Notes) != 2 || day.Total.Created != 1 || day.Total.Edited != 1 || len(day.Dated) != 1 {
		t.Fatalf("day: %+v, %v", day, err)
	}
	acts, err := v.tl.NoteActivity(ctx, a.ID)
	if err != nil || len(acts) != 2 || acts[0].Kind != "created" || acts[1].Kind != "edited" || acts[1].WordsAdded != 3 {
		t.Fatalf("activity: %+v, %v", acts, err)
	}
	// Trashing a note removes its dates.
	if _, err := v.notes.Trash(ctx, due.ID.String()); err != nil {
		t.Fatal(err)
	}
	got, _ = v.tl.OnThisDay(ctx, "2026-12-07", "UTC")
	if len(got.Dated) != 1 {
		t.Fatalf("after trash: %+v", got.Dated)
	}
}

func TestNoteDates(t *testing.T) {
	got := timeline.NoteDates("2026-02-03", "---\ndate: 2026-01-05\nreview: 2026-01-06T10:00\nlist: [2026-01-07, nope]\nbad: 2026-02-30\n---\n- [ ] pay 📅 2026-12-01\n- [x] done 2026-11-30 and 2026-11-29\ntext 2020-01-01\n")
	var s []string
	for _, d := range got {
		s = append(s, d.Kind+" "+d.Date.Format(time.DateOnly)+" "+d.Detail)
	}
	sort.Strings(s)
	want := []string{"daily 2026-02-03 ", "property 2026-01-05 date", "property 2026-01-06 review", "property 2026-01-07 list",
		"task 2026-11-29 done 2026-11-30 and 2026-11-29", "task 2026-11-30 done 2026-11-30 and 2026-11-29", "task 2026-12-01 pay 📅 2026-12-01"}
	if strings.Join(s, "|") != strings.Join(want, "|") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(s, "\n"), strings.Join(want, "\n"))
	}
}

func TestWordDiff(t *testing.T) {
	for _, c := range []struct {
		old, new       string
		added, removed int
	}{
		{"", "a b c", 3, 0},
		{"a b c", "c b a", 0, 0},
		{"a b c", "a b", 0, 1},
		{"a a b", "a x, y", 2, 2},
	} {
		a, r := timeline.WordDiff(c.old, c.new)
		if a != c.added || r != c.removed {
			t.Errorf("%q → %q: +%d -%d, want +%d -%d", c.old, c.new, a, r, c.added, c.removed)
		}
	}
}

// TestImportedHistoryStartsAtFileTimes: a vault imported from files counts
// its notes as created at the files' modification times, in the timeline
// and as of a moment, and the import report says so.
func TestImportedHistoryStartsAtFileTimes(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	root := t.TempDir()
	mtime := time.Date(2020, 5, 5, 12, 0, 0, 0, time.UTC)
	for _, name := range []string{"a.md", "b.md"} {
		p := filepath.Join(root, name)
		if err := os.WriteFile(p, []byte("text of "+name), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := importer.Import(ctx, v.st, root, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HistoryTimes == "" || !strings.Contains(rep.HistoryTimes, "modification") {
		t.Fatalf("history_times = %q", rep.HistoryTimes)
	}
	s, err := v.tl.Timeline(ctx, timeline.Query{From: "2020-05-01", To: "2020-05-31", Bucket: timeline.Month, Zone: "UTC"})
	if err != nil || len(s.Buckets) != 1 || s.Buckets[0].Created != 2 || s.Buckets[0].Notes != 2 {
		t.Fatalf("May 2020: %+v, %v", s, err)
	}
	list, err := v.tl.ListAt(ctx, time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC), "")
	if err != nil || len(list) != 2 {
		t.Fatalf("as of June 2020: %+v, %v", list, err)
	}
	if list, _ := v.tl.ListAt(ctx, time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC), ""); len(list) != 0 {
		t.Fatalf("as of before the files: %+v", list)
	}
}

// TestOnThisDayDatedLeapDay: the dated notes of on this day come from
// every earlier year (the earliest a date can be written, year 1, too),
// 29 February only from leap years, and nothing after the date.
func TestOnThisDayDatedLeapDay(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	for _, title := range []string{"2020-02-29", "2024-02-29", "2024-02-28", "0001-03-01", "2025-03-01", "2029-03-01"} {
		if _, err := v.notes.Create(ctx, title, "journal", "day"); err != nil {
			t.Fatal(err)
		}
	}
	dated := func(date string) string {
		t.Helper()
		got, err := v.tl.OnThisDay(ctx, date, "UTC")
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, d := range got.Dated {
			s = append(s, d.Date)
		}
		return strings.Join(s, " ")
	}
	if got := dated("2028-02-29"); got != "2024-02-29 2020-02-29" {
		t.Errorf("29 February 2028: %q", got)
	}
	if got := dated("2027-02-28"); got != "2024-02-28" {
		t.Errorf("28 February 2027: %q", got)
	}
	if got := dated("2026-03-01"); got != "2025-03-01 0001-03-01" {
		t.Errorf("1 March 2026: %q", got)
	}
}

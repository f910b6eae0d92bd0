package timeline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Bucket sizes of a timeline.
const (
	Hour  = "hour"
	Day   = "day"
	Week  = "week" // weeks start on Monday
	Month = "month"
)

// MaxBuckets is the most buckets one timeline query returns.
const MaxBuckets = 10_000

// Filter narrows activity to notes in a folder (and its subfolders), with
// a tag (lower-cased, without #), of a type, or one note; as they were at
// the time of the change. Empty fields filter nothing.
type Filter struct {
	Folder string `json:"folder,omitempty"`
	Tag    string `json:"tag,omitempty"`
	Type   string `json:"type,omitempty"`
	NoteID string `json:"note_id,omitempty"`
}

// Query asks for the activity between two calendar dates, both included,
// in buckets of the user's time zone.
type Query struct {
	From, To string // YYYY-MM-DD
	Bucket   string // hour, day, week or month
	Filter   Filter
	// Zone is an IANA zone name; "" is the configured zone.
	Zone string
}

// Activity is the sum of the changes in a bucket or a day.
type Activity struct {
	Created      int `json:"created"`
	Edited       int `json:"edited"`
	Renamed      int `json:"renamed"`
	Trashed      int `json:"trashed"`
	Restored     int `json:"restored"`
	WordsAdded   int `json:"words_added"`
	WordsRemoved int `json:"words_removed"`
}

// BucketRow is one bucket of a timeline: Start is its local start, Notes
// the distinct notes changed in it.
type BucketRow struct {
	Start time.Time `json:"start"`
	Activity
	Notes int `json:"notes"`
}

// Series is a timeline's answer; its JSON is `secondbrain timeline --json`.
type Series struct {
	From    string      `json:"from"`
	To      string      `json:"to"`
	Bucket  string      `json:"bucket"`
	Zone    string      `json:"zone"`
	Filter  Filter      `json:"filter"`
	Buckets []BucketRow `json:"buckets"`
	Total   Activity    `json:"total"`
}

// Timeline returns the activity of q's range in its buckets, empty
// buckets included. EINVALID for bad dates, zone, bucket, from after to or
// too many buckets.
func (t *Timeline) Timeline(ctx context.Context, q Query) (*Series, error) {
	loc, err := t.zone(ctx, q.Zone)
	if err != nil {
		return nil, err
	}
	from, err := ParseDate(q.From, loc)
	if err != nil {
		return nil, err
	}
	to, err := ParseDate(q.To, loc)
	if err != nil {
		return nil, err
	}
	if from.After(to) {
		return nil, backend.Errorf(backend.EINVALID, "--from %s is after --to %s", q.From, q.To)
	}
	end := to.AddDate(0, 0, 1) // exclusive
	unit := q.Bucket
	if unit == "" {
		unit = Day
	}
	var n int
	switch unit {
	case Hour:
		n = int(end.Sub(from).Hours()) + 1
	case Day:
		n = int(end.Sub(from).Hours()/24) + 1
	case Week:
		n = int(end.Sub(from).Hours()/24/7) + 2
	case Month:
		n = (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
	default:
		return nil, backend.Errorf(backend.EINVALID, "unknown bucket %q: use hour, day, week or month", q.Bucket)
	}
	if n > MaxBuckets {
		return nil, backend.Errorf(backend.EINVALID, "%s to %s by %s is about %d buckets, more than %d: use a larger bucket or a shorter range", q.From, q.To, unit, n, MaxBuckets)
	}
	if _, err := t.Sync(ctx); err != nil {
		return nil, err
	}
	s := &Series{From: q.From, To: q.To, Bucket: unit, Zone: loc.String(), Filter: q.Filter, Buckets: []BucketRow{}}
	if unit == Day && q.Filter == (Filter{}) {
		ok, err := t.daysFromRollup(ctx, s, from, to, loc)
		if ok || err != nil {
			return s, err
		}
	}
	where, args := filterSQL(q.Filter, 5)
	rows, err := t.db.QueryContext(ctx, `
		WITH agg AS (
			SELECT date_trunc($4, m.minute AT TIME ZONE $3) AS lb,
			       sum(created) AS c, sum(edited) AS e, sum(renamed) AS rn, sum(trashed) AS t, sum(restored) AS rs,
			       sum(words_added) AS wa, sum(words_removed) AS wr, count(DISTINCT note_id) AS n
			FROM timeline_minutes m
			WHERE m.minute >= $1 AND m.minute < $2`+where+`
			GROUP BY 1)
		SELECT g, coalesce(a.c, 0), coalesce(a.e, 0), coalesce(a.rn, 0), coalesce(a.t, 0), coalesce(a.rs, 0),
		       coalesce(a.wa, 0), coalesce(a.wr, 0), coalesce(a.n, 0)
		FROM generate_series(date_trunc($4, $1::timestamptz AT TIME ZONE $3), ($2::timestamptz AT TIME ZONE $3) - interval '1 microsecond',
		                     ('1 ' || $4)::interval) AS g
		LEFT JOIN agg a ON a.lb = g
		ORDER BY g`, append([]any{from, end, loc.String(), unit}, args...)...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b BucketRow
		var g time.Time
		if err := rows.Scan(&g, &b.Created, &b.Edited, &b.Renamed, &b.Trashed, &b.Restored, &b.WordsAdded, &b.WordsRemoved, &b.Notes); err != nil {
			return nil, err
		}
		b.Start = time.Date(g.Year(), g.Month(), g.Day(), g.Hour(), 0, 0, 0, loc)
		s.Total.add(b.Activity)
		s.Buckets = append(s.Buckets, b)
	}
	return s, rows.Err()
}

// daysFromRollup fills s with the days from to to (local midnights in
// loc) read from the day rollup, and says whether it could: the rollup is
// kept in one zone, the configured one; for another, the caller sums the
// minute rows instead.
func (t *Timeline) daysFromRollup(ctx context.Context, s *Series, from, to time.Time, loc *time.Location) (bool, error) {
	rows, err := t.db.QueryContext(ctx, `
		SELECT g::date::text, coalesce(d.created, 0), coalesce(d.edited, 0), coalesce(d.renamed, 0), coalesce(d.trashed, 0),
		       coalesce(d.restored, 0), coalesce(d.words_added, 0), coalesce(d.words_removed, 0), coalesce(d.notes, 0)
		FROM generate_series($1::date, $2::date, interval '1 day') AS g
		LEFT JOIN timeline_days d ON d.day = g::date
		WHERE EXISTS (SELECT 1 FROM timeline_day_zones WHERE zone = $3)
		ORDER BY g`, from.Format(time.DateOnly), to.Format(time.DateOnly), loc.String())
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var b BucketRow
		var day string
		if err := rows.Scan(&day, &b.Created, &b.Edited, &b.Renamed, &b.Trashed, &b.Restored, &b.WordsAdded, &b.WordsRemoved, &b.Notes); err != nil {
			return false, err
		}
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return false, err
		}
		b.Start = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		s.Total.add(b.Activity)
		s.Buckets = append(s.Buckets, b)
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	return len(s.Buckets) > 0, nil
}

func (a *Activity) add(b Activity) {
	a.Created += b.Created
	a.Edited += b.Edited
	a.Renamed += b.Renamed
	a.Trashed += b.Trashed
	a.Restored += b.Restored
	a.WordsAdded += b.WordsAdded
	a.WordsRemoved += b.WordsRemoved
}

// filterSQL is the WHERE clauses of f over timeline_minutes m, with
// placeholders from $first.
func filterSQL(f Filter, first int) (string, []any) {
	var (
		b    strings.Builder
		args []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", first+len(args)-1)
	}
	if folder := strings.Trim(strings.TrimSpace(f.Folder), "/"); folder != "" {
		p := arg(folder)
		fmt.Fprintf(&b, " AND (m.folder = %s OR starts_with(m.folder, %s || '/'))", p, p)
	}
	if tag := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(f.Tag), "#")); tag != "" {
		fmt.Fprintf(&b, " AND %s = ANY(m.tags)", arg(tag))
	}
	if typ := strings.TrimSpace(f.Type); typ != "" {
		fmt.Fprintf(&b, " AND lower(m.note_type) = lower(%s)", arg(typ))
	}
	if id := strings.TrimSpace(f.NoteID); id != "" {
		fmt.Fprintf(&b, " AND m.note_id = %s::uuid", arg(id))
	}
	return b.String(), args
}

// translate turns PostgreSQL's refusals of a zone into EINVALID.
func translate(err error) error {
	if err != nil && strings.Contains(err.Error(), "time zone") {
		return backend.Errorf(backend.EINVALID, "the database does not know the time zone: %v", err)
	}
	return err
}

// DayNote is a note changed on a day (or on this day in a year), with the
// sum of its changes; Title and Path are the note's now (or, once it is
// deleted, its last ones, with Gone set).
type DayNote struct {
	ID    uuid.UUID `json:"id"`
	Title string    `json:"title"`
	Path  string    `json:"path"`
	Activity
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// InTrash says the note is in the trash now, Gone that it was deleted.
	InTrash bool `json:"in_trash,omitempty"`
	Gone    bool `json:"gone,omitempty"`
}

// dayRange is a local calendar day as an instant range, labelled by year.
type dayRange struct {
	year   int
	lo, hi time.Time
}

// notesIn returns the notes changed in each range, by range then latest
// change first.
func (t *Timeline) notesIn(ctx context.Context, ranges []dayRange) (map[int][]DayNote, error) {
	// One scan of the minute index per range, each with its bounds as
	// parameters: the planner then estimates the rows of a day from the
	// column's statistics (bounds in an array it cannot see into made it
	// expect a third of the table, read the whole notes table and compile
	// the query with JIT).
	var (
		scans []string
		args  []any
	)
	for _, r := range ranges {
		args = append(args, r.lo, r.hi)
		scans = append(scans, fmt.Sprintf(`SELECT %d AS y, * FROM timeline_minutes WHERE minute >= $%d AND minute < $%d`, r.year, len(args)-1, len(args)))
	}
	rows, err := t.db.QueryContext(ctx, `
		WITH a AS (
			SELECT m.y, m.note_id, sum(created) c, sum(edited) e, sum(renamed) rn, sum(trashed) t, sum(restored) rs,
			       sum(words_added) wa, sum(words_removed) wr, min(m.minute) first, max(m.minute) last
			FROM (`+strings.Join(scans, " UNION ALL ")+`) m
			GROUP BY m.y, m.note_id)
		SELECT a.y, a.note_id, coalesce(n.title, l.title, ''), coalesce(n.path, l.path, ''), n.trashed_at IS NOT NULL, n.id IS NULL,
		       a.c, a.e, a.rn, a.t, a.rs, a.wa, a.wr, a.first, a.last
		FROM a LEFT JOIN notes n ON n.id = a.note_id
		LEFT JOIN LATERAL (SELECT title, path FROM timeline_events e WHERE e.note_id = a.note_id AND n.id IS NULL
		                   ORDER BY e.seq DESC LIMIT 1) l ON true
		ORDER BY a.y DESC, a.last DESC, a.note_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int][]DayNote{}
	for rows.Next() {
		var y int
		var d DayNote
		if err := rows.Scan(&y, &d.ID, &d.Title, &d.Path, &d.InTrash, &d.Gone, &d.Created, &d.Edited, &d.Renamed, &d.Trashed,
			&d.Restored, &d.WordsAdded, &d.WordsRemoved, &d.First, &d.Last); err != nil {
			return nil, err
		}
		out[y] = append(out[y], d)
	}
	return out, rows.Err()
}

// DayResult is the notes changed on one local calendar day.
type DayResult struct {
	Date  string    `json:"date"`
	Zone  string    `json:"zone"`
	Notes []DayNote `json:"notes"`
	Total Activity  `json:"total"`
	// Dated are the notes whose dates (daily note, properties, tasks)
	// fall on the day.
	Dated []DatedNote `json:"dated"`
}

// DayNotes returns the notes changed on date (YYYY-MM-DD) in the zone
// (""; the configured one), with their changes, and the notes dated that day.
func (t *Timeline) DayNotes(ctx context.Context, date, zone string) (*DayResult, error) {
	loc, err := t.zone(ctx, zone)
	if err != nil {
		return nil, err
	}
	d, err := ParseDate(date, loc)
	if err != nil {
		return nil, err
	}
	if _, err := t.Sync(ctx); err != nil {
		return nil, err
	}
	by, err := t.notesIn(ctx, []dayRange{{year: d.Year(), lo: d, hi: d.AddDate(0, 0, 1)}})
	if err != nil {
		return nil, err
	}
	out := &DayResult{Date: d.Format(time.DateOnly), Zone: loc.String(), Notes: by[d.Year()]}
	if out.Notes == nil {
		out.Notes = []DayNote{}
	}
	for _, n := range out.Notes {
		out.Total.add(n.Activity)
	}
	out.Dated, err = t.dated(ctx, `d.date = $1::date`, d.Format(time.DateOnly))
	return out, err
}

// DatedNote is a live note with a date inside it.
type DatedNote struct {
	ID     uuid.UUID `json:"id"`
	Title  string    `json:"title"`
	Path   string    `json:"path"`
	Date   string    `json:"date"`
	Kind   string    `json:"kind"` // daily, property or task
	Detail string    `json:"detail,omitempty"`
}

func (t *Timeline) dated(ctx context.Context, where string, args ...any) ([]DatedNote, error) {
	rows, err := t.db.QueryContext(ctx, `
		SELECT d.note_id, n.title, n.path, d.date::text, d.kind, d.detail
		FROM timeline_dates d JOIN notes n ON n.id = d.note_id AND n.trashed_at IS NULL
		WHERE `+where+` ORDER BY d.date DESC, d.kind, n.title_key, d.detail LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DatedNote{}
	for rows.Next() {
		var d DatedNote
		if err := rows.Scan(&d.ID, &d.Title, &d.Path, &d.Date, &d.Kind, &d.Detail); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// YearNotes is the notes changed on this day in one earlier year.
type YearNotes struct {
	Year  int       `json:"year"`
	Notes []DayNote `json:"notes"`
}

// OnThisDayResult is the answer of OnThisDay; its JSON is
// `secondbrain on-this-day --json`.
type OnThisDayResult struct {
	Date  string      `json:"date"`
	Zone  string      `json:"zone"`
	Years []YearNotes `json:"years"`
	// Dated are the notes dated on this month and day, this year or
	// before: daily notes, date properties, tasks.
	Dated []DatedNote `json:"dated"`
}

// OnThisDay returns the notes created or changed on date's month and day
// in earlier years (newest year first) and the notes dated that day.
// date "" is today in the zone.
func (t *Timeline) OnThisDay(ctx context.Context, date, zone string) (*OnThisDayResult, error) {
	loc, err := t.zone(ctx, zone)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(date) == "" {
		date = time.Now().In(loc).Format(time.DateOnly)
	}
	d, err := ParseDate(date, loc)
	if err != nil {
		return nil, err
	}
	if _, err := t.Sync(ctx); err != nil {
		return nil, err
	}
	out := &OnThisDayResult{Date: d.Format(time.DateOnly), Zone: loc.String(), Years: []YearNotes{}}
	var first sql.NullTime
	if err := t.db.QueryRowContext(ctx, `SELECT minute FROM timeline_minutes ORDER BY minute LIMIT 1`).Scan(&first); err != nil && err != sql.ErrNoRows {
		return nil, err
	}
	if first.Valid {
		var ranges []dayRange
		for y := d.Year() - 1; y >= first.Time.In(loc).Year(); y-- {
			day := time.Date(y, d.Month(), d.Day(), 0, 0, 0, 0, loc)
			if day.Month() != d.Month() { // 29 February in a common year
				continue
			}
			ranges = append(ranges, dayRange{year: y, lo: day, hi: day.AddDate(0, 0, 1)})
		}
		if len(ranges) > 0 {
			by, err := t.notesIn(ctx, ranges)
			if err != nil {
				return nil, err
			}
			for _, r := range ranges {
				if ns := by[r.year]; len(ns) > 0 {
					out.Years = append(out.Years, YearNotes{Year: r.year, Notes: ns})
				}
			}
		}
	}
	// The month and day in every year from the earliest date to date's,
	// looked up in the date index (29 February in leap years only).
	// (An array, not IN (subquery): the planner guesses a thousand rows
	// for a set-returning function and merge-joins the whole index.)
	out.Dated, err = t.dated(ctx, `d.date = ANY(ARRAY(
		SELECT make_date(y, $1, $2) FROM generate_series(
			greatest(1, (SELECT extract(year FROM min(date))::int FROM timeline_dates)), $3) AS y
		WHERE NOT ($1 = 2 AND $2 = 29) OR (y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0))))`,
		int(d.Month()), d.Day(), d.Year())
	return out, err
}

// Change is one change of a note as the timeline counted it.
type Change struct {
	Seq          int64     `json:"seq"`
	Version      int       `json:"version"`
	At           time.Time `json:"at"`
	Kind         string    `json:"kind"` // created, edited, renamed, trashed, restored, deleted
	Origin       string    `json:"origin"`
	Title        string    `json:"title"`
	Path         string    `json:"path"`
	WordsAdded   int       `json:"words_added"`
	WordsRemoved int       `json:"words_removed"`
}

// NoteActivity returns a note's changes in log order. ENOTFOUND when the
// log has none.
func (t *Timeline) NoteActivity(ctx context.Context, id uuid.UUID) ([]Change, error) {
	if _, err := t.Sync(ctx); err != nil {
		return nil, err
	}
	rows, err := t.db.QueryContext(ctx, `
		SELECT seq, version, at, kind, origin, title, path, words_added, words_removed
		FROM timeline_events WHERE note_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Seq, &c.Version, &c.At, &c.Kind, &c.Origin, &c.Title, &c.Path, &c.WordsAdded, &c.WordsRemoved); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "note %s has no recorded changes", id)
	}
	return out, nil
}

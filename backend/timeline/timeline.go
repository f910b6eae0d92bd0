// Package timeline is time as a dimension of the vault: a projection of
// the event log into per-minute activity rollups (notes created, edited,
// renamed, trashed, restored, words added and removed, by folder, tag and
// type), a per-day rollup in the configured time zone (what a year by day
// reads: one row a day, each note counted once a day), and a table of the
// dates written inside notes (daily notes, date-valued properties, tasks
// with dates), with the queries a timeline view asks: buckets of a range
// in the user's time zone, on this day, a note's activity, a day's notes —
// and the vault as it was at any moment, read from the event log's note
// versions.
//
// The projection lives in PostgreSQL beside the log and follows it with an
// eventlog.Cursor, checkpointed in the projections table ("timeline") in
// the transaction that applies the events. Each event's row is keyed by its
// seq, so an event applied twice (after a restart from the settled
// checkpoint) counts once; Rebuild drops the rows and replays the log.
package timeline

import (
	"context"
	"database/sql"
	"path"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
	"secondbrain/backend/markdown"
)

// Name is the projection's name in the projections table.
const Name = "timeline"

// batchSize is how many events one read of the log takes.
const batchSize = 5000

// lockKey is the advisory lock that serialises the projection's passes
// across processes.
const lockKey = "secondbrain.projection.timeline"

// Timeline is the projection and its queries over the database that
// pgstore writes. It is safe for concurrent use.
type Timeline struct {
	db *sql.DB
	mu sync.Mutex
	// cur is how far this process applied the log; it is dropped when the
	// stored checkpoint says another process went further.
	cur eventlog.Cursor
}

// New returns the timeline over db.
func New(db *sql.DB) *Timeline { return &Timeline{db: db} }

// activityAt is an event's activity time: when it was written, or for a
// note written by an import, the time the file gave (its modification time
// or front-matter date), never later than the write.
const activityAt = `CASE WHEN payload->>'source' = 'import'
	THEN least(coalesce((payload->>'updated_at')::timestamptz, (payload->>'created_at')::timestamptz, time), time)
	ELSE time END`

// SyncReport says what a Sync applied.
type SyncReport struct {
	// Events is how many events of the log were read.
	Events int `json:"events"`
	// Seq is the checkpoint after the pass.
	Seq int64 `json:"seq"`
}

// Sync applies the events after the checkpoint, in batches, each in one
// transaction with its checkpoint. Queries call it first, so they answer
// from the log as it is.
func (t *Timeline) Sync(ctx context.Context) (SyncReport, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var rep SyncReport
	if ok, err := t.current(ctx); err == nil && ok {
		rep.Seq = t.cur.Seq
		return rep, nil
	}
	for {
		n, done, err := t.pass(ctx, false)
		rep.Events += n
		rep.Seq = t.cur.Seq
		if err != nil {
			return rep, backend.Errorf(backend.EINTERNAL, "timeline: applying the event log: %v", err)
		}
		if done {
			return rep, nil
		}
	}
}

// current says, in one statement, whether the projection has nothing to
// do: this process applied the log up to the stored checkpoint, the log
// shows no later event, and the day rollup is in the configured zone. A
// pass (an advisory lock and a transaction, some ten round trips) is then
// not needed; queries call Sync first, so this is most of their calls.
func (t *Timeline) current(ctx context.Context) (bool, error) {
	var (
		stored, maxSeq   int64
		setting, dayZone sql.NullString
	)
	err := t.db.QueryRowContext(ctx, `
		SELECT seq, coalesce((SELECT max(seq) FROM events), 0), (SELECT value FROM settings WHERE key = $2),
		       (SELECT zone FROM timeline_day_zones LIMIT 1)
		FROM projections WHERE name = $1`, Name, SettingZone).Scan(&stored, &maxSeq, &setting, &dayZone)
	if err != nil {
		return false, err
	}
	return stored == t.cur.Settled() && t.cur.Current(eventlog.Snapshot{MaxSeq: maxSeq}) &&
		dayZone.Valid && dayZone.String == rollupZone(setting, dayZone), nil
}

// Rebuild drops the projection's rows and replays the whole log.
func (t *Timeline) Rebuild(ctx context.Context) (SyncReport, error) {
	t.mu.Lock()
	if _, _, err := t.pass(ctx, true); err != nil {
		t.mu.Unlock()
		return SyncReport{}, backend.Errorf(backend.EINTERNAL, "timeline: dropping the projection: %v", err)
	}
	t.mu.Unlock()
	return t.Sync(ctx)
}

// pass applies one batch of events (or, with reset, empties the
// projection) under the projection's lock, and says whether the log has
// no more to read.
func (t *Timeline) pass(ctx context.Context, reset bool) (n int, done bool, err error) {
	if _, err := t.db.ExecContext(ctx, `INSERT INTO projections (name, seq, last_error, updated_at) VALUES ($1, 0, '', now()) ON CONFLICT (name) DO NOTHING`, Name); err != nil {
		return 0, false, err
	}
	conn, err := t.db.Conn(ctx)
	if err != nil {
		return 0, false, err
	}
	defer conn.Close()
	// A session lock taken before the transaction starts, so the
	// transaction's snapshot shows the previous holder's commit.
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, lockKey); err != nil {
		return 0, false, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, lockKey)
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback()
	if reset {
		if _, err := tx.ExecContext(ctx, `TRUNCATE timeline_events, timeline_minutes, timeline_dates, timeline_days, timeline_day_notes, timeline_day_zones`); err != nil {
			return 0, false, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE projections SET seq = 0, last_error = '', updated_at = now() WHERE name = $1`, Name); err != nil {
			return 0, false, err
		}
		if err := tx.Commit(); err != nil {
			return 0, false, err
		}
		t.cur = eventlog.At(0)
		return 0, true, nil
	}
	var (
		stored           int64
		setting, dayZone sql.NullString
	)
	if err := tx.QueryRowContext(ctx, `SELECT seq, (SELECT value FROM settings WHERE key = $2), (SELECT zone FROM timeline_day_zones LIMIT 1)
		FROM projections WHERE name = $1`, Name, SettingZone).Scan(&stored, &setting, &dayZone); err != nil {
		return 0, false, err
	}
	zone := rollupZone(setting, dayZone)
	if !dayZone.Valid || dayZone.String != zone {
		if err := rebuildDays(ctx, tx, zone); err != nil {
			return 0, false, err
		}
	}
	cur := t.cur
	if cur.Settled() != stored {
		cur = eventlog.At(stored) // another process moved it: re-reading is harmless
	}
	snap, err := eventlog.ReadSnapshot(ctx, tx)
	if err != nil {
		return 0, false, err
	}
	if cur.Current(snap) {
		t.cur = cur
		return 0, true, tx.Commit()
	}
	evs, seqs, err := readEvents(ctx, tx, cur)
	if err != nil {
		return 0, false, err
	}
	if err := apply(ctx, tx, evs, zone); err != nil {
		return 0, false, err
	}
	next, _ := cur.Advance(seqs, snap.Xmax, snap.Xmin)
	if _, err := tx.ExecContext(ctx, `UPDATE projections SET seq = $2, last_error = '', updated_at = now() WHERE name = $1`, Name, next.Settled()); err != nil {
		return 0, false, err
	}
	if err := tx.Commit(); err != nil {
		return 0, false, err
	}
	t.cur = next
	return len(seqs), len(seqs) < batchSize, nil
}

// logEvent is a note event as the projection reads it.
type logEvent struct {
	seq     int64
	at      time.Time
	kind    backend.EventKind
	noteID  uuid.UUID
	origin  string
	version int
	title   string
	path    string
	body    sql.NullString
}

// readEvents reads the next batch of the log after cur: every event's seq
// (the cursor needs them all) and the note events' fields.
func readEvents(ctx context.Context, tx *sql.Tx, cur eventlog.Cursor) ([]logEvent, []int64, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT seq, `+activityAt+`, kind, coalesce(note_id, '00000000-0000-0000-0000-000000000000'::uuid), origin,
		       coalesce((payload->>'version')::int, 0), coalesce(payload->>'title', ''), coalesce(payload->>'path', ''),
		       payload->>'body'
		FROM events WHERE seq > $1 OR seq = ANY($2::bigint[]) ORDER BY seq LIMIT $3`,
		cur.Seq, cur.PendingSeqs(), batchSize)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var (
		evs  []logEvent
		seqs []int64
	)
	for rows.Next() {
		var e logEvent
		var kind string
		if err := rows.Scan(&e.seq, &e.at, &kind, &e.noteID, &e.origin, &e.version, &e.title, &e.path, &e.body); err != nil {
			return nil, nil, err
		}
		seqs = append(seqs, e.seq)
		e.kind = backend.EventKind(kind)
		if factKind(e.kind) != "" && e.noteID != uuid.Nil {
			evs = append(evs, e)
		}
	}
	return evs, seqs, rows.Err()
}

// factKind is the timeline's name of a note event kind, "" for events it
// does not count.
func factKind(k backend.EventKind) string {
	switch k {
	case backend.EventNoteCreated:
		return "created"
	case backend.EventNoteUpdated, backend.EventNoteReverted:
		return "edited"
	case backend.EventNoteRenamed:
		return "renamed"
	case backend.EventNoteTrashed:
		return "trashed"
	case backend.EventNoteRestored:
		return "restored"
	case backend.EventNoteDeleted:
		return "deleted"
	}
	return ""
}

// rollupZone is the zone the day rollup is to be kept in: the configured
// one (setting, the raw settings value, else the system's); when the
// setting names no zone, the zone it is kept in now (dayZone), else UTC.
func rollupZone(setting, dayZone sql.NullString) string {
	loc, err := zoneFromSetting(setting)
	switch {
	case err == nil:
		return loc.String()
	case dayZone.Valid:
		return dayZone.String
	}
	return "UTC"
}

// rebuildDays recomputes the day rollup in zone from the minute rows.
func rebuildDays(ctx context.Context, tx *sql.Tx, zone string) error {
	for _, q := range []string{
		`TRUNCATE timeline_days, timeline_day_notes, timeline_day_zones`,
		`INSERT INTO timeline_day_notes (day, note_id)
		 SELECT DISTINCT (minute AT TIME ZONE $1)::date, note_id FROM timeline_minutes`,
		`INSERT INTO timeline_days (day, created, edited, renamed, trashed, restored, words_added, words_removed, notes)
		 SELECT (minute AT TIME ZONE $1)::date, sum(created), sum(edited), sum(renamed), sum(trashed), sum(restored),
		        sum(words_added), sum(words_removed), count(DISTINCT note_id)
		 FROM timeline_minutes GROUP BY 1`,
		`INSERT INTO timeline_day_zones (zone) VALUES ($1)`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{zone}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// apply writes the rows of evs: one per event (kept if already there), the
// minute rollups of those that were new and their day rollups in zone, and
// the dates of the notes touched, read again from their current rows.
func apply(ctx context.Context, tx *sql.Tx, evs []logEvent, zone string) error {
	if len(evs) == 0 {
		return nil
	}
	prev, err := previousBodies(ctx, tx, evs)
	if err != nil {
		return err
	}
	n := len(evs)
	var (
		seqs           = make([]int64, n)
		ats            = make([]time.Time, n)
		ids            = make([]string, n)
		kinds          = make([]string, n)
		origins        = make([]string, n)
		versions       = make([]int64, n)
		titles         = make([]string, n)
		paths          = make([]string, n)
		folders        = make([]string, n)
		types          = make([]string, n)
		tags           = make([]string, n)
		added, removed = make([]int64, n), make([]int64, n)
	)
	touched := map[uuid.UUID]bool{}
	for i, e := range evs {
		st := prev[e.noteID]
		if e.body.Valid && (e.body.String != st.body || !st.known) {
			a, r := WordDiff(st.body, e.body.String)
			added[i], removed[i] = int64(a), int64(r)
			st.body = e.body.String
			st.typ, st.tags = typeAndTags(st.body)
			st.known = true
		}
		prev[e.noteID] = st
		seqs[i], ats[i], ids[i], kinds[i], origins[i] = e.seq, e.at, e.noteID.String(), factKind(e.kind), e.origin
		versions[i], titles[i], paths[i] = int64(e.version), e.title, e.path
		folders[i], types[i], tags[i] = folderOf(e.path), st.typ, strings.Join(st.tags, "\x1f")
		touched[e.noteID] = true
	}
	_, err = tx.ExecContext(ctx, `
		WITH ins AS (
			INSERT INTO timeline_events (seq, at, note_id, kind, origin, version, title, path, folder, note_type, tags, words_added, words_removed)
			SELECT x.seq, x.at, x.id::uuid, x.kind, x.origin, x.version, x.title, x.path, x.folder, x.typ,
			       string_to_array(nullif(x.tags, ''), chr(31)), x.added, x.removed
			FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],
			            $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[], $13::bigint[])
			     AS x(seq, at, id, kind, origin, version, title, path, folder, typ, tags, added, removed)
			ON CONFLICT (seq) DO NOTHING
			RETURNING seq, date_bin('1 minute', at, timestamptz '2000-01-01 00:00:00+00') AS minute, note_id, kind, folder, note_type,
			          array_to_string(tags, chr(31)) AS tags, words_added, words_removed),
		mins AS (
		INSERT INTO timeline_minutes AS m (minute, note_id, folder, note_type, tags, created, edited, renamed, trashed, restored, words_added, words_removed)
		SELECT minute, note_id,
		       (array_agg(folder ORDER BY seq DESC))[1], (array_agg(note_type ORDER BY seq DESC))[1],
		       string_to_array(nullif((array_agg(tags ORDER BY seq DESC))[1], ''), chr(31)),
		       count(*) FILTER (WHERE kind = 'created'), count(*) FILTER (WHERE kind = 'edited'),
		       count(*) FILTER (WHERE kind = 'renamed'), count(*) FILTER (WHERE kind = 'trashed'),
		       count(*) FILTER (WHERE kind = 'restored'), sum(words_added), sum(words_removed)
		FROM ins WHERE kind <> 'deleted'
		GROUP BY 1, 2
		ON CONFLICT (minute, note_id) DO UPDATE SET
			folder = EXCLUDED.folder, note_type = EXCLUDED.note_type, tags = EXCLUDED.tags,
			created = m.created + EXCLUDED.created, edited = m.edited + EXCLUDED.edited,
			renamed = m.renamed + EXCLUDED.renamed, trashed = m.trashed + EXCLUDED.trashed,
			restored = m.restored + EXCLUDED.restored,
			words_added = m.words_added + EXCLUDED.words_added, words_removed = m.words_removed + EXCLUDED.words_removed),
		dn AS (
			INSERT INTO timeline_day_notes (day, note_id)
			SELECT DISTINCT (minute AT TIME ZONE $14)::date, note_id FROM ins WHERE kind <> 'deleted'
			ON CONFLICT (day, note_id) DO NOTHING
			RETURNING day),
		nd AS (SELECT day, count(*) AS n FROM dn GROUP BY day),
		d AS (
			SELECT (minute AT TIME ZONE $14)::date AS day,
			       count(*) FILTER (WHERE kind = 'created') AS c, count(*) FILTER (WHERE kind = 'edited') AS e,
			       count(*) FILTER (WHERE kind = 'renamed') AS rn, count(*) FILTER (WHERE kind = 'trashed') AS t,
			       count(*) FILTER (WHERE kind = 'restored') AS rs, sum(words_added) AS wa, sum(words_removed) AS wr
			FROM ins WHERE kind <> 'deleted' GROUP BY 1)
		INSERT INTO timeline_days AS y (day, created, edited, renamed, trashed, restored, words_added, words_removed, notes)
		SELECT d.day, d.c, d.e, d.rn, d.t, d.rs, d.wa, d.wr, coalesce(nd.n, 0) FROM d LEFT JOIN nd ON nd.day = d.day
		ON CONFLICT (day) DO UPDATE SET
			created = y.created + EXCLUDED.created, edited = y.edited + EXCLUDED.edited,
			renamed = y.renamed + EXCLUDED.renamed, trashed = y.trashed + EXCLUDED.trashed,
			restored = y.restored + EXCLUDED.restored, words_added = y.words_added + EXCLUDED.words_added,
			words_removed = y.words_removed + EXCLUDED.words_removed, notes = y.notes + EXCLUDED.notes`,
		seqs, ats, ids, kinds, origins, versions, titles, paths, folders, types, tags, added, removed, zone)
	if err != nil {
		return err
	}
	return refreshDates(ctx, tx, touched)
}

// noteState is what the projection carries from a note's previous version
// to the next: its body, type and tags. known says body is a version's
// (not the nothing before a note's first).
type noteState struct {
	body  string
	typ   string
	tags  []string
	known bool
}

// typeAndTags is a body's type and lower-cased tags. Only front matter
// (a body starting "---", after an optional BOM), Logseq properties
// ("key:: value") and #tags give them: a body without "---", "::" and "#"
// is not parsed.
func typeAndTags(body string) (string, []string) {
	if !strings.Contains(body, "#") && !strings.Contains(body, "::") && !strings.Contains(body, "---") {
		return "", []string{}
	}
	doc := markdown.Parse([]byte(body))
	return strings.TrimSpace(doc.Type), lowerAll(doc.Tags)
}

// previousBodies reads, for every note of evs, its state before its first
// event in evs: the body of the last body-bearing event before it, and,
// when that body can hold them (see typeAndTags), the type and tags the
// projection derived then (its timeline_events row before it), so that
// body is parsed again only when that row is missing.
func previousBodies(ctx context.Context, tx *sql.Tx, evs []logEvent) (map[uuid.UUID]noteState, error) {
	first := map[uuid.UUID]int64{}
	seen := map[uuid.UUID]bool{}
	for _, e := range evs {
		if !seen[e.noteID] && e.kind != backend.EventNoteCreated {
			first[e.noteID] = e.seq
		}
		seen[e.noteID] = true
	}
	out := make(map[uuid.UUID]noteState, len(first))
	if len(first) == 0 {
		return out, nil
	}
	ids := make([]string, 0, len(first))
	befores := make([]int64, 0, len(first))
	for id, s := range first {
		ids = append(ids, id.String())
		befores = append(befores, s)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT x.id::uuid, b.body, b.seq, d.seq, d.note_type, array_to_string(d.tags, chr(31))
		FROM unnest($1::text[], $2::bigint[]) AS x(id, before)
		CROSS JOIN LATERAL (
			SELECT seq, payload->>'body' AS body FROM events e
			WHERE e.note_id = x.id::uuid AND e.seq < x.before AND e.payload ? 'body'
			ORDER BY e.seq DESC LIMIT 1) b
		LEFT JOIN LATERAL (
			SELECT seq, note_type, tags FROM timeline_events t
			WHERE t.note_id = x.id::uuid AND t.seq < x.before
			  AND (strpos(b.body, '#') > 0 OR strpos(b.body, '::') > 0 OR strpos(b.body, '---') > 0)
			ORDER BY t.seq DESC LIMIT 1) d ON true`, ids, befores)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id         uuid.UUID
			body       string
			bodySeq    int64
			derivedSeq sql.NullInt64
			typ, tags  sql.NullString
		)
		if err := rows.Scan(&id, &body, &bodySeq, &derivedSeq, &typ, &tags); err != nil {
			return nil, err
		}
		st := noteState{body: body, known: true}
		if derivedSeq.Valid && derivedSeq.Int64 >= bodySeq {
			// The projection's row of the note's last event before: its
			// type and tags are those of body.
			st.typ, st.tags = typ.String, []string{}
			if tags.String != "" {
				st.tags = strings.Split(tags.String, "\x1f")
			}
		} else {
			st.typ, st.tags = typeAndTags(body)
		}
		out[id] = st
	}
	return out, rows.Err()
}

// refreshDates replaces the dates of the touched notes with those of their
// current rows (none for a note trashed or deleted).
func refreshDates(ctx context.Context, tx *sql.Tx, touched map[uuid.UUID]bool) error {
	ids := make([]string, 0, len(touched))
	for id := range touched {
		ids = append(ids, id.String())
	}
	// Every date in a body has a '-' (ISO dates, front matter): bodies
	// without one are not sent.
	rows, err := tx.QueryContext(ctx, `
		WITH del AS (DELETE FROM timeline_dates WHERE note_id = ANY($1::uuid[]))
		SELECT id, title, CASE WHEN strpos(body, '-') > 0 THEN body ELSE '' END
		FROM notes WHERE id = ANY($1::uuid[]) AND trashed_at IS NULL`, ids)
	if err != nil {
		return err
	}
	var (
		nids, dkinds, details []string
		dates                 []string
	)
	for rows.Next() {
		var id uuid.UUID
		var title, body string
		if err := rows.Scan(&id, &title, &body); err != nil {
			rows.Close()
			return err
		}
		for _, d := range NoteDates(title, body) {
			nids = append(nids, id.String())
			dkinds = append(dkinds, d.Kind)
			dates = append(dates, d.Date.Format(time.DateOnly))
			details = append(details, d.Detail)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(nids) == 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO timeline_dates (note_id, kind, date, detail)
		SELECT x.id::uuid, x.kind, x.date::date, x.detail FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(id, kind, date, detail)`,
		nids, dkinds, dates, details)
	return err
}

// WordDiff counts the words new adds to old and the words it removes, as
// multisets of words (letters and digits): moving a word is no change.
func WordDiff(old, new string) (added, removed int) {
	counts := map[string]int{}
	eachWord(old, func(w string) { counts[w]-- })
	eachWord(new, func(w string) { counts[w]++ })
	for _, c := range counts {
		if c > 0 {
			added += c
		} else {
			removed -= c
		}
	}
	return added, removed
}

// eachWord calls fn for every word of s (runs of letters and digits).
func eachWord(s string, fn func(string)) {
	start := -1
	for i, r := range s {
		var in bool
		if r < utf8.RuneSelf {
			in = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		} else {
			in = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			fn(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// folderOf is a note path's folder, "" for the vault's root.
func folderOf(p string) string {
	d := path.Dir(p)
	if d == "." || d == "/" {
		return ""
	}
	return d
}

func lowerAll(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#"))
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Status is the projection's checkpoint, for doctor-like reports.
func (t *Timeline) Status(ctx context.Context) (int64, error) {
	var seq int64
	err := t.db.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM projections WHERE name = $1), 0)`, Name).Scan(&seq)
	return seq, err
}

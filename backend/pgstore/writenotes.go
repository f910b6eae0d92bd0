package pgstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"secondbrain/backend"
)

// WriteNotes creates or updates a batch of notes by path in one transaction.
// A note whose body hash is unchanged is skipped; every created or updated
// note gets its derived rows replaced and one event. Links are left for
// ResolveLinks, so a whole import resolves in one pass at the end. A write
// with KeepExisting that finds a live note with other text at its path
// writes nothing (WriteExists, with that note's path). Returns EINVALID when
// two notes of the batch share a path (case-insensitively).
//
// The batch is loaded with COPY into temporary staging tables and written
// set-wise: one statement per table, the search data and the search
// counters' changes of the whole batch computed in a few statements (the
// per-row search triggers step aside, see migration bulk_search), and one
// commit, so a batch of thousands of notes costs a few statements and one
// fsync. The time of each step is logged at debug level.
func (s *Store) WriteNotes(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error) {
	return s.writeNotes(ctx, "pgstore.WriteNotes", batch, false)
}

// CreateNotes creates a batch of notes under their ids (NoteWrite.ID), each
// with its event's origin (NoteWrite.Origin), in one transaction, set-wise
// as WriteNotes does: device sync writing the notes another device made
// (a first sync brings the whole vault). A write whose id is a note here
// already, or whose path a live note holds, is not made (WriteExists, with
// the path asked for). Unlike WriteNotes, the links from and to the new
// notes resolve in the same transaction, as creating them one by one does.
// Returns EINVALID when two notes of the batch share a path
// (case-insensitively) or an id, or a write lacks its id.
func (s *Store) CreateNotes(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error) {
	seen := make(map[uuid.UUID]bool, len(batch))
	for _, w := range batch {
		if w.ID == uuid.Nil || seen[w.ID] {
			return nil, &backend.Error{Code: backend.EINVALID, Op: "pgstore.CreateNotes", Message: fmt.Sprintf("%q has no note id, or one an earlier note of the batch has", w.Path)}
		}
		seen[w.ID] = true
	}
	return s.writeNotes(ctx, "pgstore.CreateNotes", batch, true)
}

// writeNotes is WriteNotes, or with create CreateNotes.
func (s *Store) writeNotes(ctx context.Context, op string, batch []backend.NoteWrite, create bool) ([]backend.WriteOutcome, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	keys := make([]string, len(batch))
	seen := make(map[string]int, len(batch))
	for i, w := range batch {
		keys[i] = strings.ToLower(w.Path)
		if j, dup := seen[keys[i]]; dup {
			return nil, &backend.Error{Code: backend.EINVALID, Op: op,
				Message: fmt.Sprintf("%q takes the path of %q, earlier in the batch: they differ only in letter case", w.Path, batch[j].Path)}
		}
		seen[keys[i]] = i
	}
	hashes := make([]string, len(batch))
	for i, w := range batch {
		hashes[i] = hashBody(w.Body)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer conn.Close()
	var out []backend.WriteOutcome
	ph := newPhases()
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		ph.mark("conn")
		if err := addTags(ctx, pc, batch); err != nil {
			return err
		}
		ph.mark("tags")
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		if out, err = writeNotesTx(ctx, tx, batch, keys, hashes, create, ph); err != nil {
			return err
		}
		if h := backend.WriteHookOf(ctx); h != nil {
			var written []backend.WrittenVersion
			for _, o := range out {
				if o.Action == backend.WriteCreated || o.Action == backend.WriteUpdated {
					written = append(written, backend.WrittenVersion{Note: o.ID, Version: o.Version})
				}
			}
			if len(written) > 0 {
				err := h(ctx, func(ctx context.Context, q string, args ...any) error {
					_, err := tx.Exec(ctx, q, args...)
					return err
				}, written)
				if err != nil {
					return err
				}
			}
		}
		// The deferred fold of the search counters runs here rather than
		// inside the commit, so the debug log tells their times apart.
		if _, err := tx.Exec(ctx, `SET CONSTRAINTS ALL IMMEDIATE`); err != nil {
			return err
		}
		ph.mark("fold")
		err = tx.Commit(ctx)
		ph.mark("commit")
		return err
	})
	if err != nil {
		return nil, s.translate(op, err)
	}
	ph.log(s.log, "wrote notes", "count", len(batch))
	return out, nil
}

// stagingSQL creates the staging tables of one bulk write; they go at commit.
const stagingSQL = `
CREATE TEMP TABLE imp_notes (
	ord integer NOT NULL, id uuid NOT NULL, created boolean NOT NULL, version bigint NOT NULL,
	title text NOT NULL, tkey text NOT NULL, path text NOT NULL, pkey text NOT NULL, body text NOT NULL, hash text NOT NULL,
	note_type text NOT NULL, c text NOT NULL, u text NOT NULL, cjk boolean NOT NULL, tcjk boolean NOT NULL,
	origin text NOT NULL, source text NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE imp_tags (note_id uuid NOT NULL, name text NOT NULL) ON COMMIT DROP;
CREATE TEMP TABLE imp_aliases (note_id uuid NOT NULL, name text NOT NULL) ON COMMIT DROP;
SET LOCAL secondbrain.bulk_search = '1'`

// bulkStep is one statement of a bulk write. Its parameter $1 is the time
// of the write, or with shard the search counters' shard of the
// transaction (sb_search_shard).
type bulkStep struct {
	name  string
	q     string
	shard bool
}

// writeNotesSQL writes the staged notes set-wise, in order: notes, their
// search data, the search counters' changes (old terms out, new terms in:
// read before the search rows are replaced), derived rows, events.
//
// The counters' changes go straight into the transaction's shard of
// search_terms and search_stats, in one statement each, as sb_search_fold
// would at commit: the per-row path through search_pending (an insert of
// every distinct term, then a scan, a delete and the fold) cost a batch of
// 2,000 notes a few hundred milliseconds. Nothing is added to
// search_pending, so the deferred fold finds nothing to do.
var writeNotesSQL = []bulkStep{
	{name: "notes", q: `INSERT INTO notes (id, title, title_key, path, path_key, body, content_hash, version, note_type, created_at, updated_at)
	SELECT x.id, x.title, x.tkey, x.path, x.pkey, x.body, x.hash, 1, x.note_type,
		coalesce(nullif(x.c, '')::timestamptz, $1), coalesce(nullif(x.u, '')::timestamptz, $1)
	FROM imp_notes x WHERE x.created ORDER BY x.ord`},
	{name: "updates", q: `UPDATE notes n SET title = x.title, title_key = x.tkey, path = x.path, body = x.body, content_hash = x.hash,
		version = n.version + 1, note_type = x.note_type, updated_at = coalesce(nullif(x.u, '')::timestamptz, $1)
	FROM imp_notes x WHERE n.id = x.id AND NOT x.created`},
	// OFFSET 0 keeps the planner from pulling the subquery up, which would
	// copy tv and bv into sb_doclen's arguments and compute every tsvector
	// twice (it did: half of an import's time).
	//
	// The lengths are sb_doclen's expression written out: called as a
	// function, which SQL cannot inline (it has a FROM), it cost twice as
	// much (~0.25 s of the garden's 7.7k notes against ~0.15 s).
	{name: "tsvectors", q: `CREATE TEMP TABLE imp_search ON COMMIT DROP AS
	SELECT v.id, sb_fold(v.title) AS title_fold, v.tv, v.bv, tl.n AS tl, bl.n AS bl
	FROM (SELECT x.id, x.title,
		-- Without CJK (or Hangul) characters, sb_tsvector is to_tsvector of
		-- its text as it is, without its functions' regular expressions.
		CASE WHEN x.tcjk THEN sb_tsvector(x.title)
			ELSE to_tsvector('sb_simple', translate(x.title, '<>', '  ')) END AS tv,
		CASE WHEN x.cjk THEN sb_tsvector(left(x.body, 100000))
			ELSE to_tsvector('sb_simple', translate(left(x.body, 100000), '<>', '  ')) END AS bv
		FROM imp_notes x OFFSET 0) AS v
	CROSS JOIN LATERAL (SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0)::integer AS n FROM unnest(v.tv) AS u) AS tl
	CROSS JOIN LATERAL (SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0)::integer AS n FROM unnest(v.bv) AS u) AS bl`},
	{name: "old", q: `CREATE TEMP TABLE imp_old ON COMMIT DROP AS
	SELECT s.title_vec, s.body_vec, s.title_len, s.body_len FROM note_search s JOIN imp_notes x ON x.id = s.note_id AND NOT x.created`},
	{name: "terms", q: `CREATE TEMP TABLE imp_terms ON COMMIT DROP AS
	SELECT y.term COLLATE "C" AS term, sum(y.d)::integer AS d FROM (
		SELECT unnest(tsvector_to_array(n.tv || n.bv)) AS term, 1 AS d FROM imp_search n
		UNION ALL
		SELECT unnest(tsvector_to_array(o.title_vec || o.body_vec)), -1 FROM imp_old o) AS y
	GROUP BY y.term HAVING sum(y.d) <> 0`},
	{name: "df", shard: true, q: `INSERT INTO search_terms AS t (term, shard, df)
	SELECT i.term, $1, i.d FROM imp_terms i ORDER BY i.term
	ON CONFLICT (term, shard) DO UPDATE SET df = t.df + EXCLUDED.df`},
	{name: "df0", shard: true, q: `DELETE FROM search_terms t USING imp_terms i
	WHERE i.d < 0 AND t.shard = $1 AND t.term = i.term AND t.df = 0`},
	{name: "stats", shard: true, q: `INSERT INTO search_stats AS st (shard, docs, title_len, body_len)
	SELECT $1, (SELECT count(*) FROM imp_search) - (SELECT count(*) FROM imp_old),
		(SELECT coalesce(sum(tl), 0) FROM imp_search) - (SELECT coalesce(sum(title_len), 0) FROM imp_old),
		(SELECT coalesce(sum(bl), 0) FROM imp_search) - (SELECT coalesce(sum(body_len), 0) FROM imp_old)
	ON CONFLICT (shard) DO UPDATE SET docs = st.docs + EXCLUDED.docs,
		title_len = st.title_len + EXCLUDED.title_len, body_len = st.body_len + EXCLUDED.body_len`},
	{name: "search", q: `INSERT INTO note_search (note_id, title_fold, title_vec, body_vec, title_len, body_len)
	SELECT id, title_fold, tv, bv, tl, bl FROM imp_search
	ON CONFLICT (note_id) DO UPDATE SET title_fold = EXCLUDED.title_fold, title_vec = EXCLUDED.title_vec,
		body_vec = EXCLUDED.body_vec, title_len = EXCLUDED.title_len, body_len = EXCLUDED.body_len`},
	{name: "tags", q: `INSERT INTO note_tags (note_id, tag_id)
	SELECT DISTINCT x.note_id, t.id FROM imp_tags x JOIN tags t ON t.name = x.name ON CONFLICT DO NOTHING`},
	{name: "aliases", q: `INSERT INTO aliases (id, note_id, name, name_key)
	SELECT gen_random_uuid(), note_id, name, lower(name) FROM imp_aliases`},
	// The event keeps the time it is written (the log's order); the note's
	// own times, when the write gave them, go in its payload.
	{name: "events", q: `INSERT INTO events (time, kind, note_id, origin, payload)
	SELECT $1, CASE WHEN x.created THEN '` + string(backend.EventNoteCreated) + `' ELSE '` + string(backend.EventNoteUpdated) + `' END, x.id, x.origin,
		jsonb_build_object('version', x.version, 'title', x.title, 'path', x.path, 'body', x.body)
		|| jsonb_strip_nulls(jsonb_build_object('source', nullif(x.source, ''), 'created_at', nullif(x.c, ''), 'updated_at', nullif(x.u, '')))
	FROM imp_notes x ORDER BY x.ord`},
}

// writeNotesTx is WriteNotes, or with create CreateNotes, inside tx.
func writeNotesTx(ctx context.Context, tx pgx.Tx, batch []backend.NoteWrite, keys, hashes []string, create bool, ph *phases) ([]backend.WriteOutcome, error) {
	type existing struct {
		id      uuid.UUID
		path    string
		hash    string
		version int
	}
	have := map[string]existing{}
	rows, err := tx.Query(ctx, `SELECT id, path, path_key, content_hash, version FROM notes
		WHERE trashed_at IS NULL AND path_key = ANY($1::text[]) FOR UPDATE`, keys)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var (
			e   existing
			key string
		)
		if err := rows.Scan(&e.id, &e.path, &key, &e.hash, &e.version); err != nil {
			rows.Close()
			return nil, err
		}
		have[key] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	taken := map[uuid.UUID]bool{} // CreateNotes: ids of notes here already
	if create {
		ids := make([]uuid.UUID, len(batch))
		for i, w := range batch {
			ids[i] = w.ID
		}
		rows, err := tx.Query(ctx, `SELECT id FROM notes WHERE id = ANY($1::uuid[])`, ids)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id uuid.UUID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			taken[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	ph.mark("lock")
	out := make([]backend.WriteOutcome, len(batch))
	var changed, updated []int
	for i, w := range batch {
		e, ok := have[keys[i]]
		switch {
		case create && (ok || taken[w.ID]):
			out[i] = backend.WriteOutcome{Path: w.Path, ID: w.ID, Action: backend.WriteExists}
		case create:
			out[i] = backend.WriteOutcome{Path: w.Path, ID: w.ID, Action: backend.WriteCreated, Version: 1}
			changed = append(changed, i)
		case !ok:
			out[i] = backend.WriteOutcome{Path: w.Path, ID: newID(), Action: backend.WriteCreated, Version: 1}
			changed = append(changed, i)
		case e.hash != hashes[i] && w.KeepExisting:
			out[i] = backend.WriteOutcome{Path: e.path, ID: e.id, Action: backend.WriteExists, Version: e.version}
		case e.hash != hashes[i]:
			out[i] = backend.WriteOutcome{Path: w.Path, ID: e.id, Action: backend.WriteUpdated, Version: e.version + 1}
			changed = append(changed, i)
			updated = append(updated, i)
		default:
			out[i] = backend.WriteOutcome{Path: w.Path, ID: e.id, Action: backend.WriteUnchanged, Version: e.version}
		}
	}
	if len(changed) == 0 {
		return out, nil // an unchanged re-import writes nothing
	}
	if _, err := tx.Exec(ctx, stagingSQL); err != nil {
		return nil, err
	}
	// The times a write asks for, as text ("": the time of the write).
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	noteRows := make([][]any, 0, len(changed))
	var linkRows, tagRows, propRows, aliasRows [][]any
	var linkKeys []string // per link row, the path of the note that surely wins it (finalKey)
	for _, i := range changed {
		w, o := &batch[i], out[i]
		created := ""
		if o.Action == backend.WriteCreated {
			created = stamp(w.CreatedAt) // an update keeps the note's creation time
		}
		origin, source := "", "import"
		if create {
			origin, source = w.Origin, ""
		}
		noteRows = append(noteRows, []any{int32(i), pgUUID(o.ID), o.Action == backend.WriteCreated, int64(o.Version),
			w.Title, strings.ToLower(w.Title), w.Path, keys[i], w.Body, hashes[i], w.Derived.Type, created, stamp(w.UpdatedAt), hasCJK(w.Body), hasCJK(w.Title),
			origin, source})
		d := &w.Derived
		src := pgUUID(o.ID)
		dir := keys[i][:strings.LastIndexByte(keys[i], '/')+1]
		for _, l := range d.Links {
			linkRows = append(linkRows, []any{pgUUID(newID()), src, l.Target, l.TargetKey, l.Anchor, l.Alias, l.Kind, l.Rel, int64(l.Position), pgtype.UUID{}})
			linkKeys = append(linkKeys, finalKey(dir, l))
		}
		seen := map[string]bool{}
		for _, t := range d.Tags {
			k := strings.ToLower(t)
			if k != "" && !seen[k] {
				seen[k] = true
				tagRows = append(tagRows, []any{src, k})
			}
		}
		pkeys := make([]string, 0, len(d.Properties))
		for k := range d.Properties {
			pkeys = append(pkeys, k)
		}
		sort.Strings(pkeys)
		for _, k := range pkeys {
			propRows = append(propRows, []any{pgUUID(newID()), src, k, d.Properties[k]})
		}
		seenA := map[string]bool{}
		for _, a := range d.Aliases {
			a = strings.TrimSpace(a)
			if k := strings.ToLower(a); a != "" && !seenA[k] {
				seenA[k] = true
				aliasRows = append(aliasRows, []any{src, a})
			}
		}
	}
	ph.mark("rows")
	if len(updated) > 0 {
		ids := make([]uuid.UUID, len(updated))
		for k, i := range updated {
			ids[k] = out[i].ID
		}
		if _, err := tx.Exec(ctx, `
			WITH l AS (DELETE FROM links WHERE source_id = ANY($1::uuid[])),
			     t AS (DELETE FROM note_tags WHERE note_id = ANY($1::uuid[])),
			     p AS (DELETE FROM properties WHERE note_id = ANY($1::uuid[]))
			DELETE FROM aliases WHERE note_id = ANY($1::uuid[])`, ids); err != nil {
			return nil, err
		}
	}
	copies := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"imp_notes", []string{"ord", "id", "created", "version", "title", "tkey", "path", "pkey", "body", "hash", "note_type", "c", "u", "cjk", "tcjk", "origin", "source"}, noteRows},
		{"imp_tags", []string{"note_id", "name"}, tagRows},
		{"imp_aliases", []string{"note_id", "name"}, aliasRows},
	}
	for _, c := range copies {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			return nil, fmt.Errorf("copy %s: %w", c.table, err)
		}
	}
	ph.mark("copy")
	ts := now()
	var shard int16
	if err := tx.QueryRow(ctx, `SELECT sb_search_shard()`).Scan(&shard); err != nil {
		return nil, fmt.Errorf("search counters' shard: %w", err)
	}
	for _, st := range writeNotesSQL {
		var args []any
		switch {
		case st.shard:
			args = []any{shard}
		case strings.Contains(st.q, "$1"):
			args = []any{ts}
		}
		if _, err := tx.Exec(ctx, st.q, args...); err != nil {
			return nil, fmt.Errorf("%s: %w", st.name, err)
		}
		ph.mark(st.name)
	}
	// Links and properties go straight into their tables: their rows need
	// nothing computed in SQL, and the notes they hang on now exist.
	if len(linkRows) > 0 {
		if err := resolveFinal(ctx, tx, linkRows, linkKeys); err != nil {
			return nil, fmt.Errorf("resolve links: %w", err)
		}
		ph.mark("final")
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"links"},
			[]string{"id", "source_id", "target", "target_key", "anchor", "alias", "kind", "rel", "position", "target_id"},
			pgx.CopyFromRows(linkRows)); err != nil {
			return nil, fmt.Errorf("copy links: %w", err)
		}
	}
	ph.mark("links")
	if len(propRows) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"properties"}, []string{"id", "note_id", "key", "value"},
			pgx.CopyFromRows(propRows)); err != nil {
			return nil, fmt.Errorf("copy properties: %w", err)
		}
	}
	ph.mark("props")
	if create {
		ids := make([]uuid.UUID, 0, len(changed))
		var names []string
		for _, i := range changed {
			ids = append(ids, out[i].ID)
			names = append(names, nameKeys(batch[i].Title, batch[i].Path)...)
		}
		exec := func(q string, args ...any) error {
			_, err := tx.Exec(ctx, q, args...)
			return err
		}
		if err := resolveWith(exec, resolveFromCond, ids); err != nil {
			return nil, fmt.Errorf("resolve links: %w", err)
		}
		if err := resolveWith(exec, resolveToCond, names, ids); err != nil {
			return nil, fmt.Errorf("resolve links: %w", err)
		}
		ph.mark("resolve")
	}
	return out, nil
}

// finalKey returns the path key of the note that wins link l from a note
// in folder dir (its lower-cased path up to the last slash, "" at the
// root) whenever a live note holds it, whatever other notes exist or come
// later; "" when no single path does. Under the ranking of resolveNotesSQL
// that is the path relative to dir for a wikilink or embed from a folder
// (rank 1), else the vault path (rank 2: rank 1 does not apply). Live
// paths are unique, so no other candidate can tie or beat it.
func finalKey(dir string, l backend.LinkRef) string {
	switch {
	case l.TargetKey == "":
		return ""
	case l.Kind != backend.LinkMarkdown && dir != "":
		return dir + l.TargetKey + ".md"
	default:
		return l.TargetKey + ".md"
	}
}

// resolveFinal sets the target (the last column of each link row) of the
// links whose note finalKey names and a live note holds now: those a bulk
// write's notes or the notes before them settle once and for all. Written
// resolved, they need no UPDATE later, which costs a large import more
// than the lookup (every updated row is a new row version in the table
// and each of its indexes). The rest stay open for the set-wise pass.
func resolveFinal(ctx context.Context, tx pgx.Tx, rows [][]any, keys []string) error {
	uniq := make([]string, 0, len(keys))
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			uniq = append(uniq, k)
		}
	}
	if len(uniq) == 0 {
		return nil
	}
	found := make(map[string]uuid.UUID, len(uniq))
	res, err := tx.Query(ctx, `SELECT path_key, id FROM notes WHERE trashed_at IS NULL AND path_key = ANY($1::text[])`, uniq)
	if err != nil {
		return err
	}
	for res.Next() {
		var (
			k  string
			id uuid.UUID
		)
		if err := res.Scan(&k, &id); err != nil {
			res.Close()
			return err
		}
		found[k] = id
	}
	res.Close()
	if err := res.Err(); err != nil {
		return err
	}
	for j, k := range keys {
		if id, ok := found[k]; ok {
			rows[j][len(rows[j])-1] = pgUUID(id)
		}
	}
	return nil
}

// addTags creates the tags of a batch that do not exist yet, in a short
// transaction of its own on conn, before the batch's transaction uses them.
// Batches written at once share tags: created inside each batch's
// transaction, a new tag would make every other batch that names it wait
// for that whole transaction. A tag no note names is listed nowhere. Its
// commit need not wait for the disk: the batch's own commit, later in the
// same log, makes it durable.
func addTags(ctx context.Context, conn *pgx.Conn, batch []backend.NoteWrite) error {
	var names []string
	for _, w := range batch {
		for _, t := range w.Derived.Tags {
			if k := strings.ToLower(t); k != "" {
				names = append(names, k)
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names) // one order: concurrent batches never deadlock
	names = slices.Compact(names)
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO tags (id, name) SELECT gen_random_uuid(), n FROM unnest($1::text[]) AS n
			WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = n) ORDER BY n ON CONFLICT (name) DO NOTHING`, names)
		return err
	})
}

// pgUUID is id as COPY rows carry it. A uuid.UUID is a driver.Valuer,
// which pgx encodes by way of its text, after an encoding attempt that
// fails and builds an error: for a garden import's 100k ids, a third of
// the import's own CPU time.
func pgUUID(id uuid.UUID) pgtype.UUID {
	return pgtype.UUID{Bytes: id, Valid: true}
}

// newID returns a time-ordered id (UUIDv7) for a row a bulk write adds:
// rows of a batch then go to the right end of their tables' primary-key
// indexes instead of a random page each (measured: a batch's links load
// in half the time).
func newID() uuid.UUID {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.New()
	}
	return id
}

// hasCJK reports whether s holds a character that sb_cjk_bigrams rewrites
// (the ranges of its pattern, migration search).
func hasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x3040 && (r <= 0x30ff || r >= 0x3400 && r <= 0x4dbf || r >= 0x4e00 && r <= 0x9fff ||
			r >= 0xac00 && r <= 0xd7af || r >= 0xf900 && r <= 0xfaff) {
			return true
		}
	}
	return false
}

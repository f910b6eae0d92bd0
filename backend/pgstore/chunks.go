package pgstore

import (
	"context"
	"database/sql"
	"encoding/binary"
	"math"
	"path"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
)

var _ backend.ChunkStore = (*Store)(nil)

// noteTagsSQL aggregates a note's tags (and the parents of nested tags).
// They come as one string, one tag a line.
const noteTagsSQL = `coalesce((SELECT string_agg(t.name, E'\n' ORDER BY t.name) FROM note_tags nt JOIN tags t ON t.id = nt.tag_id WHERE nt.note_id = n.id), '')`

// PendingNotes returns live notes whose chunks under model are missing or
// older than the note.
func (s *Store) PendingNotes(ctx context.Context, model string, after uuid.UUID, limit int) ([]backend.EmbedNote, error) {
	const op = "pgstore.PendingNotes"
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.version, n.title, n.body, n.path, n.note_type, `+noteTagsSQL+`
		FROM notes n
		WHERE n.trashed_at IS NULL AND n.id > $2 AND NOT EXISTS (
			SELECT 1 FROM chunks c WHERE c.note_id = n.id AND c.model = $1 AND c.ordinal = 0 AND c.note_version = n.version)
		ORDER BY n.id LIMIT $3`, model, after, limit)
	if err != nil {
		return nil, s.translate(op, err)
	}
	return s.scanEmbedNotes(op, rows)
}

// PendingNotesAmong is PendingNotes of the notes among ids only, in id order.
func (s *Store) PendingNotesAmong(ctx context.Context, model string, ids []uuid.UUID) ([]backend.EmbedNote, error) {
	const op = "pgstore.PendingNotesAmong"
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.version, n.title, n.body, n.path, n.note_type, `+noteTagsSQL+`
		FROM notes n
		WHERE n.id = ANY($2::uuid[]) AND n.trashed_at IS NULL AND NOT EXISTS (
			SELECT 1 FROM chunks c WHERE c.note_id = n.id AND c.model = $1 AND c.ordinal = 0 AND c.note_version = n.version)
		ORDER BY n.id`, model, uuidStrings(ids))
	if err != nil {
		return nil, s.translate(op, err)
	}
	return s.scanEmbedNotes(op, rows)
}

// scanEmbedNotes reads the rows of PendingNotes and closes them.
func (s *Store) scanEmbedNotes(op string, rows *sql.Rows) ([]backend.EmbedNote, error) {
	defer rows.Close()
	var out []backend.EmbedNote
	for rows.Next() {
		var (
			n    backend.EmbedNote
			p    string
			tags string
		)
		if err := rows.Scan(&n.ID, &n.Version, &n.Title, &n.Body, &p, &n.Type, &tags); err != nil {
			return nil, s.translate(op, err)
		}
		n.Folder, n.Tags = folderOf(p), expandTags(tags)
		out = append(out, n)
	}
	return out, s.translate(op, rows.Err())
}

// folderOf is the folder of a vault path, "" at the root.
func folderOf(p string) string {
	d := path.Dir(p)
	if d == "." || d == "/" {
		return ""
	}
	return d
}

// expandTags splits the tag lines and adds the parents of nested tags:
// "a/b" also counts as "a".
func expandTags(lines string) []string {
	if lines == "" {
		return nil
	}
	tags := strings.Split(lines, "\n")
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		for {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
			i := strings.LastIndexByte(t, '/')
			if i <= 0 {
				break
			}
			t = t[:i]
		}
	}
	return out
}

// ChunkVectors returns stored vectors by text hash.
func (s *Store) ChunkVectors(ctx context.Context, model string, hashes []string) (map[string][]float32, error) {
	const op = "pgstore.ChunkVectors"
	out := make(map[string][]float32)
	if len(hashes) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT ON (text_hash) text_hash, vector FROM chunks
		WHERE model = $1 AND text_hash = ANY($2) AND error = ''`, model, hashes)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h string
			v []byte
		)
		if err := rows.Scan(&h, &v); err != nil {
			return nil, s.translate(op, err)
		}
		out[h] = decodeVector(v)
	}
	return out, s.translate(op, rows.Err())
}

// ReplaceChunks replaces the notes' chunks in one transaction.
func (s *Store) ReplaceChunks(ctx context.Context, model string, notes []backend.NoteChunks) error {
	const op = "pgstore.ReplaceChunks"
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.translate(op, err)
	}
	defer tx.Rollback()
	noteIDs := make([]string, len(notes))
	var (
		ids, notesCol, hashes, texts, heads, errs []string
		ords, versions, dims                      []int64
		vecs                                      [][]byte
	)
	for i, n := range notes {
		noteIDs[i] = n.NoteID.String()
		for _, c := range n.Chunks {
			ids, notesCol, hashes, errs = append(ids, c.ID.String()), append(notesCol, noteIDs[i]), append(hashes, c.Hash), append(errs, c.Error)
			texts = append(texts, strings.ToValidUTF8(strings.ReplaceAll(c.Text, "\x00", ""), "\uFFFD"))
			heads = append(heads, strings.ToValidUTF8(strings.ReplaceAll(c.Heading, "\x00", ""), "\uFFFD"))
			ords, versions, dims = append(ords, int64(c.Ordinal)), append(versions, int64(n.Version)), append(dims, int64(len(c.Vector)))
			vecs = append(vecs, encodeVector(c.Vector))
		}
	}
	// Two processes on one database (the app and `secondbrain mcp`, say)
	// may embed the same note at once: chunk ids are stable, so the second
	// insert would collide with the first's uncommitted rows. A lock per
	// note, taken in id order, makes the second wait and then replace.
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('chunks/' || x::text, 0))
		FROM (SELECT DISTINCT x FROM unnest($1::uuid[]) AS x ORDER BY x) AS ordered`, noteIDs); err != nil {
		return s.translate(op, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE note_id = ANY($1::uuid[])`, noteIDs); err != nil {
		return s.translate(op, err)
	}
	// Large notes go in slices so that no statement carries too much.
	const per = 2000
	for start := 0; start < len(ids); start += per {
		end := min(start+per, len(ids))
		if _, err := tx.ExecContext(ctx, `INSERT INTO chunks
			(id, note_id, ordinal, note_version, model, text_hash, text, heading, dim, vector, error, updated_at)
			SELECT u.id, u.note, u.ord, u.ver, $1, u.hash, u.text, u.head, u.dim, u.vec, u.err, now()
			FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bytea[], $11::text[])
				AS u(id, note, ord, ver, hash, text, head, dim, vec, err)`,
			model, ids[start:end], notesCol[start:end], ords[start:end], versions[start:end], hashes[start:end],
			texts[start:end], heads[start:end], dims[start:end], vecs[start:end], errs[start:end]); err != nil {
			return s.translate(op, err)
		}
	}
	// One event names every note, after the writes above (see the
	// projector's gap rule): the vector projection copies them.
	if len(notes) == 0 {
		return s.translate(op, tx.Commit())
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (time, kind, payload)
		VALUES (now(), $1, jsonb_build_object('model', $2::text, 'sources', to_jsonb($3::uuid[])))`,
		backend.EventChunksEmbedded, model, noteIDs); err != nil {
		return s.translate(op, err)
	}
	return s.translate(op, tx.Commit())
}

// DeleteOrphanChunks removes chunks of notes gone or trashed.
func (s *Store) DeleteOrphanChunks(ctx context.Context) ([]uuid.UUID, error) {
	const op = "pgstore.DeleteOrphanChunks"
	rows, err := s.db.QueryContext(ctx, `WITH gone AS (
			DELETE FROM chunks c WHERE NOT EXISTS (
				SELECT 1 FROM notes n WHERE n.id = c.note_id AND n.trashed_at IS NULL)
			RETURNING c.note_id)
		SELECT DISTINCT note_id FROM gone`)
	if err != nil {
		return nil, s.translate(op, err)
	}
	return s.scanNoteIDs(op, rows)
}

// DeleteOrphanChunksAmong is DeleteOrphanChunks of the notes among ids only.
func (s *Store) DeleteOrphanChunksAmong(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error) {
	const op = "pgstore.DeleteOrphanChunksAmong"
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `WITH gone AS (
			DELETE FROM chunks c WHERE c.note_id = ANY($1::uuid[]) AND NOT EXISTS (
				SELECT 1 FROM notes n WHERE n.id = c.note_id AND n.trashed_at IS NULL)
			RETURNING c.note_id)
		SELECT DISTINCT note_id FROM gone`, uuidStrings(ids))
	if err != nil {
		return nil, s.translate(op, err)
	}
	return s.scanNoteIDs(op, rows)
}

// scanNoteIDs reads rows of one uuid and closes them.
func (s *Store) scanNoteIDs(op string, rows *sql.Rows) ([]uuid.UUID, error) {
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, id)
	}
	return out, s.translate(op, rows.Err())
}

// EmbeddingCounts counts the notes indexed under model, the live notes and
// the failed chunks.
func (s *Store) EmbeddingCounts(ctx context.Context, model string) (backend.EmbeddingCounts, error) {
	var c backend.EmbeddingCounts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM notes n WHERE n.trashed_at IS NULL AND EXISTS (
			SELECT 1 FROM chunks c WHERE c.note_id = n.id AND c.model = $1 AND c.ordinal = 0 AND c.note_version = n.version)),
		(SELECT count(*) FROM notes WHERE trashed_at IS NULL),
		(SELECT count(*) FROM chunks WHERE model = $1 AND error <> '')`, model).Scan(&c.Indexed, &c.Total, &c.Failed)
	return c, s.translate("pgstore.EmbeddingCounts", err)
}

// EmbedFailures lists failed chunks with their reasons.
func (s *Store) EmbedFailures(ctx context.Context, model string, limit int) ([]backend.EmbedFailure, error) {
	const op = "pgstore.EmbedFailures"
	rows, err := s.db.QueryContext(ctx, `SELECT c.note_id, n.title, c.ordinal, c.error FROM chunks c JOIN notes n ON n.id = c.note_id
		WHERE c.model = $1 AND c.error <> '' ORDER BY n.title, c.ordinal LIMIT $2`, model, limit)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out []backend.EmbedFailure
	for rows.Next() {
		var f backend.EmbedFailure
		if err := rows.Scan(&f.NoteID, &f.Title, &f.Ordinal, &f.Reason); err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, f)
	}
	return out, s.translate(op, rows.Err())
}

// pointsSQL selects the columns scanPoint reads: a chunk's vector and its
// note's payload; the caller adds the conditions.
const pointsSQL = `SELECT c.id, c.note_id, c.ordinal, c.vector, n.path, n.note_type, ` + noteTagsSQL + `
		FROM chunks c JOIN notes n ON n.id = c.note_id`

// scanPoint reads a row of pointsSQL.
func scanPoint(rows *sql.Rows) (backend.VectorPoint, error) {
	var (
		p    backend.VectorPoint
		v    []byte
		path string
		tags string
	)
	if err := rows.Scan(&p.ID, &p.NoteID, &p.Chunk, &v, &path, &p.Type, &tags); err != nil {
		return p, err
	}
	p.Vector, p.Folder, p.Tags = decodeVector(v), folderOf(path), expandTags(tags)
	return p, nil
}

// ScanVectors streams every vector of a live note under model.
func (s *Store) ScanVectors(ctx context.Context, model string, fn func(backend.VectorPoint) error) error {
	const op = "pgstore.ScanVectors"
	rows, err := s.db.QueryContext(ctx, pointsSQL+`
		WHERE c.model = $1 AND c.dim > 0 AND n.trashed_at IS NULL`, model)
	if err != nil {
		return s.translate(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPoint(rows)
		if err != nil {
			return s.translate(op, err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return s.translate(op, rows.Err())
}

// NotePoints returns the stored vectors under model of the live notes
// among ids, by note, with their payload (tags, folder, type). A note with
// no vector under the model is missing from the map.
func (s *Store) NotePoints(ctx context.Context, model string, ids []uuid.UUID) (map[uuid.UUID][]backend.VectorPoint, error) {
	const op = "pgstore.NotePoints"
	out := map[uuid.UUID][]backend.VectorPoint{}
	if len(ids) == 0 {
		return out, nil
	}
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = id.String()
	}
	rows, err := s.db.QueryContext(ctx, pointsSQL+`
		WHERE c.note_id = ANY($2::uuid[]) AND c.model = $1 AND c.dim > 0 AND n.trashed_at IS NULL
		ORDER BY c.note_id, c.ordinal`, model, strs)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPoint(rows)
		if err != nil {
			return nil, s.translate(op, err)
		}
		out[p.NoteID] = append(out[p.NoteID], p)
	}
	return out, s.translate(op, rows.Err())
}

// ChunkHits returns chunks by id with their notes.
func (s *Store) ChunkHits(ctx context.Context, ids []uuid.UUID) ([]backend.ChunkHit, error) {
	const op = "pgstore.ChunkHits"
	if len(ids) == 0 {
		return nil, nil
	}
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = id.String()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.note_id, c.ordinal, c.heading, c.text, c.text_hash, n.title, n.path, n.updated_at
		FROM chunks c JOIN notes n ON n.id = c.note_id
		WHERE c.id = ANY($1::uuid[]) AND n.trashed_at IS NULL`, strs)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out []backend.ChunkHit
	for rows.Next() {
		var h backend.ChunkHit
		if err := rows.Scan(&h.ID, &h.NoteID, &h.Ordinal, &h.Heading, &h.Text, &h.Hash, &h.Title, &h.Path, &h.UpdatedAt); err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, h)
	}
	return out, s.translate(op, rows.Err())
}

// NoteVectors returns one note's vectors under model.
func (s *Store) NoteVectors(ctx context.Context, model string, noteID uuid.UUID) ([][]float32, error) {
	const op = "pgstore.NoteVectors"
	rows, err := s.db.QueryContext(ctx, `SELECT vector FROM chunks WHERE note_id = $1 AND model = $2 AND dim > 0 ORDER BY ordinal`, noteID, model)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out [][]float32
	for rows.Next() {
		var v []byte
		if err := rows.Scan(&v); err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, decodeVector(v))
	}
	return out, s.translate(op, rows.Err())
}

func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func decodeVector(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

// linkHub is how many notes may link to a target (or carry a tag) for two
// notes sharing it to count as neighbours: a target most notes link to
// (a daily "todo", "push") says nothing of two notes.
const linkHub = 50

// LinkNeighbours returns the live notes linked with the note, linking to
// the same targets (with a note or not) or carrying the same tags, up to
// limit, the closest first; targets and tags of more than linkHub notes
// are not counted.
func (s *Store) LinkNeighbours(ctx context.Context, id uuid.UUID, limit int) ([]backend.LinkNeighbour, error) {
	const op = "pgstore.LinkNeighbours"
	// The candidates are few, but PostgreSQL cannot tell (the hub limits
	// hide their count): joined to notes plainly, it merged them with
	// every note (50 ms at 100k notes). Looking each one up (the LATERAL
	// that OFFSET 0 keeps from being flattened) takes a millisecond or two.
	rows, err := s.db.QueryContext(ctx, `WITH mine AS (
			SELECT target_key, min(target) AS target, (array_agg(target_id) FILTER (WHERE target_id IS NOT NULL))[1] AS target_id
			FROM links WHERE source_id = $1 AND target_key <> '' GROUP BY target_key),
		rare AS (
			SELECT m.target_key, m.target FROM mine m
			WHERE (SELECT count(*) FROM (SELECT DISTINCT l.source_id FROM links l WHERE l.target_key = m.target_key LIMIT $3 + 1) x) <= $3),
		mytags AS (
			SELECT nt.tag_id, t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id WHERE nt.note_id = $1
			AND (SELECT count(*) FROM (SELECT 1 FROM note_tags o WHERE o.tag_id = nt.tag_id LIMIT $3 + 1) x) <= $3),
		cand AS (
			SELECT target_id AS id, true AS links_to, false AS linked_from, NULL::text AS link, NULL::text AS tag
			FROM mine WHERE target_id IS NOT NULL AND target_id <> $1
			UNION ALL
			SELECT DISTINCT source_id, false, true, NULL, NULL FROM links WHERE target_id = $1 AND source_id <> $1
			UNION ALL
			SELECT DISTINCT l.source_id, false, false, r.target, NULL FROM links l JOIN rare r ON r.target_key = l.target_key
			WHERE l.source_id <> $1
			UNION ALL
			SELECT nt.note_id, false, false, NULL, mt.name FROM note_tags nt JOIN mytags mt ON mt.tag_id = nt.tag_id
			WHERE nt.note_id <> $1)
		SELECT c.id, n.title, n.path, bool_or(c.links_to), bool_or(c.linked_from),
			count(DISTINCT c.link), count(DISTINCT c.tag),
			coalesce(string_agg(DISTINCT c.link, E'\n'), ''), coalesce(string_agg(DISTINCT c.tag, E'\n'), '')
		FROM cand c CROSS JOIN LATERAL (
			SELECT n.title, n.path FROM notes n WHERE n.id = c.id AND n.trashed_at IS NULL OFFSET 0) n
		GROUP BY c.id, n.title, n.path
		ORDER BY (bool_or(c.links_to) OR bool_or(c.linked_from)) DESC, count(DISTINCT c.link) + count(DISTINCT c.tag) DESC, n.title
		LIMIT $2`, id, limit, linkHub)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out []backend.LinkNeighbour
	for rows.Next() {
		var n backend.LinkNeighbour
		var links, tags string
		if err := rows.Scan(&n.ID, &n.Title, &n.Path, &n.LinksTo, &n.LinkedFrom, &n.Shared, &n.SharedTags, &links, &tags); err != nil {
			return nil, s.translate(op, err)
		}
		n.SharedLinkNames, n.SharedTagNames = firstLines(links, 3), firstLines(tags, 3)
		out = append(out, n)
	}
	return out, s.translate(op, rows.Err())
}

// firstLines returns up to n of the non-empty lines of s.
func firstLines(s string, n int) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" && len(out) < n {
			out = append(out, l)
		}
	}
	return out
}

package pgstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/ent"
)

// WriteNotes creates or updates a batch of notes by path in one transaction.
// A note whose body hash is unchanged is skipped; every created or updated
// note gets its derived rows replaced and one event. Links are left for
// ResolveLinks, so a whole import resolves in one pass at the end. A write
// with KeepExisting that finds a live note with other text at its path
// writes nothing (WriteExists, with that note's path). Returns EINVALID when
// two notes of the batch share a path (case-insensitively).
func (s *Store) WriteNotes(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error) {
	const op = "pgstore.WriteNotes"
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
	out := make([]backend.WriteOutcome, len(batch))
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		type existing struct {
			id      uuid.UUID
			path    string
			hash    string
			version int
		}
		have := map[string]existing{}
		rows, err := tx.QueryContext(ctx, `SELECT id, path, path_key, content_hash, version FROM notes
			WHERE trashed_at IS NULL AND path_key = ANY($1::text[]) FOR UPDATE`, keys)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				e   existing
				key string
			)
			if err := rows.Scan(&e.id, &e.path, &key, &e.hash, &e.version); err != nil {
				rows.Close()
				return err
			}
			have[key] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var (
			newIdx, updIdx []int
			ids            = make([]string, len(batch))
			hashes         = make([]string, len(batch))
		)
		for i, w := range batch {
			hashes[i] = hashBody(w.Body)
			e, ok := have[keys[i]]
			switch {
			case !ok:
				id := uuid.New()
				ids[i] = id.String()
				out[i] = backend.WriteOutcome{Path: w.Path, ID: id, Action: backend.WriteCreated, Version: 1}
				newIdx = append(newIdx, i)
			case e.hash != hashes[i] && w.KeepExisting:
				out[i] = backend.WriteOutcome{Path: e.path, ID: e.id, Action: backend.WriteExists, Version: e.version}
			case e.hash != hashes[i]:
				ids[i] = e.id.String()
				out[i] = backend.WriteOutcome{Path: w.Path, ID: e.id, Action: backend.WriteUpdated, Version: e.version + 1}
				updIdx = append(updIdx, i)
			default:
				out[i] = backend.WriteOutcome{Path: w.Path, ID: e.id, Action: backend.WriteUnchanged, Version: e.version}
			}
		}
		pick := func(idx []int, f func(i int) string) []string {
			v := make([]string, len(idx))
			for k, i := range idx {
				v[k] = f(i)
			}
			return v
		}
		ts := now()
		// The times a write asks for, as text ("": the time of the write).
		stamp := func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format(time.RFC3339Nano)
		}
		created := func(i int) string {
			if out[i].Action != backend.WriteCreated {
				return "" // an update keeps the note's creation time
			}
			return stamp(batch[i].CreatedAt)
		}
		updated := func(i int) string { return stamp(batch[i].UpdatedAt) }
		if len(newIdx) > 0 {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO notes (id, title, title_key, path, path_key, body, content_hash, version, created_at, updated_at)
				SELECT x.id::uuid, x.t, lower(x.t), x.p, lower(x.p), x.b, x.h, 1,
					coalesce(nullif(x.c, '')::timestamptz, $6), coalesce(nullif(x.u, '')::timestamptz, $6)
				FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $7::text[], $8::text[]) AS x(id, t, p, b, h, c, u)`,
				pick(newIdx, func(i int) string { return ids[i] }),
				pick(newIdx, func(i int) string { return batch[i].Title }),
				pick(newIdx, func(i int) string { return batch[i].Path }),
				pick(newIdx, func(i int) string { return batch[i].Body }),
				pick(newIdx, func(i int) string { return hashes[i] }), ts,
				pick(newIdx, created), pick(newIdx, updated)); err != nil {
				return err
			}
		}
		if len(updIdx) > 0 {
			uids := pick(updIdx, func(i int) string { return ids[i] })
			if _, err := tx.ExecContext(ctx, `
				UPDATE notes n SET title = x.t, title_key = lower(x.t), path = x.p, body = x.b, content_hash = x.h,
					version = n.version + 1, updated_at = coalesce(nullif(x.u, '')::timestamptz, $6)
				FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $7::text[]) AS x(id, t, p, b, h, u)
				WHERE n.id = x.id::uuid`,
				uids,
				pick(updIdx, func(i int) string { return batch[i].Title }),
				pick(updIdx, func(i int) string { return batch[i].Path }),
				pick(updIdx, func(i int) string { return batch[i].Body }),
				pick(updIdx, func(i int) string { return hashes[i] }), ts,
				pick(updIdx, updated)); err != nil {
				return err
			}
			for _, q := range []string{
				`DELETE FROM links WHERE source_id = ANY($1::uuid[])`,
				`DELETE FROM note_tags WHERE note_id = ANY($1::uuid[])`,
				`DELETE FROM properties WHERE note_id = ANY($1::uuid[])`,
				`DELETE FROM aliases WHERE note_id = ANY($1::uuid[])`,
			} {
				if _, err := tx.ExecContext(ctx, q, uids); err != nil {
					return err
				}
			}
		}
		changed := append(append([]int(nil), newIdx...), updIdx...)
		if len(changed) == 0 {
			return nil
		}
		ds := make([]backend.Derived, len(changed))
		for k, i := range changed {
			ds[k] = batch[i].Derived
		}
		if err := insertDerived(ctx, tx, pick(changed, func(i int) string { return ids[i] }), ds); err != nil {
			return err
		}
		kinds := pick(changed, func(i int) string {
			if out[i].Action == backend.WriteCreated {
				return string(backend.EventNoteCreated)
			}
			return string(backend.EventNoteUpdated)
		})
		versions := make([]int64, len(changed))
		for k, i := range changed {
			versions[k] = int64(out[i].Version)
		}
		// The event keeps the time it is written (the log's order); the
		// note's own times, when the write gave them, go in its payload.
		_, err = tx.ExecContext(ctx, `
			INSERT INTO events (time, kind, note_id, payload)
			SELECT $1, x.k, x.id::uuid, jsonb_build_object('version', x.v, 'title', x.t, 'path', x.p, 'body', x.b, 'source', 'import')
				|| jsonb_strip_nulls(jsonb_build_object('created_at', nullif(x.c, ''), 'updated_at', nullif(x.u, '')))
			FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
				WITH ORDINALITY AS x(k, id, v, t, p, b, c, u, ord)
			ORDER BY x.ord`,
			ts, kinds, pick(changed, func(i int) string { return ids[i] }), versions,
			pick(changed, func(i int) string { return batch[i].Title }),
			pick(changed, func(i int) string { return batch[i].Path }),
			pick(changed, func(i int) string { return batch[i].Body }),
			pick(changed, created), pick(changed, updated))
		return err
	})
	if err != nil {
		return nil, s.translate(op, err)
	}
	return out, nil
}

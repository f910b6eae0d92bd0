package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"secondbrain/backend"
	"secondbrain/ent"
)

// FindAttachment returns the attachment a link target names, resolved like
// links are: by path inside the vault, then by file name when only one
// attachment has it, case-insensitively. Returns ENOTFOUND when none (or
// several, by name alone) match.
func (s *Store) FindAttachment(ctx context.Context, target string) (*backend.Attachment, error) {
	const op = "pgstore.FindAttachment"
	key := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(target), "/"))
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, path, mime_type, size, content_hash FROM attachments WHERE path_key = $1
		UNION ALL
		SELECT id, path, mime_type, size, content_hash FROM attachments
		WHERE name_key = $1 AND NOT EXISTS (SELECT 1 FROM attachments WHERE path_key = $1)
		LIMIT 2`, key)
	if err != nil {
		return nil, s.translate(op, err)
	}
	list, err := scanAttachments(rows)
	if err != nil {
		return nil, s.translate(op, err)
	}
	if len(list) != 1 {
		return nil, &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: "no attachment " + target}
	}
	return &list[0], nil
}

// scanAttachments reads attachment rows.
func scanAttachments(rows *sql.Rows) ([]backend.Attachment, error) {
	defer rows.Close()
	var out []backend.Attachment
	for rows.Next() {
		var a backend.Attachment
		if err := rows.Scan(&a.ID, &a.Path, &a.MimeType, &a.Size, &a.ContentHash); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PutAttachment records an attachment by path, replacing the metadata of an
// older file at the same path.
func (s *Store) PutAttachment(ctx context.Context, a backend.AttachmentWrite) (*backend.Attachment, error) {
	const op = "pgstore.PutAttachment"
	key := strings.ToLower(a.Path)
	name := key
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		name = key[i+1:]
	}
	var out *backend.Attachment
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			INSERT INTO attachments (id, path, path_key, name_key, mime_type, size, content_hash, created_at, updated_at)
			VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now(), now())
			ON CONFLICT (path_key) DO UPDATE SET path = EXCLUDED.path, mime_type = EXCLUDED.mime_type,
				size = EXCLUDED.size, content_hash = EXCLUDED.content_hash, updated_at = now()
			RETURNING id, path, mime_type, size, content_hash`, a.Path, key, name, a.MimeType, a.Size, a.ContentHash)
		if err != nil {
			return err
		}
		list, err := scanAttachments(rows)
		if err != nil {
			return err
		}
		out = &list[0]
		b, err := json.Marshal(backend.AttachmentPayload{ID: out.ID.String(), Path: out.Path, ContentHash: out.ContentHash, Size: out.Size})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO events (time, kind, origin, payload) VALUES ($1, $2, $3, $4::jsonb)`,
			now(), string(backend.EventAttachmentPut), backend.Origin(ctx), string(b))
		return err
	})
	if err != nil {
		return nil, s.translate(op, err)
	}
	return out, nil
}

// Attachments lists every attachment by path.
func (s *Store) Attachments(ctx context.Context) ([]backend.Attachment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, path, mime_type, size, content_hash FROM attachments ORDER BY path_key`)
	if err != nil {
		return nil, s.translate("pgstore.Attachments", err)
	}
	list, err := scanAttachments(rows)
	return list, s.translate("pgstore.Attachments", err)
}

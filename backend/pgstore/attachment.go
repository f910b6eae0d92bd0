package pgstore

import (
	"context"
	"strings"

	"secondbrain/backend"
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

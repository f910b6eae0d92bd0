package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/google/uuid"
)

// vaultIDKey is the setting holding the vault's identity.
const vaultIDKey = "vault.id"

// VaultID returns the vault's identity: a random UUID drawn the first time
// it is asked for and kept in the settings table, so that servers shared
// by several vaults (a Qdrant collection per vault) keep them apart. A
// backup restored elsewhere keeps it.
func (s *Store) VaultID(ctx context.Context) (uuid.UUID, error) {
	const op = "pgstore.VaultID"
	fresh, _ := json.Marshal(uuid.New().String())
	var raw string
	var err error
	for range 2 { // a second try sees the row of a racing first call
		err = s.db.QueryRowContext(ctx, `WITH ins AS (
				INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now())
				ON CONFLICT (key) DO NOTHING RETURNING value)
			SELECT value FROM ins UNION ALL SELECT value FROM settings WHERE key = $1 LIMIT 1`, vaultIDKey, string(fresh)).Scan(&raw)
		if !errors.Is(err, sql.ErrNoRows) {
			break
		}
	}
	if err != nil {
		return uuid.Nil, s.translate(op, err)
	}
	var str string
	if err := json.Unmarshal([]byte(raw), &str); err != nil {
		return uuid.Nil, s.translate(op, err)
	}
	id, err := uuid.Parse(str)
	if err != nil {
		return uuid.Nil, s.translate(op, err)
	}
	return id, nil
}

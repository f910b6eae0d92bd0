package pgstore

import (
	"context"
	"database/sql"
	"errors"

	"secondbrain/backend"
	"secondbrain/ent"
)

// Setting returns the JSON value of a setting and whether it is set.
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, s.translate("pgstore.Setting", err)
	}
	return v, true, nil
}

// PutSetting stores a setting's JSON value with an EventSettingChanged
// event (its payload a backend.SettingPayload).
func (s *Store) PutSetting(ctx context.Context, key, jsonValue string) error {
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now())
			ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, key, jsonValue); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO events (time, kind, payload) VALUES (now(), $3, jsonb_build_object('key', $1::text, 'value', $2::jsonb))`, key, jsonValue, string(backend.EventSettingChanged))
		return err
	})
	return s.translate("pgstore.PutSetting", err)
}

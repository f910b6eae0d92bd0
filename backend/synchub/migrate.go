package synchub

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"secondbrain/backend/devicesync"
)

// migrations are the hub's schema changes, applied in order; migration i
// takes the schema to version i+1. Append, never edit: a hub that ran a
// migration never runs it again.
var migrations = []string{
	// 1: the keyring, the devices, the changes and the attachments.
	`
CREATE TABLE sb_keyring (
	id boolean PRIMARY KEY DEFAULT true CONSTRAINT sb_keyring_one_row CHECK (id),
	blob bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE sb_devices (
	id uuid PRIMARY KEY,
	name text NOT NULL,
	token_hash bytea NOT NULL CONSTRAINT sb_devices_token_hash_sha256 CHECK (octet_length(token_hash) = 32),
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE sb_changes (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	device_id uuid NOT NULL REFERENCES sb_devices (id),
	device_seq bigint NOT NULL CONSTRAINT sb_changes_device_seq_positive CHECK (device_seq > 0),
	size integer NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	sealed bytea NOT NULL,
	CONSTRAINT sb_changes_device_seq_unique UNIQUE (device_id, device_seq)
);
CREATE TABLE sb_blobs (
	id text PRIMARY KEY,
	size bigint NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	sealed bytea NOT NULL
);
`,
}

// SchemaVersion is the hub schema version this code creates and reads.
var SchemaVersion = len(migrations)

// Advisory lock keys (pg_advisory_xact_lock(lockClass, key)): lockClass
// is "SBsy" in ASCII, so the hub's locks don't collide with another app's
// in a shared database.
const (
	lockClass   = 0x53427379
	lockMigrate = 1
	lockPush    = 2
)

// migrate brings the hub's schema to SchemaVersion, one transaction per
// migration, each under an advisory lock so devices setting up at once
// apply every migration exactly once. devicesync.ErrHubTooNew when the hub
// is at a later version.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	for {
		done, err := migrateStep(ctx, pool)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next migration the hub lacks, if any, and
// reports whether the schema was current already.
func migrateStep(ctx context.Context, pool *pgxpool.Pool) (done bool, err error) {
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, lockClass, lockMigrate); err != nil {
			return err
		}
		// Created only when missing: CREATE … IF NOT EXISTS would still
		// need the CREATE privilege, which a joining device's role may lack.
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT to_regclass('sb_sync_schema') IS NOT NULL`).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			if _, err := tx.Exec(ctx, `CREATE TABLE sb_sync_schema (
	version integer PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
				return err
			}
		}
		var v int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM sb_sync_schema`).Scan(&v); err != nil {
			return err
		}
		if v > SchemaVersion {
			return fmt.Errorf("%w (the hub is at schema version %d, this app knows up to %d)", devicesync.ErrHubTooNew, v, SchemaVersion)
		}
		if v == SchemaVersion {
			done = true
			return nil
		}
		if _, err := tx.Exec(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO sb_sync_schema (version) VALUES ($1)`, v+1)
		return err
	})
	return done, err
}

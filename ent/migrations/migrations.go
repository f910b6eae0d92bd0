// Package migrations embeds the versioned SQL migrations generated from the
// Ent schema (see the diff command beside it) and applies them in order.
// A user's database is only ever changed by these files, never by
// auto-migration.
package migrations

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed *.sql atlas.sum
var files embed.FS

// FS returns the embedded migration directory (SQL files and atlas.sum).
func FS() fs.FS { return files }

// Migration is one embedded migration file.
type Migration struct {
	// Version is the file name up to the first underscore, e.g. "20261123193000".
	Version string
	// Name is the whole file name.
	Name string
	// SQL is the file's content.
	SQL string
}

// All returns every embedded migration, oldest first.
func All() ([]Migration, error) {
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Migration, 0, len(names))
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		v, _, ok := strings.Cut(path.Base(n), "_")
		if !ok {
			return nil, fmt.Errorf("migrations: file %s has no version prefix", n)
		}
		out = append(out, Migration{Version: v, Name: n, SQL: string(b)})
	}
	return out, nil
}

const revisionsTable = "secondbrain_schema_migrations"

// Apply brings the database to the newest embedded migration and returns the
// names of the files it applied. Each file runs in its own transaction under
// an advisory lock, so two processes starting at once apply it only once. A
// database that has migrations this binary does not know (a newer release)
// is refused rather than touched.
func Apply(ctx context.Context, db *sql.DB) ([]string, error) {
	return ApplyN(ctx, db, -1)
}

// ApplyN is Apply limited to the first n migrations (n < 0 means all); tests
// use it to build the schema of an earlier release.
func ApplyN(ctx context.Context, db *sql.DB, n int) ([]string, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	if n >= 0 && n < len(all) {
		all = all[:n]
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: connect: %w", err)
	}
	defer conn.Close()
	// A session-level lock held across every file: concurrent starters queue here.
	const lockKey = 7_261_123_001
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
		return nil, fmt.Errorf("migrations: lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey)

	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+revisionsTable+` (
		version text PRIMARY KEY,
		name text NOT NULL,
		sha256 text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("migrations: create revisions table: %w", err)
	}
	applied := map[string]string{}
	rows, err := conn.QueryContext(ctx, `SELECT version, sha256 FROM `+revisionsTable)
	if err != nil {
		return nil, fmt.Errorf("migrations: read revisions: %w", err)
	}
	for rows.Next() {
		var v, h string
		if err := rows.Scan(&v, &h); err != nil {
			rows.Close()
			return nil, err
		}
		applied[v] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, m := range all {
		known[m.Version] = true
	}
	for v := range applied {
		if !known[v] && n < 0 {
			return nil, fmt.Errorf("migrations: the database has migration %s, which this version does not know: it was opened by a newer Second Brain", v)
		}
	}
	var pending []Migration
	var sums []string
	for _, m := range all {
		sum := sha256.Sum256([]byte(m.SQL))
		h := hex.EncodeToString(sum[:])
		if old, ok := applied[m.Version]; ok {
			if old != h {
				return nil, fmt.Errorf("migrations: %s was changed after it was applied (sha256 %s, applied %s)", m.Name, h, old)
			}
			continue
		}
		pending = append(pending, m)
		sums = append(sums, h)
	}
	var done []string
	for i, m := range pending {
		// Every commit but the last returns before its WAL is flushed; the
		// last one's flush writes them all (the WAL is written in order), so
		// a first start pays one disk sync instead of one per file. A crash
		// in between loses only files whose revision row is lost with them.
		last := i == len(pending)-1
		if err := applyOne(ctx, conn, m, sums[i], last); err != nil {
			return done, err
		}
		done = append(done, m.Name)
	}
	return done, nil
}

// applyOne applies m and records it in one transaction; unless durable,
// the commit does not wait for the WAL flush.
func applyOne(ctx context.Context, conn *sql.Conn, m Migration, hash string, durable bool) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrations: begin %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	if !durable {
		if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return fmt.Errorf("migrations: begin %s: %w", m.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migrations: apply %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+revisionsTable+` (version, name, sha256) VALUES ($1, $2, $3)`, m.Version, m.Name, hash); err != nil {
		return fmt.Errorf("migrations: record %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrations: commit %s: %w", m.Name, err)
	}
	return nil
}

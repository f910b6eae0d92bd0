// Package devdiff computes migrations from the Ent schema against a dev
// database: the diff command writes them and tests use it to prove the
// committed migrations hold the whole schema.
package devdiff

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"ariga.io/atlas/sql/migrate"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	entmigrate "secondbrain/ent/migrate"
)

// Write diffs the migrations in dir (replayed on the empty database at dsn)
// against the Ent schema and writes the changes as a new migration named
// name. It returns the new file's name, or "" when there were no changes.
func Write(ctx context.Context, dsn, dir, name string) (string, error) {
	local, err := migrate.NewLocalDir(dir)
	if err != nil {
		return "", err
	}
	before, err := sqlFiles(dir)
	if err != nil {
		return "", err
	}
	if err := diff(ctx, dsn, local, name); err != nil {
		return "", err
	}
	after, err := sqlFiles(dir)
	if err != nil {
		return "", err
	}
	for _, f := range after {
		if !slices.Contains(before, f) {
			return f, nil
		}
	}
	return "", nil
}

// Pending returns the SQL that a new migration would need to hold for the
// migrations in dir to match the Ent schema: "" means none is missing. dir
// is not changed.
func Pending(ctx context.Context, dsn, dir string) (string, error) {
	mem := &migrate.MemDir{}
	names, err := sqlFiles(dir)
	if err != nil {
		return "", err
	}
	for _, n := range append(names, migrate.HashFileName) {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return "", err
		}
		if err := mem.WriteFile(n, b); err != nil {
			return "", err
		}
	}
	if err := diff(ctx, dsn, mem, "pending"); err != nil {
		return "", err
	}
	files, err := mem.Files()
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, f := range files {
		if !slices.Contains(names, f.Name()) {
			out.Write(f.Bytes())
		}
	}
	return out.String(), nil
}

// Rehash rewrites dir's atlas.sum from its files, after a migration was
// written or edited by hand.
func Rehash(dir string) error {
	local, err := migrate.NewLocalDir(dir)
	if err != nil {
		return err
	}
	sum, err := local.Checksum()
	if err != nil {
		return err
	}
	return migrate.WriteSumFile(local, sum)
}

func diff(ctx context.Context, dsn string, dir migrate.Dir, name string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := schema.NewMigrate(entsql.OpenDB(dialect.Postgres, db),
		schema.WithDir(dir),
		schema.WithFormatter(migrate.DefaultFormatter),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
	if err != nil {
		return fmt.Errorf("devdiff: %w", err)
	}
	if err := m.NamedDiff(ctx, name, entmigrate.Tables...); err != nil {
		return fmt.Errorf("devdiff: %w", err)
	}
	return nil
}

func sqlFiles(dir string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	sort.Strings(m)
	return m, nil
}

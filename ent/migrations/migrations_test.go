package migrations_test

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"secondbrain/backend/pgserver/pgtest"
	entmigrate "secondbrain/ent/migrate"
	"secondbrain/ent/migrations"
	"secondbrain/ent/migrations/devdiff"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func openDB(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// drift returns the statements Ent's auto-migration would run on db: empty
// when the applied migrations match the schema exactly.
func drift(tb testing.TB, db *sql.DB) string {
	tb.Helper()
	var buf bytes.Buffer
	s := entmigrate.NewSchema(entsql.OpenDB(dialect.Postgres, db))
	if err := s.WriteTo(context.Background(), &buf, entmigrate.WithDropColumn(true), entmigrate.WithDropIndex(true)); err != nil {
		tb.Fatal(err)
	}
	var stmts []string
	for _, line := range strings.Split(buf.String(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line == "BEGIN;" || line == "COMMIT;" || strings.HasPrefix(line, "--") {
			continue
		}
		stmts = append(stmts, line)
	}
	return strings.Join(stmts, "\n")
}

// TestApplyEmptyNoDrift applies every migration to an empty database and
// finds nothing left for the schema to change.
func TestApplyEmptyNoDrift(t *testing.T) {
	db := openDB(t, pgtest.NewDatabase(t))
	all, err := migrations.All()
	if err != nil || len(all) == 0 {
		t.Fatalf("embedded migrations = %d, %v; want some", len(all), err)
	}
	applied, err := migrations.Apply(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != len(all) {
		t.Fatalf("applied %d; want %d", len(applied), len(all))
	}
	if d := drift(t, db); d != "" {
		t.Fatalf("schema drift after migrations:\n%s", d)
	}
	again, err := migrations.Apply(context.Background(), db)
	if err != nil || len(again) != 0 {
		t.Fatalf("second apply = %v, %v; want nothing to do", again, err)
	}
}

// TestUpgradeFromEveryRelease builds the schema of each earlier state (the
// first k migrations, with data in it) and upgrades it to the newest.
func TestUpgradeFromEveryRelease(t *testing.T) {
	all, _ := migrations.All()
	for k := 1; k < len(all)+1; k++ {
		db := openDB(t, pgtest.NewDatabase(t))
		if _, err := migrations.ApplyN(context.Background(), db, k); err != nil {
			t.Fatalf("apply first %d: %v", k, err)
		}
		if _, err := db.Exec(`INSERT INTO notes (id, title, title_key, path, path_key, body, content_hash, version, created_at, updated_at)
			VALUES (gen_random_uuid(), 'Old', 'old', 'Old.md', 'old.md', 'kept', '', 1, now(), now())`); err != nil {
			t.Fatalf("seed at %d: %v", k, err)
		}
		if _, err := migrations.Apply(context.Background(), db); err != nil {
			t.Fatalf("upgrade from %d: %v", k, err)
		}
		var body string
		if err := db.QueryRow(`SELECT body FROM notes WHERE title = 'Old'`).Scan(&body); err != nil || body != "kept" {
			t.Fatalf("after upgrade from %d: body %q, %v; want kept", k, body, err)
		}
		if d := drift(t, db); d != "" {
			t.Fatalf("drift after upgrade from %d:\n%s", k, d)
		}
	}
}

// TestNoMissingMigration regenerates the migration from the Ent schema: the
// committed files must already hold every change.
func TestNoMissingMigration(t *testing.T) {
	pending, err := devdiff.Pending(context.Background(), pgtest.NewDatabase(t), ".")
	if err != nil {
		t.Fatal(err)
	}
	if pending != "" {
		t.Fatalf("the Ent schema has changes no migration holds (run `make migration NAME=...`):\n%s", pending)
	}
}

// TestChecksums verifies atlas.sum against the files, so a hand edit is caught.
func TestChecksums(t *testing.T) {
	dir, err := migrate.NewLocalDir(".")
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.Validate(dir); err != nil {
		t.Fatalf("atlas.sum does not match the migration files (run `go run ./ent/migrations/diff -rehash`): %v", err)
	}
}

// TestRefuseNewerDatabase: a database migrated by a newer release is not touched.
func TestRefuseNewerDatabase(t *testing.T) {
	db := openDB(t, pgtest.NewDatabase(t))
	if _, err := migrations.Apply(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO secondbrain_schema_migrations (version, name, sha256) VALUES ('99990101000000', '99990101000000_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	_, err := migrations.Apply(context.Background(), db)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("apply on a newer database = %v; want a refusal naming a newer version", err)
	}
}

package pgtest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend/pgserver/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestNewDatabase(t *testing.T) {
	ctx := context.Background()
	dsns := map[string]bool{}
	for range 3 {
		dsn := pgtest.NewDatabase(t)
		if dsns[dsn] {
			t.Fatalf("NewDatabase returned %q twice", dsn)
		}
		dsns[dsn] = true
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		var tables int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("got %d tables in a new database; want 0", tables)
		}
		if _, err := conn.Exec(ctx, "CREATE TABLE t (id int)"); err != nil {
			t.Fatal(err)
		}
		conn.Close(ctx)
	}
}

func TestNewDatabaseParallel(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := pgtest.NewDatabase(t)
			conn, err := pgx.Connect(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(context.Background())
			if _, err := conn.Exec(context.Background(), "CREATE TABLE t (id int); INSERT INTO t VALUES (1)"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

package pgstore_test

import (
	"context"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
)

// TestMain gives the package's tests one throwaway PostgreSQL cluster.
func TestMain(m *testing.M) { pgtest.Main(m) }

func openStore(tb testing.TB) *pgstore.Store {
	tb.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func create(tb testing.TB, st *pgstore.Store, path, body string) *backend.Note {
	tb.Helper()
	title := strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".md")
	n, err := st.CreateNote(context.Background(), backend.NewNote{Title: title, Path: path, Body: body})
	if err != nil {
		tb.Fatalf("create %s: %v", path, err)
	}
	return n
}

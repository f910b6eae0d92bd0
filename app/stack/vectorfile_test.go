package stack_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/vectorcache"
	"secondbrain/backend/vectorindex"
)

// TestVectorFileAcrossProcesses: a short-lived stack (the CLI) writes the
// index file when it reads every vector; the next one starts from it and
// the notes embedded since; a long-lived one (the desktop app) writes what
// it embedded at close; SECONDBRAIN_VECTOR_FILE=off writes nothing.
func TestVectorFileAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	open := func() *stack.Stack {
		t.Helper()
		s, err := stack.Open(ctx, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	search := func(s *stack.Stack, text string) []backend.SearchHit {
		t.Helper()
		hits, err := s.Search.Search(ctx, backend.SearchQuery{Text: text, Mode: backend.SearchSemantic, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	topics := []string{"sourdough bread rises in a hot oven", "shares fell as interest rates rose", "the trail climbs through pine forest"}

	s := open()
	for i, b := range topics {
		if _, err := s.Notes.Create(ctx, fmt.Sprint("topic ", i), "", b); err != nil {
			t.Fatal(err)
		}
	}
	if hits := search(s, "baking bread"); len(hits) == 0 || hits[0].Title != "topic 0" {
		t.Fatalf("search = %+v; want topic 0 first", hits)
	}
	path := vectorcache.FilePath(cfg.DataDir, stack.ModelOf(s))
	model, dim := stack.ModelOf(s), stack.DimOf(s)
	vault, err := stack.StoreOf(s).VaultID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	header := func() vectorindex.FileHeader {
		t.Helper()
		h, err := vectorindex.New(dim).ReadFile(path, vectorindex.FileHeader{Model: model, Scope: vault.String()})
		if err != nil {
			t.Fatalf("reading the index file: %v", err)
		}
		return h
	}
	if h := header(); h.Embedded == 0 {
		t.Fatalf("the first search's file has no embedded mark: %+v", h)
	}
	s.Close(ctx)

	// The next command embeds the notes changed since the mark (here, one
	// another command created) before it searches.
	s = open()
	if _, err := s.Notes.Create(ctx, "hiking", "", "boots and a map for the mountain path"); err != nil {
		t.Fatal(err)
	}
	if hits := search(s, "walking in the mountains"); len(hits) == 0 || hits[0].Title != "hiking" {
		t.Fatalf("search = %+v; want hiking first", hits)
	}
	s.Close(ctx)

	// The desktop app: embeds a note in the background, writes it at close.
	s = open()
	s.StartIndexer(ctx)
	if _, err := s.Notes.Create(ctx, "late", "", "a violin concerto in three movements"); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUpEmbeddings(ctx); err != nil {
		t.Fatal(err)
	}
	if hits := search(s, "orchestra music violin"); len(hits) == 0 || hits[0].Title != "late" {
		t.Fatalf("search = %+v; want late first", hits)
	}
	want := 0
	if err := stack.StoreOf(s).ScanVectors(ctx, stack.ModelOf(s), func(backend.VectorPoint) error { want++; return nil }); err != nil {
		t.Fatal(err)
	}
	s.Close(ctx)
	x := vectorindex.New(dim)
	cp, err := x.ReadFile(path, vectorindex.FileHeader{Model: model, Scope: vault.String()})
	if err != nil || cp.Checkpoint == 0 || cp.Embedded == 0 {
		t.Fatalf("ReadFile = %+v, %v; want the file the app wrote at close, with its indexer's mark", cp, err)
	}
	if n, _ := x.Count(ctx); n != want {
		t.Fatalf("the file holds %d points; PostgreSQL %d", n, want)
	}

	// A new process answers from the file; with the file off it reads
	// PostgreSQL and leaves the file alone.
	os.Remove(path)
	t.Setenv(stack.VectorFileEnv, "off")
	s = open()
	if hits := search(s, "orchestra music violin"); len(hits) == 0 || hits[0].Title != "late" {
		t.Fatalf("search with the file off = %+v; want late first", hits)
	}
	s.Close(ctx)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("an index file was written with %s=off: %v", stack.VectorFileEnv, err)
	}
}

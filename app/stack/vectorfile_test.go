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

// TestVectorFileMarkPastBulkEmbedding: the embedded mark a command keeps in
// the index file is taken before the notes it embeds, so the events of a
// bulk embedding lie after it and name every note. The next command looks
// at every note once and writes its new mark, so that the command after
// it looks at none: the mark of the file must move past the bulk
// embedding's events (it used to stay behind them, and every command
// looked at every note).
func TestVectorFileMarkPastBulkEmbedding(t *testing.T) {
	defer stack.SetIndexThresholds(3, 3)()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	command := func(text string) []backend.SearchHit {
		t.Helper()
		s, err := stack.Open(ctx, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close(ctx)
		hits, err := s.Search.Search(ctx, backend.SearchQuery{Text: text, Mode: backend.SearchSemantic, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	s, err := stack.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	topics := []string{"sourdough bread rises in a hot oven", "shares fell as interest rates rose",
		"the trail climbs through pine forest", "a violin concerto in three movements"}
	for i := range 8 {
		if _, err := s.Notes.Create(ctx, fmt.Sprint("topic ", i), "", topics[i%4]); err != nil {
			t.Fatal(err)
		}
	}
	path := vectorcache.FilePath(cfg.DataDir, stack.ModelOf(s))
	model, dim, store := stack.ModelOf(s), stack.DimOf(s), stack.StoreOf(s)
	vault, err := store.VaultID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close(ctx)
	header := func() vectorindex.FileHeader {
		t.Helper()
		h, err := vectorindex.New(dim).ReadFile(path, vectorindex.FileHeader{Model: model, Scope: vault.String()})
		if err != nil {
			t.Fatalf("reading the index file: %v", err)
		}
		return h
	}
	// The first command embeds the 8 notes: their events follow its mark.
	if hits := command("baking bread"); len(hits) == 0 || hits[0].Title != "topic 0" && hits[0].Title != "topic 4" {
		t.Fatalf("first search = %+v; want a bread topic first", hits)
	}
	s, err = stack.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := stack.StoreOf(s).SettledSeq(ctx)
	s.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := header(); h.Embedded == 0 || h.Embedded >= embedded {
		t.Fatalf("after the first command the file's mark is %d; want one before the embedding's events (up to %d)", h.Embedded, embedded)
	}
	// The second looks at every note (8 changed since the mark, more than
	// 3) and writes its mark, past the embedding.
	command("stock market")
	if h := header(); h.Embedded < embedded {
		t.Fatalf("after the second command the file's mark is %d; want at least %d, past the bulk embedding", h.Embedded, embedded)
	}
	// The third finds nothing changed since, and still sees a new note.
	s, err = stack.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids, _, tooMany, err := stack.StoreOf(s).NotesTouchedSince(ctx, header().Embedded, 100)
	if err != nil || tooMany || len(ids) != 0 {
		t.Fatalf("NotesTouchedSince(the file's mark) = %v, %v, %v; want none", ids, tooMany, err)
	}
	if _, err := s.Notes.Create(ctx, "hiking", "", "boots and a map for the mountain path"); err != nil {
		t.Fatal(err)
	}
	s.Close(ctx)
	if hits := command("walking in the mountains"); len(hits) == 0 || hits[0].Title != "hiking" {
		t.Fatalf("search after a new note = %+v; want hiking first", hits)
	}
}

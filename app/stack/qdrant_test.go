package stack_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/embedder"
	"secondbrain/backend/qdrantindex"
	"secondbrain/backend/qdrantindex/qdrantdouble"
	"secondbrain/backend/testwait"
)

// openWithQdrant opens a stack on a fresh data dir with a Qdrant double
// (qdrantdouble: an in-process gRPC server implementing Qdrant's API, not
// Qdrant) as its vector server.
func openWithQdrant(t *testing.T) (*stack.Stack, *qdrantdouble.Server) {
	t.Helper()
	d, err := qdrantdouble.Start(qdrantdouble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return openStack(t, d.Addr(), ""), d
}

func openStack(t *testing.T, addr, apiKey string) *stack.Stack {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Qdrant.Addr, cfg.Qdrant.APIKey = addr, apiKey
	s, err := stack.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// A real server keeps collections: drop this test's.
		if ix, err := openCollection(s, addr, apiKey); err == nil {
			if addr == os.Getenv("SECONDBRAIN_TEST_QDRANT_ADDR") {
				ix.Drop(context.Background())
			}
			ix.Close()
		}
		s.Close(context.Background())
	})
	return s
}

// pointSet is what the collection holds: the note of every point.
func pointSet(t *testing.T, s *stack.Stack) map[uuid.UUID]uuid.UUID {
	t.Helper()
	ctx := context.Background()
	out := map[uuid.UUID]uuid.UUID{}
	if _, n, err := s.QdrantCollection(ctx); err != nil || n == 0 {
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	err := stack.StoreOf(s).ScanVectors(ctx, stack.ModelOf(s), func(p backend.VectorPoint) error {
		out[p.ID] = p.NoteID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkConverged fails unless the collection holds exactly the vectors
// PostgreSQL stores for live notes, each found as its own nearest point.
func checkConverged(t *testing.T, s *stack.Stack, ix *qdrantindex.Index) {
	t.Helper()
	ctx := context.Background()
	want := map[uuid.UUID]backend.VectorPoint{}
	if err := stack.StoreOf(s).ScanVectors(ctx, stack.ModelOf(s), func(p backend.VectorPoint) error {
		want[p.ID] = p
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	n, err := ix.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Fatalf("collection holds %d points, PostgreSQL %d vectors", n, len(want))
	}
	for _, p := range want {
		hits, err := ix.Search(ctx, p.Vector, 1, backend.VectorFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Score < 0.999 || hits[0].NoteID != p.NoteID {
			t.Fatalf("point %s of note %s: nearest %+v", p.ID, p.NoteID, hits)
		}
	}
}

// collection opens the stack's collection directly, to inspect it.
func collection(t *testing.T, s *stack.Stack, addr, apiKey string) *qdrantindex.Index {
	t.Helper()
	ix, err := openCollection(s, addr, apiKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func openCollection(s *stack.Stack, addr, apiKey string) (*qdrantindex.Index, error) {
	ctx := context.Background()
	vault, err := stack.StoreOf(s).VaultID(ctx)
	if err != nil {
		return nil, err
	}
	m, err := embedder.Builtin()
	if err != nil {
		return nil, err
	}
	return qdrantindex.Open(ctx, qdrantindex.Options{Addr: addr, APIKey: apiKey, Vault: vault.String(), Model: stack.ModelOf(s), Dim: m.Dim()})
}

var topics = []string{
	"sourdough bread needs a starter, flour, water and a long slow fermentation",
	"the telescope mirror was ground by hand before the eclipse observation night",
	"quarterly budget review: cut travel costs and renegotiate the office lease",
	"my grandmother's garden grew tomatoes, basil and climbing beans every summer",
}

func TestQdrantProjection(t *testing.T) {
	s, d := openWithQdrant(t)
	testProjection(t, s, d.Addr(), "")
}

// TestQdrantProjectionReal runs TestQdrantProjection against a real Qdrant
// when SECONDBRAIN_TEST_QDRANT_ADDR names one (its gRPC port, e.g.
// localhost:6334; SECONDBRAIN_TEST_QDRANT_API_KEY if it needs one). The
// test's collection is dropped afterwards.
func TestQdrantProjectionReal(t *testing.T) {
	addr := os.Getenv("SECONDBRAIN_TEST_QDRANT_ADDR")
	if addr == "" {
		t.Skip("SECONDBRAIN_TEST_QDRANT_ADDR is not set: no real Qdrant to test against")
	}
	key := os.Getenv("SECONDBRAIN_TEST_QDRANT_API_KEY")
	testProjection(t, openStack(t, addr, key), addr, key)
}

func testProjection(t *testing.T, s *stack.Stack, addr, apiKey string) {
	ctx := context.Background()
	var ids []string
	for i, body := range topics {
		n, err := s.Notes.Create(ctx, fmt.Sprintf("topic %d", i), "", body)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID.String())
	}
	if err := s.CatchUpEmbeddings(ctx); err != nil {
		t.Fatal(err)
	}
	ix := collection(t, s, addr, apiKey)
	checkConverged(t, s, ix)
	if got := len(pointSet(t, s)); got < len(topics) {
		t.Fatalf("%d points for %d notes", got, len(topics))
	}
	hits, err := s.Search.Search(ctx, backend.SearchQuery{Text: "baking bread with a starter", Mode: backend.SearchSemantic, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Title != "topic 0" {
		t.Fatalf("semantic search through Qdrant: %+v", hits)
	}
	st := s.QdrantStatus(ctx)
	if !st.Configured || !st.OK || st.LagEvents != 0 || !strings.Contains(st.Server, "collection secondbrain_") {
		t.Fatalf("status after catch-up: %+v", st)
	}

	// An edit and a trash reach the collection.
	n, err := s.Notes.Get(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Notes.Save(ctx, ids[1], n.Version, "# Stars\n\nthe comet's tail\n\n# Lenses\n\nchromatic aberration in cheap lenses"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Notes.Trash(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUpEmbeddings(ctx); err != nil {
		t.Fatal(err)
	}
	checkConverged(t, s, ix)
	for _, note := range pointSet(t, s) {
		if note.String() == ids[2] {
			t.Fatal("a trashed note's points stayed in the collection")
		}
	}
}

func TestQdrantOutage(t *testing.T) {
	ctx := context.Background()
	s, d := openWithQdrant(t)
	for i, body := range topics[:2] {
		if _, err := s.Notes.Create(ctx, fmt.Sprintf("before %d", i), "", body); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CatchUpEmbeddings(ctx); err != nil {
		t.Fatal(err)
	}
	d.Stop()
	// Writes go on while Qdrant is down; the projection lags and says why.
	var later []string
	for i, body := range topics[2:] {
		n, err := s.Notes.Create(ctx, fmt.Sprintf("during %d", i), "", body)
		if err != nil {
			t.Fatalf("write while Qdrant is down: %v", err)
		}
		later = append(later, n.ID.String())
	}
	if _, err := s.Notes.Trash(ctx, later[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUpEmbeddings(ctx); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Fatalf("catch-up with Qdrant down: %v; want EUNAVAILABLE", err)
	}
	st := s.QdrantStatus(ctx)
	if st.OK || st.LagEvents == 0 || st.LastError == "" {
		t.Fatalf("status with Qdrant down: %+v", st)
	}
	hits, err := s.Search.Search(ctx, backend.SearchQuery{Text: "garden tomatoes", Mode: backend.SearchHybrid, Limit: 5})
	if err != nil {
		t.Fatalf("hybrid search with Qdrant down: %v", err)
	}
	if len(hits) == 0 || !strings.Contains(hits[0].Why, "lexical only") {
		t.Fatalf("hybrid search with Qdrant down should fall back to words and say so: %+v", hits)
	}
	// Back up: the catch-up converges to what a rebuild gives.
	if err := d.Restart(); err != nil {
		t.Fatal(err)
	}
	var caught map[uuid.UUID]uuid.UUID
	// The stack waits qdrantReopen between attempts to open.
	testwait.Eventually(t, "the catch-up to succeed once Qdrant is back", func() bool {
		err = s.CatchUpEmbeddings(ctx)
		return err == nil
	})
	ix := collection(t, s, d.Addr(), "")
	checkConverged(t, s, ix)
	caught = pointSet(t, s)
	if _, err := s.RebuildVectors(ctx); err != nil {
		t.Fatal(err)
	}
	checkConverged(t, s, ix)
	if rebuilt := pointSet(t, s); !maps.Equal(caught, rebuilt) {
		t.Fatalf("catch-up %v, rebuild %v", caught, rebuilt)
	}
	if st := s.QdrantStatus(ctx); !st.OK || st.LagEvents != 0 {
		t.Fatalf("status after recovery: %+v", st)
	}
}

func TestQdrantWrongDimension(t *testing.T) {
	ctx := context.Background()
	s, d := openWithQdrant(t)
	if _, err := s.Notes.Create(ctx, "one", "", topics[0]); err != nil {
		t.Fatal(err)
	}
	// Another app (or another configuration of the same model name) made
	// the collection with vectors of another length.
	vault, err := stack.StoreOf(s).VaultID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other, err := qdrantindex.Open(ctx, qdrantindex.Options{Addr: d.Addr(), Vault: vault.String(), Model: stack.ModelOf(s), Dim: 7})
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	err = s.CatchUpEmbeddings(ctx)
	if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(backend.ErrorMessage(err), "re-index") {
		t.Fatalf("catch-up into a collection of another dimension: %v; want EINVALID offering a re-index", err)
	}
	if st := s.QdrantStatus(ctx); st.OK || !strings.Contains(st.LastError, "vectors rebuild") {
		t.Fatalf("status should offer the re-index: %+v", st)
	}
	if _, err := s.RebuildVectors(ctx); err != nil {
		t.Fatalf("re-index: %v", err)
	}
	checkConverged(t, s, collection(t, s, d.Addr(), ""))
}

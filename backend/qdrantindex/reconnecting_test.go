package qdrantindex

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/qdrantindex/qdrantdouble"
)

// startDouble starts a Qdrant double (qdrantdouble: an in-process gRPC
// server implementing Qdrant's API, not Qdrant).
func startDouble(t *testing.T) *qdrantdouble.Server {
	t.Helper()
	d, err := qdrantdouble.Start(qdrantdouble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

func newReconnecting(t *testing.T, opts Options, dim func(context.Context) (int, error)) *Reconnecting {
	t.Helper()
	r := NewReconnecting(opts, dim)
	t.Cleanup(r.Close)
	return r
}

func TestReconnectingOutage(t *testing.T) {
	ctx := context.Background()
	d := startDouble(t)
	d.Stop()
	dims := 0
	r := newReconnecting(t, Options{Addr: d.Addr(), Vault: uuid.NewString(), Model: "m"}, func(context.Context) (int, error) {
		dims++
		return 4, nil
	})
	if _, err := r.Count(ctx); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Fatalf("Count with the server down: %v; want EUNAVAILABLE", err)
	}
	// Within ReopenAfter the failed open is remembered, not tried again.
	before := dims
	if _, err := r.Count(ctx); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Fatalf("second Count with the server down: %v; want EUNAVAILABLE", err)
	}
	if dims != before {
		t.Fatalf("a second call within ReopenAfter tried to open again")
	}
	if err := d.Restart(); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.reopen = 0
	r.mu.Unlock()
	p := backend.VectorPoint{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{1, 0, 0, 0}}
	if err := r.Upsert(ctx, []backend.VectorPoint{p}); err != nil {
		t.Fatalf("Upsert once the server is back: %v", err)
	}
	if n, err := r.Count(ctx); err != nil || n != 1 {
		t.Fatalf("Count = %d, %v; want 1", n, err)
	}
	if dims == 0 {
		t.Fatal("the vector length was not asked for with Dim 0")
	}
	if got, want := r.Collection(), CollectionName(r.opts.Vault, "m"); got != want {
		t.Fatalf("Collection() = %q; want %q", got, want)
	}
}

func TestReconnectingRecreate(t *testing.T) {
	ctx := context.Background()
	d := startDouble(t)
	vault := uuid.NewString()
	other, err := Open(ctx, Options{Addr: d.Addr(), Vault: vault, Model: "m", Dim: 7})
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	r := newReconnecting(t, Options{Addr: d.Addr(), Vault: vault, Model: "m", Dim: 4}, nil)
	if err := r.Ping(ctx); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("Ping on a collection of another dimension: %v; want EINVALID", err)
	}
	if err := r.Recreate(ctx); err != nil {
		t.Fatalf("Recreate: %v", err)
	}
	if err := r.Ping(ctx); err != nil {
		t.Fatalf("Ping after Recreate: %v", err)
	}
	p := backend.VectorPoint{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{0, 1, 0, 0}}
	if err := r.Upsert(ctx, []backend.VectorPoint{p}); err != nil {
		t.Fatal(err)
	}
	hits, err := r.Search(ctx, p.Vector, 1, backend.VectorFilter{})
	if err != nil || len(hits) != 1 || hits[0].NoteID != p.NoteID {
		t.Fatalf("Search = %+v, %v", hits, err)
	}
	if err := r.DeleteNote(ctx, p.NoteID); err != nil {
		t.Fatal(err)
	}
	if err := r.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Count(ctx); err != nil || n != 0 {
		t.Fatalf("Count after Reset = %d, %v; want 0", n, err)
	}
}

package qdrantindex

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"

	"secondbrain/backend"
)

// ReopenAfter is how long a failed open is remembered before the next call
// tries again, so searches do not each wait on a server that is down.
const ReopenAfter = 5 * time.Second

// Reconnecting is a backend.VectorIndex over Qdrant that connects on first
// use and again after a failed attempt, so a server that is down when the
// app starts does not stop it: calls fail with the open's error (a
// projector backs off, hybrid search falls back to words) until it answers.
// It is safe for concurrent use.
type Reconnecting struct {
	opts Options
	dim  func(ctx context.Context) (int, error)
	// reopen is ReopenAfter; tests shorten it.
	reopen time.Duration

	mu    sync.Mutex
	ix    *Index
	err   error
	tried time.Time
}

var _ backend.VectorIndex = (*Reconnecting)(nil)

// NewReconnecting returns an index that opens the collection opts names on
// first use. When opts.Dim is 0, dim tells the vectors' length at the first
// open. gRPC reconnects within seconds once the server is back, not after
// its default two minutes. Nothing is dialled here.
func NewReconnecting(opts Options, dim func(ctx context.Context) (int, error)) *Reconnecting {
	opts.DialOptions = append(opts.DialOptions, grpc.WithConnectParams(grpc.ConnectParams{
		Backoff:           backoff.Config{BaseDelay: 250 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: ReopenAfter},
		MinConnectTimeout: 5 * time.Second}))
	return &Reconnecting{opts: opts, dim: dim, reopen: ReopenAfter}
}

// Collection returns the name of the collection.
func (r *Reconnecting) Collection() string { return CollectionName(r.opts.Vault, r.opts.Model) }

func (r *Reconnecting) get(ctx context.Context) (*Index, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ix != nil {
		return r.ix, nil
	}
	if !r.tried.IsZero() && time.Since(r.tried) < r.reopen {
		return nil, r.err
	}
	r.tried = time.Now()
	ix, err := r.open(ctx, r.opts)
	r.ix, r.err = ix, err
	return ix, err
}

func (r *Reconnecting) open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Dim == 0 {
		d, err := r.dim(ctx)
		if err != nil {
			return nil, err
		}
		opts.Dim = d
	}
	octx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return Open(octx, opts)
}

// Recreate drops a collection that no longer fits the model and opens it
// again, empty.
func (r *Reconnecting) Recreate(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ix != nil {
		r.ix.Close()
		r.ix = nil
	}
	opts := r.opts
	opts.Recreate = true
	ix, err := r.open(ctx, opts)
	r.ix, r.err, r.tried = ix, err, time.Now()
	return err
}

// Close closes the connection, if open.
func (r *Reconnecting) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ix != nil {
		r.ix.Close()
		r.ix = nil
	}
}

// Upsert implements backend.VectorIndex.
func (r *Reconnecting) Upsert(ctx context.Context, points []backend.VectorPoint) error {
	ix, err := r.get(ctx)
	if err != nil {
		return err
	}
	return ix.Upsert(ctx, points)
}

// DeleteNote implements backend.VectorIndex.
func (r *Reconnecting) DeleteNote(ctx context.Context, noteIDs ...uuid.UUID) error {
	ix, err := r.get(ctx)
	if err != nil {
		return err
	}
	return ix.DeleteNote(ctx, noteIDs...)
}

// Search implements backend.VectorIndex.
func (r *Reconnecting) Search(ctx context.Context, vector []float32, limit int, f backend.VectorFilter) ([]backend.VectorHit, error) {
	ix, err := r.get(ctx)
	if err != nil {
		return nil, err
	}
	return ix.Search(ctx, vector, limit, f)
}

// Count implements backend.VectorIndex.
func (r *Reconnecting) Count(ctx context.Context) (int, error) {
	ix, err := r.get(ctx)
	if err != nil {
		return 0, err
	}
	return ix.Count(ctx)
}

// Reset empties the collection (vectorproj.Resetter).
func (r *Reconnecting) Reset(ctx context.Context) error {
	ix, err := r.get(ctx)
	if err != nil {
		return err
	}
	return ix.Reset(ctx)
}

// Ping checks the server answers and the collection fits the model
// (EINVALID when it does not: Recreate it).
func (r *Reconnecting) Ping(ctx context.Context) error {
	ix, err := r.get(ctx)
	if err != nil {
		return err
	}
	return ix.Ping(ctx)
}

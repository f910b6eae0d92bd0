package stack

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"

	"secondbrain/backend"
	"secondbrain/backend/projector"
	"secondbrain/backend/qdrantindex"
	"secondbrain/backend/vectorproj"
)

// ProjectionQdrant prefixes the checkpoint names of the Qdrant projections:
// one per collection ("qdrant:<collection>"), so a new model or vault
// starts from a rebuild.
const ProjectionQdrant = "qdrant"

// qdrantReopen is how long a failed open is remembered before the next
// call tries again, so searches do not each wait on a server that is down.
const qdrantReopen = 5 * time.Second

// qdrantSide is the Qdrant half of a stack: the index, opened lazily, and
// the projector that feeds it from the event log.
type qdrantSide struct {
	index  *lazyQdrant
	proj   *projector.Projector
	cancel context.CancelFunc
	done   chan struct{}
}

// lazyQdrant is a backend.VectorIndex over Qdrant that connects on first
// use and again after a failed attempt, so a server that is down when the
// app starts does not stop it: calls fail with the open's error (the
// projector backs off, hybrid search falls back to words) until it answers.
type lazyQdrant struct {
	opts qdrantindex.Options
	dim  func(ctx context.Context) (int, error)

	mu    sync.Mutex
	ix    *qdrantindex.Index
	err   error
	tried time.Time
}

var _ backend.VectorIndex = (*lazyQdrant)(nil)

func (l *lazyQdrant) get(ctx context.Context) (*qdrantindex.Index, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix != nil {
		return l.ix, nil
	}
	if !l.tried.IsZero() && time.Since(l.tried) < qdrantReopen {
		return nil, l.err
	}
	l.tried = time.Now()
	ix, err := l.open(ctx, l.opts)
	l.ix, l.err = ix, err
	return ix, err
}

func (l *lazyQdrant) open(ctx context.Context, opts qdrantindex.Options) (*qdrantindex.Index, error) {
	if opts.Dim == 0 {
		d, err := l.dim(ctx)
		if err != nil {
			return nil, err
		}
		opts.Dim = d
	}
	octx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return qdrantindex.Open(octx, opts)
}

// recreate drops a collection that no longer fits the model and opens it
// again, empty.
func (l *lazyQdrant) recreate(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix != nil {
		l.ix.Close()
		l.ix = nil
	}
	opts := l.opts
	opts.Recreate = true
	ix, err := l.open(ctx, opts)
	l.ix, l.err, l.tried = ix, err, time.Now()
	return err
}

// lastError is why the last open failed, nil once open.
func (l *lazyQdrant) lastError() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix != nil {
		return nil
	}
	return l.err
}

func (l *lazyQdrant) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix != nil {
		l.ix.Close()
		l.ix = nil
	}
}

// Upsert implements backend.VectorIndex.
func (l *lazyQdrant) Upsert(ctx context.Context, points []backend.VectorPoint) error {
	ix, err := l.get(ctx)
	if err != nil {
		return err
	}
	return ix.Upsert(ctx, points)
}

// DeleteNote implements backend.VectorIndex.
func (l *lazyQdrant) DeleteNote(ctx context.Context, noteIDs ...uuid.UUID) error {
	ix, err := l.get(ctx)
	if err != nil {
		return err
	}
	return ix.DeleteNote(ctx, noteIDs...)
}

// Search implements backend.VectorIndex.
func (l *lazyQdrant) Search(ctx context.Context, vector []float32, limit int, f backend.VectorFilter) ([]backend.VectorHit, error) {
	ix, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return ix.Search(ctx, vector, limit, f)
}

// Count implements backend.VectorIndex.
func (l *lazyQdrant) Count(ctx context.Context) (int, error) {
	ix, err := l.get(ctx)
	if err != nil {
		return 0, err
	}
	return ix.Count(ctx)
}

// Reset empties the collection (vectorproj.Resetter).
func (l *lazyQdrant) Reset(ctx context.Context) error {
	ix, err := l.get(ctx)
	if err != nil {
		return err
	}
	return ix.Reset(ctx)
}

// ping checks the server answers.
func (l *lazyQdrant) ping(ctx context.Context) error {
	ix, err := l.get(ctx)
	if err != nil {
		return err
	}
	return ix.Ping(ctx)
}

// openQdrant sets up the Qdrant index and its projector when a Qdrant
// address is configured. The server is not called here.
func (s *Stack) openQdrant(ctx context.Context, emb backend.Embedder) error {
	c := s.Config.Qdrant
	if c.Addr == "" {
		return nil
	}
	if _, _, _, err := qdrantindex.ParseAddr(c.Addr); err != nil {
		return backend.Errorf(backend.EINVALID, "%v", err)
	}
	vault, err := s.Store.VaultID(ctx)
	if err != nil {
		return err
	}
	opts := qdrantindex.Options{Addr: c.Addr, APIKey: c.APIKey, Vault: vault.String(), Model: emb.Model(),
		Dim: emb.Dim(), Logger: s.log,
		// Reconnect within seconds once the server is back, not gRPC's default two minutes.
		DialOptions: []grpc.DialOption{grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 250 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: qdrantReopen},
			MinConnectTimeout: 5 * time.Second})}}
	lz := &lazyQdrant{opts: opts, dim: func(ctx context.Context) (int, error) {
		if d := emb.Dim(); d > 0 {
			return d, nil
		}
		v, err := emb.Embed(ctx, []string{"dimension"})
		if err != nil {
			return 0, err
		}
		return len(v[0]), nil
	}}
	name := ProjectionQdrant + ":" + qdrantindex.CollectionName(opts.Vault, opts.Model)
	proj := projector.New(s.Store, vectorproj.New(s.Store, emb.Model(), lz), projector.Options{
		Name: name, IgnoreLinks: true, Logger: s.log})
	s.qdrant = &qdrantSide{index: lz, proj: proj}
	return nil
}

// catchUpQdrant brings the collection up to date: a rebuild when the
// projection never ran (a new collection), else a catch-up.
func (s *Stack) catchUpQdrant(ctx context.Context) error {
	q := s.qdrant
	if q == nil {
		return nil
	}
	st, err := q.proj.Status(ctx)
	if err != nil {
		return err
	}
	if st.Seq == 0 && st.MaxSeq > 0 {
		_, err = q.proj.Rebuild(ctx)
		return err
	}
	_, err = q.proj.CatchUp(ctx)
	return err
}

// startQdrant runs the Qdrant projector in the background.
func (s *Stack) startQdrant(ctx context.Context) {
	q := s.qdrant
	if q == nil || q.cancel != nil {
		return
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	q.cancel, q.done = cancel, make(chan struct{})
	go func() {
		defer close(q.done)
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
		if err := s.catchUpQdrant(rctx); err != nil {
			s.log.Warn("qdrant projection", "err", err)
		}
		q.proj.Run(rctx)
	}()
}

// RebuildVectors derives the Qdrant collection again from the vectors in
// PostgreSQL, first dropping and recreating it when it no longer fits the
// model (another dimension): the re-index doctor offers. Returns EINVALID
// when Qdrant is not configured.
func (s *Stack) RebuildVectors(ctx context.Context) (projector.Stats, error) {
	q := s.qdrant
	if q == nil {
		return projector.Stats{}, backend.Errorf(backend.EINVALID, "no Qdrant server is configured: the in-process vector index is rebuilt from PostgreSQL at every start")
	}
	if err := q.index.ping(ctx); err != nil {
		if backend.ErrorCode(err) != backend.EINVALID {
			return projector.Stats{}, err
		}
		if err := q.index.recreate(ctx); err != nil {
			return projector.Stats{}, err
		}
	}
	return q.proj.Rebuild(ctx)
}

// QdrantStatus reports the Qdrant projection: whether the server answers
// and fits the model, the lag behind the event log and the last error.
func (s *Stack) QdrantStatus(ctx context.Context) ProjectionStatus {
	q := s.qdrant
	if q == nil {
		return ProjectionStatus{}
	}
	st := ProjectionStatus{Configured: true, Server: "Qdrant at " + backend.Redact(s.Config.Qdrant.Addr), Queries: "qdrant"}
	if host, port, _, err := qdrantindex.ParseAddr(s.Config.Qdrant.Addr); err == nil {
		st.Server = "Qdrant at " + host + ":" + strconv.Itoa(port) + ", collection " + qdrantindex.CollectionName(q.index.opts.Vault, q.index.opts.Model)
	}
	ps, err := q.proj.Status(ctx)
	if err != nil {
		st.LastError = backend.ErrorMessage(err)
		return st
	}
	// The stored error may predate redaction at its source.
	st.LagEvents, st.LagSeconds, st.LastError = ps.LagEvents, ps.LagSeconds, backend.Redact(ps.LastError)
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := q.index.ping(pctx); err != nil {
		st.LastError = backend.ErrorMessage(err)
		if backend.ErrorCode(err) == backend.EINVALID {
			st.LastError += " (secondbrain vectors rebuild)"
		}
		return st
	}
	st.OK = st.LastError == ""
	return st
}

// closeQdrant stops the projector and closes the connection.
func (s *Stack) closeQdrant() {
	q := s.qdrant
	if q == nil {
		return
	}
	s.qdrant = nil
	if q.cancel != nil {
		q.cancel()
		<-q.done
	}
	q.index.close()
}

// QdrantCollection returns the name of the Qdrant collection and how many
// points it holds. Returns EINVALID when Qdrant is not configured.
func (s *Stack) QdrantCollection(ctx context.Context) (string, int, error) {
	q := s.qdrant
	if q == nil {
		return "", 0, backend.Errorf(backend.EINVALID, "no Qdrant server is configured")
	}
	n, err := q.index.Count(ctx)
	return qdrantindex.CollectionName(q.index.opts.Vault, q.index.opts.Model), n, err
}

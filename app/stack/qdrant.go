package stack

import (
	"context"
	"strconv"

	"secondbrain/backend"
	"secondbrain/backend/projector"
	"secondbrain/backend/qdrantindex"
	"secondbrain/backend/vectorproj"
)

// ProjectionQdrant prefixes the checkpoint names of the Qdrant projections:
// one per collection ("qdrant:<collection>"), so a new model or vault
// starts from a rebuild.
const ProjectionQdrant = "qdrant"

// qdrantSide is the Qdrant half of a stack: the index, opened lazily, and
// the projector that feeds it from the event log.
type qdrantSide struct {
	index *qdrantindex.Reconnecting
	proj  *projector.Projector
	run   background
}

// openQdrant sets up the Qdrant index and its projector when a Qdrant
// address is configured. The server is not called here.
func (s *Stack) openQdrant(ctx context.Context, emb backend.Embedder) error {
	c := s.Config.Qdrant
	if c.Addr == "" {
		return nil
	}
	if err := CheckQdrantAddr(c.Addr); err != nil {
		return err
	}
	vault, err := s.store.VaultID(ctx)
	if err != nil {
		return err
	}
	opts := qdrantindex.Options{Addr: c.Addr, APIKey: c.APIKey, Vault: vault.String(), Model: emb.Model(),
		Dim: emb.Dim(), Logger: s.log}
	lz := qdrantindex.NewReconnecting(opts, func(ctx context.Context) (int, error) {
		if d := emb.Dim(); d > 0 {
			return d, nil
		}
		v, err := emb.Embed(ctx, []string{"dimension"})
		if err != nil {
			return 0, err
		}
		return len(v[0]), nil
	})
	name := ProjectionQdrant + ":" + lz.Collection()
	proj := projector.New(s.store, vectorproj.New(s.store, emb.Model(), lz), projector.Options{
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
	if q == nil {
		return
	}
	q.run.start(ctx, func(ctx context.Context) {
		if err := s.catchUpQdrant(ctx); err != nil {
			s.log.Warn("qdrant projection", "err", err)
		}
		q.proj.Run(ctx)
	})
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
	if err := q.index.Ping(ctx); err != nil {
		if backend.ErrorCode(err) != backend.EINVALID {
			return projector.Stats{}, err
		}
		if err := q.index.Recreate(ctx); err != nil {
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
		st.Server = "Qdrant at " + host + ":" + strconv.Itoa(port) + ", collection " + q.index.Collection()
	}
	return projectionStatus(ctx, st, q.proj, q.index.Ping, func(st *ProjectionStatus, err error) {
		st.LastError = backend.ErrorMessage(err)
		if backend.ErrorCode(err) == backend.EINVALID {
			st.LastError += " (secondbrain vectors rebuild)"
		}
	})
}

// closeQdrant stops the projector and closes the connection.
func (s *Stack) closeQdrant() {
	q := s.qdrant
	if q == nil {
		return
	}
	s.qdrant = nil
	q.run.stop()
	q.index.Close()
}

// QdrantCollection returns the name of the Qdrant collection and how many
// points it holds. Returns EINVALID when Qdrant is not configured.
func (s *Stack) QdrantCollection(ctx context.Context) (string, int, error) {
	q := s.qdrant
	if q == nil {
		return "", 0, backend.Errorf(backend.EINVALID, "no Qdrant server is configured")
	}
	n, err := q.index.Count(ctx)
	return q.index.Collection(), n, err
}

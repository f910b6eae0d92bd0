package stack

import (
	"context"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/projector"
)

// ProjectionNeo4j is the name of the Neo4j projection's checkpoint.
const ProjectionNeo4j = "neo4j"

// neo4jSide is the Neo4j half of a stack: the graph (driver), its projector
// and whether the server answered at start-up.
type neo4jSide struct {
	graph   *neo4jgraph.Graph
	proj    *projector.Projector
	healthy bool
	run     background
}

// openNeo4j opens the driver when a Neo4j URI is configured. A server that
// does not answer does not stop the app: graph queries stay on SQL, the
// projector retries, and doctor says why.
func (s *Stack) openNeo4j(ctx context.Context) error {
	c := s.Config.Neo4j
	if c.URI == "" {
		return nil
	}
	g, err := neo4jgraph.Open(neo4jgraph.Options{URI: c.URI, User: c.User, Password: c.Password,
		Database: c.Database, Logger: s.log})
	if err != nil {
		return err
	}
	n := &neo4jSide{graph: g, proj: projector.New(s.store, g, projector.Options{Name: ProjectionNeo4j,
		Ignore: []backend.EventKind{backend.EventChunksEmbedded}, Logger: s.log})}
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := g.Ping(pctx); err != nil {
		s.log.Warn("neo4j unavailable; graph queries use PostgreSQL", "err", err)
	} else {
		n.healthy = true
		s.Graph = g
	}
	s.neo4j = n
	return nil
}

// StartProjectors runs the projectors in the background until ctx ends or
// the stack closes. The desktop app calls it once after Open; the CLI
// does not (it catches up on demand with CatchUpGraph).
func (s *Stack) StartProjectors(ctx context.Context) {
	if n := s.neo4j; n != nil {
		n.run.start(ctx, n.proj.Run)
	}
}

// CatchUpGraph brings the Neo4j projection up to date with one catch-up,
// so that the answers that follow are current. Nothing to do without Neo4j.
func (s *Stack) CatchUpGraph(ctx context.Context) error {
	if s.neo4j == nil {
		return nil
	}
	_, err := s.neo4j.proj.CatchUp(ctx)
	return err
}

// Neo4jProjector returns the Neo4j projector, nil when Neo4j is not configured.
func (s *Stack) Neo4jProjector() *projector.Projector {
	if s.neo4j == nil {
		return nil
	}
	return s.neo4j.proj
}

// ProjectionStatus describes a projection for `doctor`.
type ProjectionStatus struct {
	Configured bool `json:"configured"`
	// OK says the server answers and the projection has no error.
	OK         bool    `json:"ok"`
	LagEvents  int64   `json:"lag_events"`
	LagSeconds float64 `json:"lag_seconds"`
	LastError  string  `json:"last_error"`
	// Server names the server (scheme and host, never credentials).
	Server string `json:"server,omitempty"`
	// Queries says which implementation answers graph queries: neo4j, or
	// sql when the server did not answer at start-up.
	Queries string `json:"queries,omitempty"`
}

// Neo4jStatus reports the Neo4j projection: whether the server answers,
// the lag behind the event log and the last error.
func (s *Stack) Neo4jStatus(ctx context.Context) ProjectionStatus {
	n := s.neo4j
	if n == nil {
		return ProjectionStatus{}
	}
	st := ProjectionStatus{Configured: true, Server: n.graph.Target(), Queries: "sql"}
	if n.healthy {
		st.Queries = "neo4j"
	}
	return projectionStatus(ctx, st, n.proj, n.graph.Ping, func(st *ProjectionStatus, err error) {
		if st.LastError == "" {
			st.LastError = backend.ErrorMessage(err)
		}
	})
}

// projectionStatus fills st with the projector's lag and last error and
// pings its server; down records a failed ping.
func projectionStatus(ctx context.Context, st ProjectionStatus, proj *projector.Projector, ping func(context.Context) error, down func(st *ProjectionStatus, err error)) ProjectionStatus {
	ps, err := proj.Status(ctx)
	if err != nil {
		st.LastError = backend.ErrorMessage(err)
		return st
	}
	// The stored error may predate redaction at its source.
	st.LagEvents, st.LagSeconds, st.LastError = ps.LagEvents, ps.LagSeconds, backend.Redact(ps.LastError)
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := ping(pctx); err != nil {
		down(&st, err)
		return st
	}
	st.OK = st.LastError == ""
	return st
}

// closeNeo4j stops the projector and closes the driver.
func (s *Stack) closeNeo4j(ctx context.Context) error {
	n := s.neo4j
	if n == nil {
		return nil
	}
	s.neo4j = nil
	n.run.stop()
	return n.graph.Close(ctx)
}

package neo4jgraph_test

import (
	"context"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/graphtest"
	"secondbrain/backend/neo4jgraph/neo4jtest"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/projector"
	"secondbrain/backend/service"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// project returns a factory that projects the suite's database into a
// fresh namespace, by incremental catch-up or by rebuild.
func project(rebuild bool) graphtest.Factory {
	return func(t *testing.T, dsn string, _ *service.Notes) backend.Graph {
		g := neo4jtest.Open(t)
		st, err := pgstore.Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatalf("open store: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		p := projector.New(st, g, projector.Options{Name: "neo4j"})
		if rebuild {
			_, err = p.Rebuild(context.Background())
		} else {
			_, err = p.CatchUp(context.Background())
		}
		if err != nil {
			t.Fatalf("project: %v", err)
		}
		return g
	}
}

// TestConformance runs the graph conformance suite on the Neo4j graph,
// projected from the event log incrementally.
func TestConformance(t *testing.T) { graphtest.Run(t, project(false)) }

// TestConformanceRebuild runs it on a graph derived by a rebuild.
func TestConformanceRebuild(t *testing.T) { graphtest.Run(t, project(true)) }

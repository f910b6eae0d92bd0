package sqlgraph_test

import (
	"context"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/graphtest"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/sqlgraph"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestConformance runs the graph conformance suite on the SQL graph.
func TestConformance(t *testing.T) {
	graphtest.Run(t, func(t *testing.T, dsn string, _ *service.Notes) backend.Graph {
		st, err := pgstore.Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatalf("open store: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		return sqlgraph.New(st.DB())
	})
}

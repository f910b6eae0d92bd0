package sqlgraph

import (
	"context"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
)

// TestIndexFollowsAgentCalls checks that the records of MCP tool calls,
// which change nothing in the graph, do not make the walk index rebuild.
func TestIndexFollowsAgentCalls(t *testing.T) {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := build(ctx, st.DB())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AppendEvent(ctx, backend.EventAgentCall, map[string]any{"tool": "search"}); err != nil {
		t.Fatal(err)
	}
	ok, err := ix.sync(ctx, st.DB())
	if err != nil || !ok {
		t.Errorf("sync after an agent.call event: %v, %v; want followed without a rebuild", ok, err)
	}
}

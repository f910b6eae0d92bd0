package neo4jgraph_test

import (
	"context"
	"net/url"
	"testing"

	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/neo4jgraph/neo4jtest"
	"secondbrain/backend/testkit/netproxy"
)

// TestReadAfterConnectionsDropped checks that a read succeeds when the
// connections the driver keeps in its pool have been closed since the
// last one, as a server restart leaves them: reads are auto-commit
// statements, retried on a fresh connection.
func TestReadAfterConnectionsDropped(t *testing.T) {
	ctx := context.Background()
	opts := neo4jtest.Options(t)
	u, err := url.Parse(opts.URI)
	if err != nil {
		t.Fatal(err)
	}
	p, err := netproxy.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	u.Host = p.Addr()
	opts.URI = u.String()
	g, err := neo4jgraph.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close(ctx)
	read := func() error {
		_, err := g.Orphans(ctx, 10) // the namespace is empty: no orphans, but a statement
		return err
	}
	if err := read(); err != nil {
		t.Fatalf("first read: %v", err)
	}
	for i := range 3 {
		cut := p.Cut()
		p.Restore()
		if cut == 0 {
			t.Fatal("the driver kept no connection to cut")
		}
		if err := read(); err != nil {
			t.Fatalf("read %d after the connections were dropped: %v", i, err)
		}
	}
}

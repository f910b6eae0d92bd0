package neo4jgraph_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"

	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/neo4jgraph/neo4jtest"
)

// TestReadAfterConnectionsDropped checks that a read succeeds when the
// connections the driver keeps in its pool have been closed since the
// last one, as a server restart leaves them: reads are auto-commit
// statements, retried on a fresh connection.
func TestReadAfterConnectionsDropped(t *testing.T) {
	ctx := context.Background()
	opts := neo4jtest.Options(t)
	p := startCutProxy(t, opts.URI)
	opts.URI = p.uri
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
		if p.cutAll() == 0 {
			t.Fatal("the driver kept no connection to cut")
		}
		if err := read(); err != nil {
			t.Fatalf("read %d after the connections were dropped: %v", i, err)
		}
	}
}

// cutProxy forwards TCP connections to a server and can close them all.
type cutProxy struct {
	uri   string
	mu    sync.Mutex
	conns []net.Conn
}

// startCutProxy starts a proxy to the host of uri on a loopback port,
// stopped at cleanup.
func startCutProxy(t *testing.T, uri string) *cutProxy {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := u.Host
	p := &cutProxy{}
	t.Cleanup(func() {
		ln.Close()
		p.cutAll()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", server)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	u.Host = ln.Addr().String()
	p.uri = u.String()
	return p
}

// cutAll closes every connection made so far and returns how many pairs it closed.
func (p *cutProxy) cutAll() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	n := len(p.conns) / 2
	p.conns = nil
	return n
}

// Package netproxy is a loopback TCP proxy for tests that need a network
// partition: put it between a client and a server, Cut to drop every
// connection and refuse new ones, Restore to let connections through
// again.
//
//	p, err := netproxy.Start("127.0.0.1:5432")
//	...
//	dsn := "postgres://u@" + p.Addr() + "/db"
//	p.Cut()     // live connections fail; new ones are closed at once
//	p.Restore() // new connections reach the server again
package netproxy

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// dialTimeout bounds the proxy's own connection to the target.
const dialTimeout = 10 * time.Second

// Proxy forwards TCP connections from a loopback port to a target address.
// It is safe for concurrent use.
type Proxy struct {
	target string
	ln     net.Listener
	done   chan struct{} // closed when the accept loop ends

	mu     sync.Mutex
	cut    bool
	closed bool
	conns  map[net.Conn]struct{} // both ends of every live connection
	wg     sync.WaitGroup        // the forwarding goroutines
}

// Start listens on a free loopback port and forwards every connection to
// target: host:port, or the path of a Unix socket (any target containing
// a '/').
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("netproxy: listen: %w", err)
	}
	p := &Proxy{target: target, ln: ln, done: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	go p.accept()
	return p, nil
}

// Addr returns the proxy's address (127.0.0.1:port): clients connect here.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Host returns the proxy's host, 127.0.0.1.
func (p *Proxy) Host() string {
	h, _, _ := net.SplitHostPort(p.Addr())
	return h
}

// Port returns the proxy's port.
func (p *Proxy) Port() string {
	_, port, _ := net.SplitHostPort(p.Addr())
	return port
}

// Cut closes every live connection and, until Restore, closes every new
// one as soon as it is accepted: to the client the server is unreachable.
// It returns how many client connections it closed.
func (p *Proxy) Cut() int {
	p.mu.Lock()
	p.cut = true
	conns := p.takeConns()
	p.mu.Unlock()
	clients := 0
	for _, c := range conns {
		if c.LocalAddr().String() == p.Addr() {
			clients++ // accepted here; the other end was dialed to the target
		}
		c.Close()
	}
	return clients
}

// Restore lets new connections through again after Cut. Connections Cut
// closed stay closed; clients reconnect.
func (p *Proxy) Restore() {
	p.mu.Lock()
	p.cut = false
	p.mu.Unlock()
}

// Close stops listening, closes every connection and waits for the
// forwarding to end.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	conns := p.takeConns()
	p.mu.Unlock()
	err := p.ln.Close()
	for _, c := range conns {
		c.Close()
	}
	<-p.done
	p.wg.Wait()
	return err
}

// takeConns empties the set of live connections and returns them; p.mu is
// held.
func (p *Proxy) takeConns() []net.Conn {
	conns := make([]net.Conn, 0, len(p.conns))
	for c := range p.conns {
		conns = append(conns, c)
	}
	clear(p.conns)
	return conns
}

// accept takes connections until the listener closes.
func (p *Proxy) accept() {
	defer close(p.done)
	for {
		client, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		p.mu.Lock()
		refuse := p.cut || p.closed
		if !refuse {
			p.conns[client] = struct{}{}
			p.wg.Add(1)
		}
		p.mu.Unlock()
		if refuse {
			client.Close()
			continue
		}
		go p.serve(client)
	}
}

// serve dials the target for client and copies both ways until either side
// closes or the proxy cuts them.
func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	network := "tcp"
	if strings.Contains(p.target, "/") {
		network = "unix"
	}
	server, err := net.DialTimeout(network, p.target, dialTimeout)
	if err != nil {
		p.drop(client)
		return
	}
	p.mu.Lock()
	if _, live := p.conns[client]; !live {
		// Cut or Close ran while dialing.
		p.mu.Unlock()
		server.Close()
		return
	}
	p.conns[server] = struct{}{}
	p.mu.Unlock()
	var copies sync.WaitGroup
	copies.Add(2)
	go func() { defer copies.Done(); pipe(server, client) }()
	go func() { defer copies.Done(); pipe(client, server) }()
	copies.Wait()
	p.drop(client, server)
}

// pipe copies src to dst, then half-closes dst so the peer sees EOF; a
// full close follows when both directions end.
func pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	if hc, ok := dst.(interface{ CloseWrite() error }); ok {
		hc.CloseWrite()
	} else {
		dst.Close()
	}
}

// drop closes conns and forgets them.
func (p *Proxy) drop(conns ...net.Conn) {
	p.mu.Lock()
	for _, c := range conns {
		delete(p.conns, c)
	}
	p.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

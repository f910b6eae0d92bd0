package netproxy_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/testkit/netproxy"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// ctx returns a context that ends with the test, bounded so a hung
// connection fails the test instead of stalling it.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func TestPostgresThroughProxy(t *testing.T) {
	p, dsn, err := netproxy.ForPostgres(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !strings.Contains(dsn, "host=127.0.0.1 port="+p.Port()) {
		t.Fatalf("proxied DSN = %q; want it to name the proxy", dsn)
	}
	conn, err := pgx.Connect(ctx(t), dsn)
	if err != nil {
		t.Fatalf("connect through the proxy: %v", err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(ctx(t), "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatalf("query through the proxy = %d, %v; want 42", n, err)
	}

	if cut := p.Cut(); cut != 1 {
		t.Errorf("Cut closed %d client connections; want the one", cut)
	}
	if err := conn.QueryRow(ctx(t), "SELECT 1").Scan(&n); err == nil {
		t.Error("a query on a cut connection succeeded; want an error")
	}
	if c, err := pgx.Connect(ctx(t), dsn); err == nil {
		c.Close(context.Background())
		t.Error("a new connection while cut succeeded; want an error")
	}

	p.Restore()
	conn2, err := pgx.Connect(ctx(t), dsn)
	if err != nil {
		t.Fatalf("connect after Restore: %v", err)
	}
	defer conn2.Close(context.Background())
	if err := conn2.QueryRow(ctx(t), "SELECT 7").Scan(&n); err != nil || n != 7 {
		t.Errorf("query after Restore = %d, %v; want 7", n, err)
	}

	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := conn2.QueryRow(ctx(t), "SELECT 1").Scan(&n); err == nil {
		t.Error("a query after Close succeeded; want an error")
	}
	if c, err := pgx.Connect(ctx(t), dsn); err == nil {
		c.Close(context.Background())
		t.Error("a connection after Close succeeded; want an error")
	}
}

func TestForPostgresURL(t *testing.T) {
	p, dsn, err := netproxy.ForPostgres("postgres://bob@db.example:6543/brain?sslmode=require&host=other")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if want := "postgres://bob@" + p.Addr() + "/brain?sslmode=require"; dsn != want {
		t.Errorf("proxied DSN = %q; want %q", dsn, want)
	}
}

// TestTCPEcho runs the proxy in front of a plain TCP echo server: data
// flows both ways, Cut ends it, Restore lets a new connection through.
func TestTCPEcho(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(c, c); c.Close() }()
		}
	}()
	p, err := netproxy.Start(ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	echo := func(c net.Conn, r *bufio.Reader, msg string) (string, error) {
		c.SetDeadline(time.Now().Add(30 * time.Second))
		if _, err := io.WriteString(c, msg+"\n"); err != nil {
			return "", err
		}
		return r.ReadString('\n')
	}
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	if got, err := echo(c, r, "hello"); err != nil || got != "hello\n" {
		t.Fatalf("echo = %q, %v; want hello", got, err)
	}
	p.Cut()
	if got, err := echo(c, r, "again"); err == nil {
		t.Errorf("echo on a cut connection = %q; want an error", got)
	}
	c2, err := net.Dial("tcp", p.Addr())
	if err == nil {
		// The proxy accepts and closes at once: the first read sees EOF.
		if got, err := echo(c2, bufio.NewReader(c2), "refused"); err == nil {
			t.Errorf("echo on a connection made while cut = %q; want an error", got)
		}
		c2.Close()
	}
	p.Restore()
	c3, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c3.Close()
	if got, err := echo(c3, bufio.NewReader(c3), "back"); err != nil || got != "back\n" {
		t.Errorf("echo after Restore = %q, %v; want back", got, err)
	}
}

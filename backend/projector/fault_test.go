package projector_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"secondbrain/backend"
	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/neo4jgraph/neo4jtest"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/projector"
	"secondbrain/backend/service"
	"secondbrain/backend/sqlgraph"
	"secondbrain/backend/testwait"
)

// cutProxy is a loopback TCP proxy between the driver and Neo4j that a
// test can cut: every open connection is closed and new ones are closed
// as soon as they are accepted, until Restore.
type cutProxy struct {
	ln       net.Listener
	upstream string

	mu      sync.Mutex
	down    bool
	conns   map[net.Conn]bool
	sent    int64 // bytes forwarded from the driver
	cutAt   int64 // cut before forwarding byte cutAt (0: not armed)
	cut     chan struct{}
	refused int // connections refused while down
}

// startProxy starts a proxy to the Neo4j server at uri, closed at cleanup,
// and returns it with its bolt:// URI.
func startProxy(t *testing.T, uri string) (*cutProxy, string) {
	t.Helper()
	up := strings.TrimPrefix(uri, "bolt://")
	if up == uri {
		// CI starts a plain bolt:// server, so there this test must run.
		if os.Getenv("CI") != "" {
			t.Fatalf("the proxy speaks plain bolt://, not %s: point SECONDBRAIN_TEST_NEO4J_URI at a bolt:// server", neo4jgraph.Host(uri))
		}
		t.Skipf("the proxy speaks plain bolt://, not %s", neo4jgraph.Host(uri))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, upstream: up, conns: map[net.Conn]bool{}, cut: make(chan struct{})}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			if p.down {
				p.refused++
				p.mu.Unlock()
				c.Close()
				continue
			}
			p.conns[c] = true
			p.mu.Unlock()
			wg.Add(1)
			go func() { defer wg.Done(); p.forward(c) }()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		p.Cut()
		wg.Wait()
	})
	return p, "bolt://" + ln.Addr().String()
}

func (p *cutProxy) forward(c net.Conn) {
	s, err := net.Dial("tcp", p.upstream)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.down {
		p.mu.Unlock()
		c.Close()
		s.Close()
		return
	}
	p.conns[s] = true
	p.mu.Unlock()
	go io.Copy(c, s)
	buf := make([]byte, 32<<10)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			p.mu.Lock()
			if p.cutAt > 0 && p.sent+int64(n) >= p.cutAt {
				p.mu.Unlock()
				p.Cut() // in the middle of what the driver is sending
				return
			}
			p.sent += int64(n)
			p.mu.Unlock()
			if _, werr := s.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			c.Close()
			s.Close()
			return
		}
	}
}

// CutAfter arms the proxy to cut once n more bytes have come from the driver.
func (p *cutProxy) CutAfter(n int64) {
	p.mu.Lock()
	p.cutAt = p.sent + n
	p.mu.Unlock()
}

// Cut closes every connection and refuses new ones.
func (p *cutProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.down {
		p.down, p.cutAt = true, 0
		close(p.cut)
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// Restore lets connections through again.
func (p *cutProxy) Restore() {
	p.mu.Lock()
	p.down, p.cut = false, make(chan struct{})
	p.mu.Unlock()
}

// Refused returns how many connections were refused while down.
func (p *cutProxy) Refused() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refused
}

// hookTarget runs a hook after every Apply of the target it wraps.
type hookTarget struct {
	*neo4jgraph.Graph
	applies atomic.Int64
	after   func(n int64)
}

func (h *hookTarget) Apply(ctx context.Context, notes []backend.NoteState) error {
	err := h.Graph.Apply(ctx, notes)
	if n := h.applies.Add(1); err == nil && h.after != nil {
		h.after(n)
	}
	return err
}

// failureCounter counts the projector's "projection failed" warnings.
type failureCounter struct{ n atomic.Int64 }

func (c *failureCounter) Enabled(context.Context, slog.Level) bool { return true }
func (c *failureCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "projection failed" {
		c.n.Add(1)
	}
	return nil
}
func (c *failureCounter) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *failureCounter) WithGroup(string) slog.Handler      { return c }

// openGraph opens a graph at uri in the namespace of opts, deleted at
// cleanup through a direct connection.
func openGraph(t *testing.T, opts neo4jgraph.Options, uri string) *neo4jgraph.Graph {
	t.Helper()
	direct, err := neo4jgraph.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := direct.Reset(ctx); err != nil {
			t.Errorf("delete namespace %s: %v", opts.Namespace, err)
		}
		direct.Close(ctx)
	})
	if uri == opts.URI {
		return direct
	}
	opts.URI = uri
	g, err := neo4jgraph.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close(context.Background()) })
	return g
}

// seed writes n notes that link to each other, to placeholders and tags,
// with a type on some, one event each.
func (f *fixture) seed(prefix string, n int) {
	f.t.Helper()
	for i := range n {
		body := fmt.Sprintf("[[%s%d]] [[%s%d]] [[Missing%d]] #t%d", prefix, (i+1)%n, prefix, (i*7)%n, i%5, i%3)
		if i%4 == 0 {
			body = fmt.Sprintf("---\ntype: person\nauthor: \"[[%s%d]]\"\n---\n%s", prefix, (i+2)%n, body)
		}
		f.create(fmt.Sprintf("%s%d", prefix, i), body)
	}
}

// waitFor waits until cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testwait.Eventually(t, what, cond)
}

// rebuilt returns the graph a rebuild derives from st, in a namespace of its own.
func rebuilt(t *testing.T, st *pgstore.Store) *backend.Subgraph {
	t.Helper()
	g := neo4jtest.Open(t)
	if _, err := projector.New(st, g, projector.Options{Name: "neo4j_rebuild"}).Rebuild(context.Background()); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	return overview(t, g)
}

// noDuplicates checks that no id is on two nodes and no two relationships
// share source, target and type in a namespace, asking Neo4j directly
// (Overview would hide neither).
func noDuplicates(t *testing.T, opts neo4jgraph.Options) {
	t.Helper()
	ctx := context.Background()
	auth := neo4j.NoAuth()
	if opts.User != "" || opts.Password != "" {
		auth = neo4j.BasicAuth(opts.User, opts.Password, "")
	}
	d, err := neo4j.NewDriverWithContext(opts.URI, auth)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	db := opts.Database
	if db == "" {
		db = "neo4j"
	}
	count := func(q string) int64 {
		res, err := neo4j.ExecuteQuery(ctx, d, q, map[string]any{"ns": opts.Namespace}, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(db))
		if err != nil {
			t.Fatal(err)
		}
		return res.Records[0].Values[0].(int64)
	}
	if n := count(`MATCH (n {ns: $ns}) RETURN count(*)`); n == 0 {
		t.Fatalf("namespace %s is empty", opts.Namespace)
	}
	if n := count(`MATCH (n {ns: $ns}) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*)`); n != 0 {
		t.Errorf("%d ids on more than one node in namespace %s; want none", n, opts.Namespace)
	}
	if n := count(`MATCH (a {ns: $ns})-[r]->(b) WITH a, b, type(r) AS t, count(*) AS c WHERE c > 1 RETURN count(*)`); n != 0 {
		t.Errorf("%d (source, target, type) with more than one relationship in namespace %s; want none", n, opts.Namespace)
	}
}

// TestNeo4jGoesAway cuts the connection to Neo4j in the middle of a
// projection: writes to PostgreSQL go on, the projector records the error
// and backs off while the lag grows; once Neo4j is reachable again the
// graph converges to exactly what a rebuild derives.
func TestNeo4jGoesAway(t *testing.T) {
	f := newFixture(t)
	opts := neo4jtest.Options(t)
	proxy, uri := startProxy(t, opts.URI)
	g := openGraph(t, opts, uri)
	f.seed("N", 60)
	failures := &failureCounter{}
	target := &hookTarget{Graph: g}
	var armed atomic.Bool
	target.after = func(int64) {
		// Once a pass has committed, cut inside the next write.
		if st, err := f.st.ProjectionStatus(f.ctx, "neo4j"); err == nil && st.Seq > 0 && !armed.Swap(true) {
			proxy.CutAfter(200)
		}
	}
	p := projector.New(f.st, target, projector.Options{Name: "neo4j", BatchSize: 10,
		PollInterval: 100 * time.Millisecond, MinBackoff: 200 * time.Millisecond, MaxBackoff: time.Second,
		Logger: slog.New(failures)})
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	select {
	case <-proxy.cut:
	case <-time.After(60 * time.Second):
		t.Fatal("the projection never reached the cut")
	}

	for i := range 10 { // writes keep succeeding
		f.create(fmt.Sprintf("Down%d", i), "[[N1]] #down")
	}
	var st backend.ProjectionStatus
	waitFor(t, "the error to be recorded", func() bool {
		var err error
		st, err = p.Status(f.ctx)
		return err == nil && st.LastError != ""
	})
	if !strings.Contains(st.LastError, "unavailable") || st.Seq == 0 || st.LagEvents < 10 {
		t.Fatalf("status while down = %+v; want an unavailable error, a checkpoint part-way and a lag of 10 or more", st)
	}
	lag := st.LagEvents
	failed := failures.n.Load()
	f.create("DownLast", "[[Down0]]")
	// More wake-ups and retries while down: two more failed passes.
	waitFor(t, "two more failed passes", func() bool { return failures.n.Load() >= failed+2 })
	if st, _ = p.Status(f.ctx); st.LagEvents != lag+1 || st.LastError == "" {
		t.Fatalf("status after another write = %+v; want lag %d and the error kept", st, lag+1)
	}
	// Backing off: a few attempts over the outage, not a busy loop —
	// each attempt is one connection the driver retries for up to 5 s.
	if n, refused := failures.n.Load(), proxy.Refused(); n < 1 || refused > 30 {
		t.Errorf("%d failed passes, %d connections while down; want a few", n, refused)
	}

	proxy.Restore()
	waitFor(t, "the projection to catch up", func() bool {
		st, err := p.Status(f.ctx)
		return err == nil && st.LagEvents == 0 && st.LastError == ""
	})
	sameGraph(t, "recovered and rebuilt graphs", overview(t, g), rebuilt(t, f.st))
	sameGraph(t, "recovered and SQL graphs", overview(t, g), overview(t, sqlgraph.New(f.st.DB())))
}

// The killed child: TestKilledMidBatch runs the test binary again with
// these variables; the child projects until its hook blocks, and is killed.
const (
	childMode = "SECONDBRAIN_TEST_PROJECTOR_CHILD" // catchup or rebuild
	childDSN  = "SECONDBRAIN_TEST_PROJECTOR_DSN"
	childNS   = "SECONDBRAIN_TEST_PROJECTOR_NS"
	childStop = "SECONDBRAIN_TEST_PROJECTOR_STOP" // block after this many Applies
)

// projectorChild runs in the child process: it projects with a hook that,
// after the childStop-th Apply, says "stopped" and blocks, mid-pass.
func projectorChild(t *testing.T) {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, os.Getenv(childDSN), nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := neo4jtest.Options(t)
	opts.Namespace = os.Getenv(childNS)
	g, err := neo4jgraph.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	stop, _ := strconv.ParseInt(os.Getenv(childStop), 10, 64)
	target := &hookTarget{Graph: g, after: func(n int64) {
		if n == stop {
			fmt.Println("stopped")
			select {} // until killed
		}
	}}
	p := projector.New(st, target, projector.Options{Name: "neo4j", BatchSize: 10})
	if os.Getenv(childMode) == "rebuild" {
		_, err = p.Rebuild(ctx)
	} else {
		_, err = p.CatchUp(ctx)
	}
	t.Fatalf("the child finished (%v) before Apply %d", err, stop)
}

// killChild runs the child in mode and kills it (SIGKILL) once it stops
// after the stop-th Apply.
func killChild(t *testing.T, mode, dsn string, opts neo4jgraph.Options, stop int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledMidBatch$", "-test.count=1")
	cmd.Env = append(os.Environ(), childMode+"="+mode, childDSN+"="+dsn, childNS+"="+opts.Namespace,
		childStop+"="+strconv.Itoa(stop))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		var all []string
		for sc.Scan() {
			if sc.Text() == "stopped" {
				lines <- "stopped"
				io.Copy(io.Discard, out)
				return
			}
			all = append(all, sc.Text())
		}
		lines <- strings.Join(all, "\n")
	}()
	select {
	case l := <-lines:
		if l != "stopped" {
			cmd.Wait()
			t.Fatalf("the %s child ended without stopping:\n%s", mode, l)
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the %s child never stopped", mode)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

// TestKilledMidBatch kills a projecting process between the writes of one
// pass (some of the pass's notes applied to Neo4j, the checkpoint not
// moved), and one in the middle of a rebuild (the graph reset and partly
// derived). After a restart the graph has no duplicate nodes or
// relationships and equals a rebuild.
func TestKilledMidBatch(t *testing.T) {
	if os.Getenv(childMode) != "" {
		projectorChild(t)
		return
	}
	dsn := pgtest.NewDatabase(t)
	st, err := pgstore.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, ctx: context.Background(), st: st, notes: service.NewNotes(st, nil)}
	f.history(func() {})
	f.seed("K", 40)
	opts := neo4jtest.Options(t)
	g := openGraph(t, opts, opts.URI)
	restart := func() {
		t.Helper()
		p := projector.New(st, g, projector.Options{Name: "neo4j", BatchSize: 10})
		if _, err := p.CatchUp(f.ctx); err != nil {
			t.Fatalf("catch up after the restart: %v", err)
		}
		noDuplicates(t, opts)
		sameGraph(t, "graph after a restart and rebuilt graph", overview(t, g), rebuilt(t, st))
	}

	killChild(t, "catchup", dsn, opts, 4)
	if ps, _ := st.ProjectionStatus(f.ctx, "neo4j"); ps.LagEvents == 0 {
		t.Fatalf("status after the kill = %+v; want the catch-up unfinished", ps)
	}
	restart()

	f.seed("L", 10)
	killChild(t, "rebuild", dsn, opts, 2)
	restart()
}

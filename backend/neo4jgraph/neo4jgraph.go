// Package neo4jgraph keeps the knowledge graph in Neo4j and answers graph
// queries in Cypher. It is both halves of the Neo4j projection: the target
// the projector writes (Apply, Delete, Reset, LinkingTo — backend.
// ProjectionTarget) and the backend.Graph the app reads.
//
// The projection mirrors the model written down on backend.Graph:
//
//	(:Note:<TypeLabel> {ns, id: <uuid>, title, path, type, label})
//	(:Tag {ns, id: "tag:<name>", name, title: "#<name>"})
//	(:Placeholder {ns, id: "placeholder:<target_key>", key, title})
//	(note)-[:LINKS_TO|EMBEDS|<REL> {count, target}]->(note or placeholder)
//	(note)-[:TAGGED {count: 1}]->(tag)
//
// One relationship per (source, target, type); count is the number of link
// occurrences, target (placeholder edges only) the smallest target as written,
// from which the placeholder's title is derived. Every node carries the
// namespace ns and every statement matches on it, so several graphs (one per
// test) share Neo4j Community's single user database; ids are unique per
// namespace (a uniqueness constraint on (ns, id) per label). Apply replaces a
// note's outgoing relationships with those of its state, so replays are
// harmless; tags and placeholders that lose their last relationship go.
//
// Degree, ordering and clusters are computed as backend.Graph specifies,
// sorting in Go so that titles order by code point exactly as in sqlgraph.
package neo4jgraph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"secondbrain/backend"
	"secondbrain/backend/graphview"
)

// DefaultNamespace is the namespace of the app's graph.
const DefaultNamespace = "default"

// Options configure a Graph.
type Options struct {
	// URI is the server, e.g. bolt://localhost:7687 or neo4j+s://….aura….
	URI      string
	User     string
	Password string
	// Database is the database to use; "" means "neo4j".
	Database string
	// Namespace separates graphs sharing one database; "" means DefaultNamespace.
	Namespace string
	Logger    *slog.Logger
}

// Graph is the knowledge graph in Neo4j. It is safe for concurrent use.
type Graph struct {
	driver neo4j.DriverWithContext
	owned  bool // Close closes the driver
	db     string
	ns     string
	target string // the server's host, for messages; never credentials
	log    *slog.Logger

	schemaMu sync.Mutex
	schemaOK bool
}

var (
	_ backend.Graph            = (*Graph)(nil)
	_ backend.ProjectionTarget = (*Graph)(nil)
	_ backend.LinkTracker      = (*Graph)(nil)
)

// Open creates the driver for opts.URI (one per app) without contacting the
// server: call Ping to find out whether it answers. Returns EINVALID for a
// URI the driver refuses.
func Open(opts Options) (*Graph, error) {
	auth := neo4j.NoAuth()
	if opts.User != "" || opts.Password != "" {
		auth = neo4j.BasicAuth(opts.User, opts.Password, "")
	}
	d, err := neo4j.NewDriverWithContext(opts.URI, auth, func(c *neo4j.Config) {
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.MaxTransactionRetryTime = 5 * time.Second
	})
	if err != nil {
		return nil, &backend.Error{Code: backend.EINVALID, Op: "neo4jgraph.Open",
			Message: fmt.Sprintf("the Neo4j URI %s is not valid", Host(opts.URI))}
	}
	g := New(d, opts)
	g.owned = true
	return g, nil
}

// New returns a Graph over an existing driver (shared, not closed by Close).
func New(d neo4j.DriverWithContext, opts Options) *Graph {
	db := opts.Database
	if db == "" {
		db = "neo4j"
	}
	ns := opts.Namespace
	if ns == "" {
		ns = DefaultNamespace
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Graph{driver: d, db: db, ns: ns, target: Host(opts.URI), log: logger.With("component", "neo4jgraph")}
}

// Namespace returns the graph's namespace.
func (g *Graph) Namespace() string { return g.ns }

// Target names the server for messages: its host and database, no credentials.
func (g *Graph) Target() string { return fmt.Sprintf("%s, database %q", g.target, g.db) }

// Ping checks that the server answers, accepts the credentials and is
// recent enough (CheckServerVersion). Returns EUNAVAILABLE otherwise.
func (g *Graph) Ping(ctx context.Context) error {
	return g.checkServer(ctx, "neo4jgraph.Ping")
}

// checkServer connects and checks the server's version.
func (g *Graph) checkServer(ctx context.Context, op string) error {
	info, err := g.driver.GetServerInfo(ctx)
	if err != nil {
		return g.translate(op, err)
	}
	if err := CheckServerVersion(info.Agent()); err != nil {
		var be *backend.Error
		if errors.As(err, &be) {
			be.Op = op
			be.Message = fmt.Sprintf("Neo4j at %s: %s", g.target, be.Message)
		}
		return err
	}
	return nil
}

// MinServerVersion is the oldest Neo4j the graph works with: Apply creates
// relationships of dynamic types (CREATE ()-[:$(type)]->()) and Reset runs
// CALL (n) { … } subqueries, both new in Neo4j 5.26.
const MinServerVersion = "5.26"

// CheckServerVersion checks a server agent as Bolt reports it
// ("Neo4j/5.26.0", "Neo4j/5.27-aura", "Neo4j/2025.01.0") against
// MinServerVersion. Returns EUNAVAILABLE, naming both versions, for an
// older server; nil for a newer one or an agent it cannot read (a
// compatible server that names itself differently is given the benefit of
// the doubt: its queries still fail with the server's own message).
func CheckServerVersion(agent string) error {
	version, ok := strings.CutPrefix(agent, "Neo4j/")
	if !ok {
		return nil
	}
	major, minor, ok := majorMinor(version)
	if !ok {
		return nil
	}
	wantMajor, wantMinor, _ := majorMinor(MinServerVersion)
	if major > wantMajor || major == wantMajor && minor >= wantMinor {
		return nil
	}
	return &backend.Error{Code: backend.EUNAVAILABLE, Op: "neo4jgraph.CheckServerVersion",
		Message: fmt.Sprintf("the server runs Neo4j %s, which is too old; Second Brain needs Neo4j %s or later", version, MinServerVersion)}
}

// majorMinor reads the leading "major.minor" of a version string.
func majorMinor(v string) (major, minor int, ok bool) {
	num := func(s string) (int, string, bool) {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 6 {
			return 0, s, false
		}
		n, _ := strconv.Atoi(s[:i])
		return n, s[i:], true
	}
	major, rest, ok := num(v)
	if !ok || !strings.HasPrefix(rest, ".") {
		return 0, 0, false
	}
	minor, _, ok = num(rest[1:])
	return major, minor, ok
}

// Close closes the driver when Open created it.
func (g *Graph) Close(ctx context.Context) error {
	if !g.owned {
		return nil
	}
	return g.driver.Close(ctx)
}

// Host returns the host:port of a Neo4j URI without user info or query, for
// messages that must never show credentials.
func Host(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return "(unparsable URI)"
	}
	return u.Scheme + "://" + u.Host
}

// translate maps driver errors to *backend.Error, naming the server but
// never the credentials. The cause is kept for the log.
func (g *Graph) translate(op string, err error) error {
	return backend.Translate(op, err, g.known)
}

// known returns the code and message of the driver errors the graph
// recognises.
func (g *Graph) known(err error) (code, message string) {
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch {
		case ne.HasSecurityCode():
			return backend.EUNAVAILABLE, fmt.Sprintf("Neo4j at %s refused the credentials", g.target)
		case ne.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return backend.EUNAVAILABLE, fmt.Sprintf("Neo4j at %s has no database %q", g.target, g.db)
		case ne.Classification() == "TransientError":
			return backend.EUNAVAILABLE, fmt.Sprintf("Neo4j at %s is busy; try again", g.target)
		}
		return backend.EINTERNAL, ""
	}
	var (
		ce *neo4j.ConnectivityError
		te *neo4j.TransactionExecutionLimit
	)
	if errors.As(err, &ce) || errors.As(err, &te) || neo4j.IsRetryable(err) {
		return backend.EUNAVAILABLE, fmt.Sprintf("Neo4j at %s is unavailable", g.target)
	}
	return "", ""
}

// query runs one read statement as an auto-commit transaction and returns
// its records. Auto-commit is one round trip (RUN and PULL together), where
// a managed transaction (neo4j.ExecuteQuery) adds BEGIN and a COMMIT that
// waits for its own reply, which is a tenth of a neighbourhood's time.
// Nothing is lost: the statements are reads, and reads never waited for
// the writes' bookmarks (Apply and the rest write in sessions of their
// own, which ExecuteQuery's bookmark manager did not see).
//
// Failures the driver calls retryable are retried as its managed
// transactions do: at once for the first few (a pooled connection the
// server has closed since, say after a restart), then after 1 s, 2 s, …
// while readRetryTime allows.
func (g *Graph) query(ctx context.Context, op, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if params == nil {
		params = map[string]any{}
	}
	params["ns"] = g.ns
	start := time.Now()
	for attempt := 1; ; attempt++ {
		recs, err := g.read(ctx, cypher, params)
		if err == nil {
			return recs, nil
		}
		var wait time.Duration
		if attempt > readRetriesAtOnce {
			wait = time.Second << (attempt - readRetriesAtOnce - 1)
		}
		if !neo4j.IsRetryable(err) || time.Since(start)+wait > readRetryTime {
			return nil, g.translate(op, err)
		}
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, g.translate(op, err)
			case <-t.C:
			}
		}
	}
}

// A read is retried at once readRetriesAtOnce times, then with growing
// pauses up to readRetryTime after it began (see query).
const (
	readRetriesAtOnce = 2
	readRetryTime     = 5 * time.Second
)

// read runs one statement in an auto-commit read transaction.
func (g *Graph) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	s := g.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: g.db, AccessMode: neo4j.AccessModeRead})
	defer s.Close(ctx)
	res, err := s.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// ensureSchema creates the constraints (and so the indexes) the statements
// rely on, once per Graph; the server may be down at start-up, so this runs
// before the first write rather than in Open.
func (g *Graph) ensureSchema(ctx context.Context) error {
	g.schemaMu.Lock()
	defer g.schemaMu.Unlock()
	if g.schemaOK {
		return nil
	}
	if err := g.checkServer(ctx, "neo4jgraph.ensureSchema"); err != nil {
		return err
	}
	for _, label := range []string{backend.LabelNote, backend.LabelTag, backend.LabelPlaceholder} {
		q := fmt.Sprintf("CREATE CONSTRAINT sb_%s_ns_id IF NOT EXISTS FOR (n:%s) REQUIRE (n.ns, n.id) IS UNIQUE",
			strings.ToLower(label), label)
		if _, err := neo4j.ExecuteQuery(ctx, g.driver, q, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(g.db)); err != nil {
			return g.translate("neo4jgraph.ensureSchema", err)
		}
	}
	g.schemaOK = true
	return nil
}

// Node id prefixes, as backend.GraphNode documents them.
const (
	tagPrefix         = graphview.TagPrefix
	placeholderPrefix = graphview.PlaceholderPrefix
)

// neo4jRecord is a result row.
type neo4jRecord = neo4j.Record

// Package graphtest is the conformance suite of backend.Graph, like
// testing/fstest: one list of cases that every implementation (sqlgraph,
// neo4jgraph) must pass, so the graph behaves the same with or without a
// Neo4j server.
//
// # API
//
//	// Factory returns the Graph under test over the vault that the suite has
//	// just written, through notes, into the fresh PostgreSQL database at dsn.
//	type Factory func(t *testing.T, dsn string, notes *service.Notes) backend.Graph
//
//	// Run runs every case as a subtest of t.
//	func Run(t *testing.T, newGraph Factory)
//
// Use it from the implementation's tests; the package's TestMain must call
// pgtest.Main, since the suite creates a database per vault with
// pgtest.NewDatabase:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestConformance(t *testing.T) {
//		graphtest.Run(t, func(t *testing.T, dsn string, _ *service.Notes) backend.Graph {
//			db, err := sql.Open("pgx", dsn) // or pgstore.Open(ctx, dsn, nil).DB()
//			...
//			return sqlgraph.New(db)
//		})
//	}
//
// For each vault the suite creates a database (pgtest.NewDatabase), opens
// it with pgstore.Open, builds service.NewNotes over it and writes the
// notes (creates, saves, trashes, attachments) before it calls the factory
// once; every case of that vault then queries the Graph it returned. The
// tables are the source of truth: a projection-backed implementation
// (Neo4j) must project the database at dsn (rebuild, or catch up from the
// event log) before returning, and clean up after itself with t.Cleanup
// (for example a database or label namespace per call). The factory may
// call t.Skip (no server configured outside CI) or t.Fatal.
//
// Results are compared exactly, with the orderings that backend.Graph
// documents: nodes of a neighbourhood by (distance, id), edges by (source,
// target, type), backlinks and orphans by title, hubs by in-degree then id,
// clusters by size then smallest member id, overview by degree then id.
// Where several answers are right (two shortest paths of the same length)
// the suite accepts any of them.
package graphtest

package stack

import (
	"context"

	"secondbrain/backend"
	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/qdrantindex"
)

// CheckPostgres connects to the PostgreSQL dsn names and returns its
// version: the settings dialog's "test connection". Returns EUNAVAILABLE
// or EINVALID when it cannot connect.
func CheckPostgres(ctx context.Context, dsn string) (string, error) {
	return pgstore.Check(ctx, dsn)
}

// CheckNeo4j connects to a Neo4j and checks that it answers. Returns
// EUNAVAILABLE or EINVALID when it cannot connect.
func CheckNeo4j(ctx context.Context, uri, user, password, database string) error {
	g, err := neo4jgraph.Open(neo4jgraph.Options{URI: uri, User: user, Password: password, Database: database})
	if err != nil {
		return err
	}
	defer g.Close(context.WithoutCancel(ctx))
	return g.Ping(ctx)
}

// CheckQdrant connects to a Qdrant by its gRPC address and returns its
// version. Returns EUNAVAILABLE or EINVALID when it cannot connect.
func CheckQdrant(ctx context.Context, addr, apiKey string) (string, error) {
	return qdrantindex.Check(ctx, addr, apiKey)
}

// CheckQdrantAddr returns EINVALID for a Qdrant address that cannot be
// dialled (see qdrantindex.ParseAddr).
func CheckQdrantAddr(addr string) error {
	if _, _, _, err := qdrantindex.ParseAddr(addr); err != nil {
		return backend.Errorf(backend.EINVALID, "%v", err)
	}
	return nil
}

// Package neo4jtest gives tests a Neo4j graph in a namespace of their own
// on the server named by SECONDBRAIN_TEST_NEO4J_URI (with
// SECONDBRAIN_TEST_NEO4J_USER, _PASSWORD and _DATABASE when the server needs
// them). Neo4j Community has one user database, so tests share it and are
// kept apart by namespace; each namespace is deleted at cleanup.
//
// Without the variable a test is skipped — unless CI is set, where the
// server is part of the run and its absence fails the test.
package neo4jtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"secondbrain/backend/neo4jgraph"
)

// Options returns the connection options of the test server in a fresh
// namespace, or skips (fails under CI) when none is configured.
func Options(tb testing.TB) neo4jgraph.Options {
	tb.Helper()
	uri := os.Getenv("SECONDBRAIN_TEST_NEO4J_URI")
	if uri == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("neo4jtest: SECONDBRAIN_TEST_NEO4J_URI is not set, and CI is: start the server with build/neo4j/neo4j.sh start")
		}
		tb.Skip("neo4jtest: SECONDBRAIN_TEST_NEO4J_URI is not set (build/neo4j/neo4j.sh start prints it)")
	}
	b := make([]byte, 8)
	rand.Read(b)
	return neo4jgraph.Options{
		URI:       uri,
		User:      os.Getenv("SECONDBRAIN_TEST_NEO4J_USER"),
		Password:  os.Getenv("SECONDBRAIN_TEST_NEO4J_PASSWORD"),
		Database:  os.Getenv("SECONDBRAIN_TEST_NEO4J_DATABASE"),
		Namespace: "test_" + hex.EncodeToString(b),
	}
}

// Open returns a graph in a fresh namespace, deleted at cleanup.
func Open(tb testing.TB) *neo4jgraph.Graph {
	tb.Helper()
	g, err := neo4jgraph.Open(Options(tb))
	if err != nil {
		tb.Fatalf("neo4jtest: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := g.Ping(ctx); err != nil {
		g.Close(ctx)
		tb.Fatalf("neo4jtest: %v", err)
	}
	tb.Cleanup(func() {
		// A benchmark's namespace can hold a 100k-note graph.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if err := g.Reset(ctx); err != nil {
			tb.Errorf("neo4jtest: delete namespace %s: %v", g.Namespace(), err)
		}
		g.Close(ctx)
	})
	return g
}

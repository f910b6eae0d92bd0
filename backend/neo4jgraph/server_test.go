package neo4jgraph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/neo4jgraph"
	"secondbrain/backend/neo4jgraph/neo4jtest"
)

// TestCheckServerVersion reads server agents as Bolt reports them.
func TestCheckServerVersion(t *testing.T) {
	tests := []struct {
		agent string
		ok    bool
	}{
		{"Neo4j/5.26.0", true},
		{"Neo4j/5.26.31", true},
		{"Neo4j/5.27-aura", true},
		{"Neo4j/2025.01.0", true},
		{"Neo4j/5.25.1", false},
		{"Neo4j/5.9.0", false},
		{"Neo4j/4.4.30", false},
		{"Neo4j/3.5.35", false},
		{"Memgraph/2.18", true}, // not ours to judge
		{"Neo4j/dev", true},
		{"", true},
	}
	for _, tc := range tests {
		err := neo4jgraph.CheckServerVersion(tc.agent)
		if tc.ok {
			if err != nil {
				t.Errorf("CheckServerVersion(%q) = %v; want nil", tc.agent, err)
			}
			continue
		}
		msg := backend.ErrorMessage(err)
		if backend.ErrorCode(err) != backend.EUNAVAILABLE || !strings.Contains(msg, strings.TrimPrefix(tc.agent, "Neo4j/")) ||
			!strings.Contains(msg, neo4jgraph.MinServerVersion) {
			t.Errorf("CheckServerVersion(%q) = %v (%q); want %s naming both versions", tc.agent, err, msg, backend.EUNAVAILABLE)
		}
	}
}

// TestServerRefusals: a server that refuses the credentials, and one too
// old, give clear EUNAVAILABLE errors from Ping and from the projection
// writes, naming the server but never the password. The servers are Bolt
// stubs (the test Neo4j has auth disabled and is of the right version);
// the driver and the error translation are the real ones.
func TestServerRefusals(t *testing.T) {
	const password = "s3cret-Pa55"
	tests := []struct {
		name string
		stub *neo4jtest.BoltStub
		want string
	}{
		{"wrong credentials", &neo4jtest.BoltStub{Agent: "Neo4j/5.26.0", FailureCode: "Neo.ClientError.Security.Unauthorized",
			FailureMessage: "The client is unauthorized due to authentication failure."}, "refused the credentials"},
		{"old server", &neo4jtest.BoltStub{Agent: "Neo4j/4.4.30"}, "Neo4j 4.4.30, which is too old; Second Brain needs Neo4j 5.26 or later"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			uri := neo4jtest.StartBoltStub(t, tc.stub)
			g, err := neo4jgraph.Open(neo4jgraph.Options{URI: uri, User: "neo4j", Password: password})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			defer g.Close(ctx)
			host := strings.TrimPrefix(uri, "bolt://")
			for what, err := range map[string]error{
				"Ping":  g.Ping(ctx),
				"Apply": g.Apply(ctx, []backend.NoteState{{ID: uuid.New(), Title: "A"}}),
			} {
				msg := backend.ErrorMessage(err)
				if backend.ErrorCode(err) != backend.EUNAVAILABLE || !strings.Contains(msg, tc.want) || !strings.Contains(msg, host) {
					t.Errorf("%s = %v (%q); want %s saying %q about %s", what, err, msg, backend.EUNAVAILABLE, tc.want, host)
				}
				if strings.Contains(msg, password) {
					t.Errorf("%s message %q shows the password", what, msg)
				}
			}
		})
	}
}

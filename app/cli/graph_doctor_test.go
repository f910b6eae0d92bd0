package cli_test

import (
	"strings"
	"testing"

	"secondbrain/backend/neo4jgraph/neo4jtest"
	"secondbrain/backend/pgserver/pgtest"
)

// TestDoctorNeo4jRefusals: `doctor --json` reports a Neo4j that refuses
// the credentials, or is too old, in projections.neo4j.last_error, with
// graph queries on SQL, and never shows the password. The servers are
// Bolt stubs (see neo4jtest.BoltStub).
func TestDoctorNeo4jRefusals(t *testing.T) {
	const password = "s3cret-Pa55"
	dsn := pgtest.NewDatabase(t)
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
			t.Setenv("SECONDBRAIN_NEO4J_URI", uri)
			t.Setenv("SECONDBRAIN_NEO4J_USER", "neo4j")
			t.Setenv("SECONDBRAIN_NEO4J_PASSWORD", password)
			var doc struct {
				Projections map[string]struct {
					Configured bool   `json:"configured"`
					OK         bool   `json:"ok"`
					LastError  string `json:"last_error"`
					Server     string `json:"server"`
					Queries    string `json:"queries"`
				} `json:"projections"`
			}
			args := []string{"doctor", "--postgres", dsn, "--data-dir", t.TempDir()}
			code := runJSON(t, &doc, args...)
			n := doc.Projections["neo4j"]
			if code != 0 || !n.Configured || n.OK || !strings.Contains(n.LastError, tc.want) || n.Queries != "sql" ||
				!strings.Contains(n.Server, strings.TrimPrefix(uri, "bolt://")) {
				t.Errorf("doctor = %+v (exit %d); want configured, not ok, last_error saying %q, queries on sql", n, code, tc.want)
			}
			out, _, _ := run(t, args...)
			if !strings.Contains(out, tc.want) {
				t.Errorf("plain doctor = %q; want it to say %q", out, tc.want)
			}
			if out2, _, _ := run(t, append(args, "--json")...); strings.Contains(out+out2, password) {
				t.Errorf("doctor output shows the password:\n%s\n%s", out, out2)
			}
		})
	}
}

package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend/qdrantindex/qdrantdouble"
)

func TestSettingsAPI(t *testing.T) {
	a, _ := startApp(t)
	sa := &SettingsAPI{app: a, path: filepath.Join(t.TempDir(), "config.json")}
	got, err := sa.Get()
	if err != nil || !got.PostgresDSNSet || got.PostgresDSN != "" {
		t.Fatalf("Get = %+v, %v; want the DSN marked set and not shown", got, err)
	}
	// Save and read back through the file; secrets are kept when left empty.
	if err := sa.Save(Settings{Neo4jURI: "bolt://db:7687", Neo4jUser: "neo4j", Neo4jPassword: "s3cret", QdrantAddr: "localhost:6334"}); err != nil {
		t.Fatal(err)
	}
	if err := sa.Save(Settings{Neo4jURI: "bolt://db:7687", Neo4jUser: "neo4j", QdrantAddr: "localhost:6334"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(sa.path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Neo4j struct{ URI, Password string }
	}
	if err := json.Unmarshal(b, &file); err != nil || file.Neo4j.URI != "bolt://db:7687" || file.Neo4j.Password != "s3cret" {
		t.Fatalf("config file = %s (%v); want the URI and the kept password", b, err)
	}
	if st, _ := os.Stat(sa.path); st.Mode().Perm() != 0o600 {
		t.Errorf("config file mode = %v; want 0600", st.Mode().Perm())
	}
	if err := sa.Save(Settings{QdrantAddr: "http://u:p@host:1"}); err == nil {
		t.Error("a Qdrant address with credentials was saved")
	}

	// Test connection: the real PostgreSQL the app uses, a bad DSN, a Qdrant double, a Neo4j nobody runs.
	res, err := sa.TestPostgres("")
	if err != nil || !res.OK || res.Version == "" {
		t.Fatalf("TestPostgres(saved) = %+v, %v; want ok with a version", res, err)
	}
	res, err = sa.TestPostgres("postgres://me:hunter2@127.0.0.1:1/notes")
	if err != nil || res.OK || strings.Contains(res.Message, "hunter2") || !strings.Contains(res.Message, "notes") {
		t.Fatalf("TestPostgres(wrong port) = %+v, %v; want a failure naming the database, not the password", res, err)
	}
	srv, err := qdrantdouble.Start(qdrantdouble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if res, err = sa.TestQdrant(srv.Addr(), ""); err != nil || !res.OK {
		t.Fatalf("TestQdrant(double) = %+v, %v; want ok", res, err)
	}
	if res, err = sa.TestNeo4j("bolt://127.0.0.1:1", "neo4j", "pw", ""); err != nil || res.OK || res.Message == "" {
		t.Fatalf("TestNeo4j(nothing listening) = %+v, %v; want a failure with a message", res, err)
	}
	st, err := sa.Status()
	if err != nil || !st.Postgres.OK || st.Neo4j.Configured || st.Embeddings.Model == "" {
		t.Fatalf("Status = %+v, %v; want postgres ok, neo4j not configured, the embedding model named", st, err)
	}
}

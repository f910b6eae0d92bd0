package cli_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend/neo4jgraph/neo4jtest"
	"secondbrain/backend/pgserver/pgtest"
)

// canary is the secret put in every configurable address and key; no
// command may print it.
const canary = "CANARY-9d2c41"

// failingEmbedder is an embedding endpoint that answers 500 with a body
// echoing the request's URL and key: the search falls back to words and
// says why, vectors rebuild and related fail.
func failingEmbedder(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "overloaded "+r.URL.String()+" "+r.Header.Get("Authorization"), http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// withSecrets returns the URL base with the canary as its password and as
// its api-key parameter.
func withSecrets(base string) string {
	return strings.Replace(base, "://", "://user:"+canary+"@", 1) + "/v1?api-key=" + canary
}

// setSecretEnv configures every server the app can use with the canary in
// its address, password and key. The servers behind them fail or do not
// listen, so the commands take their error paths: the embedder answers
// 500, Neo4j (a Bolt stub) refuses the credentials, nothing listens for
// Qdrant.
func setSecretEnv(t *testing.T, embedURL string) {
	t.Helper()
	neo4jURI := neo4jtest.StartBoltStub(t, &neo4jtest.BoltStub{Agent: "Neo4j/5.26.0",
		FailureCode: "Neo.ClientError.Security.Unauthorized", FailureMessage: "The client is unauthorized due to authentication failure."})
	t.Setenv("SECONDBRAIN_CONFIG", filepath.Join(t.TempDir(), "none.json"))
	t.Setenv("SECONDBRAIN_LOG_LEVEL", "debug")
	t.Setenv("SECONDBRAIN_NEO4J_URI", strings.Replace(neo4jURI, "://", "://neo4j:"+canary+"@", 1))
	t.Setenv("SECONDBRAIN_NEO4J_USER", "neo4j")
	t.Setenv("SECONDBRAIN_NEO4J_PASSWORD", canary)
	t.Setenv("SECONDBRAIN_NEO4J_DATABASE", "brain")
	t.Setenv("SECONDBRAIN_QDRANT_ADDR", "http://127.0.0.1:1?api_key="+canary)
	t.Setenv("SECONDBRAIN_QDRANT_API_KEY", canary)
	t.Setenv("SECONDBRAIN_EMBED_API", "ollama")
	t.Setenv("SECONDBRAIN_EMBED_URL", embedURL)
	t.Setenv("SECONDBRAIN_EMBED_MODEL", "nomic-embed-text")
	t.Setenv("SECONDBRAIN_EMBED_DIM", "8")
	t.Setenv("SECONDBRAIN_EMBED_API_KEY", canary)
}

// runClean runs a command and fails the test when its stdout or stderr
// (which carries the log) shows the canary. It returns stdout, stderr and
// the exit code.
func runClean(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	out, errOut, code := run(t, args...)
	for name, s := range map[string]string{"stdout": out, "stderr": errOut} {
		if strings.Contains(s, canary) {
			t.Errorf("%v: %s shows a secret:\n%s", args, name, s)
		}
	}
	return out, errOut, code
}

// commands lists every command line with its arguments, each run with the
// global flags in dd, plain and with --json.
func commands(vault, export string) [][]string {
	return [][]string{
		{"note", "new", "--title", "Gamma", "--body-file", filepath.Join(vault, "Alpha.md")},
		{"note", "show", "Alpha"},
		{"note", "edit", "Alpha", "--body-file", filepath.Join(vault, "Beta.md"), "--expect-version", "1"},
		{"note", "list"},
		{"note", "list", "--trash"},
		{"note", "rename", "Gamma", "--title", "Delta", "--expect-version", "1"},
		{"note", "history", "Alpha"},
		{"note", "revert", "Alpha", "--version", "1", "--expect-version", "2"},
		{"note", "backlinks", "Beta"},
		{"note", "mentions", "Beta"},
		{"note", "links", "Alpha"},
		{"note", "trash", "Delta"},
		{"note", "restore", "00000000-0000-0000-0000-000000000000"},
		{"note", "delete", "Delta"},
		{"daily"},
		{"tags"},
		{"search", "espresso", "--mode", "lexical"},
		{"search", "espresso", "--mode", "semantic"},
		{"search", "espresso", "--mode", "hybrid"},
		{"related", "Alpha"},
		{"graph", "neighbors", "Alpha", "--depth", "2"},
		{"graph", "neighbors", "Alpha", "--graph", "neo4j"},
		{"graph", "path", "Alpha", "Beta"},
		{"graph", "stats"},
		{"graph", "orphans"},
		{"graph", "hubs"},
		{"graph", "clusters"},
		{"graph", "rebuild"},
		{"vectors", "rebuild"},
		{"eval", filepath.Join(vault, "no-such-set")},
		{"export", export},
		{"import", vault},
		{"doctor"},
	}
}

// writeVault writes a small Markdown folder.
func writeVault(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"Alpha.md": "# Alpha\n\nEspresso notes, see [[Beta]]. #coffee\n",
		"Beta.md":  "Beta is about espresso grounds and [[Alpha]].\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSecretsNeverPrinted is issue 13's check: with the canary in every
// configurable address, password and key, and the servers behind them
// failing or not listening, no command prints it on stdout or stderr (the
// log included), whether PostgreSQL answers or not.
func TestSecretsNeverPrinted(t *testing.T) {
	emb := failingEmbedder(t)
	setSecretEnv(t, withSecrets(emb.URL))
	vault := writeVault(t)

	t.Run("postgres answers", func(t *testing.T) {
		// The test cluster trusts its socket, so the password is ignored
		// but still in the DSN every command parses.
		dd := []string{"--postgres", pgtest.NewDatabase(t) + " password=" + canary, "--data-dir", t.TempDir()}
		if _, stderr, code := runClean(t, append([]string{"import", vault}, dd...)...); code != 0 {
			t.Fatalf("import: exit %d: %s", code, stderr)
		}
		export := t.TempDir()
		for _, args := range commands(vault, export) {
			runClean(t, append(args, dd...)...)
			runClean(t, append(append(args, dd...), "--json")...)
		}
		// The error paths were taken, and their messages name the servers.
		out, _, _ := runClean(t, append([]string{"search", "espresso", "--mode", "semantic"}, dd...)...)
		if !strings.Contains(out, "lexical only") || !strings.Contains(out, "user:***@127.0.0.1") {
			t.Errorf("semantic search with the embedder failing:\n%s\nwant the lexical hits, saying why with the URL redacted", out)
		}
		out, _, code := runClean(t, append([]string{"doctor"}, dd...)...)
		if code != 0 || !strings.Contains(out, "neo4j: DOWN") || !strings.Contains(out, "qdrant: DOWN") {
			t.Errorf("doctor (exit %d):\n%s\nwant neo4j and qdrant down", code, out)
		}
	})

	t.Run("postgres unreachable", func(t *testing.T) {
		for _, dsn := range []struct{ name, dsn string }{
			{"url", "postgres://bob:" + canary + "@127.0.0.1:1/brain?password=" + canary + "&connect_timeout=3"},
			{"keyword", "host=127.0.0.1 port=1 user=bob password=" + canary + " dbname=brain connect_timeout=3"},
			{"keyword quoted", "host=127.0.0.1 port=1 password='" + canary + " x' dbname=brain connect_timeout=3"},
			{"malformed url", "postgres://bob:" + canary + "@127.0.0.1:port/brain"},
			{"malformed keyword", "host=127.0.0.1 password=" + canary + " port=x"},
		} {
			t.Run(dsn.name, func(t *testing.T) {
				dd := []string{"--postgres", dsn.dsn, "--data-dir", t.TempDir()}
				for _, args := range commands(vault, t.TempDir()) {
					_, _, code := runClean(t, append(append(args, dd...), "--json")...)
					if code == 0 {
						t.Errorf("%v: exit 0 with PostgreSQL unreachable", args)
					}
				}
				t.Setenv("SECONDBRAIN_POSTGRES_DSN", dsn.dsn)
				_, stderr, code := runClean(t, "note", "list", "--data-dir", t.TempDir())
				if code == 0 || !strings.Contains(stderr, "PostgreSQL") {
					t.Errorf("note list with SECONDBRAIN_POSTGRES_DSN: exit %d, stderr %q; want a PostgreSQL error", code, stderr)
				}
			})
		}
	})
}

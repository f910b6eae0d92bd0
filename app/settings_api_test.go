package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/pgserver/pgtest"
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
	if err != nil || !st.Postgres.OK || st.Neo4j.Configured || st.Qdrant.Configured || st.Embeddings.Model == "" {
		t.Fatalf("Status = %+v, %v; want postgres ok, neo4j and qdrant not configured, the embedding model named", st, err)
	}
}

func TestSettingsAPIEmbedder(t *testing.T) {
	a, _ := startApp(t)
	sa := &SettingsAPI{app: a, path: filepath.Join(t.TempDir(), "config.json")}
	if got, err := sa.Get(); err != nil || got.EmbedAPI != "builtin" || got.EmbedKeySet {
		t.Fatalf("Get = %+v, %v; want the built-in embedder, no key", got, err)
	}

	// An OpenAI-compatible endpoint that wants a key and answers 3 dimensions.
	const key = "sk-very-secret"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+key {
			http.Error(w, `{"error":"bad key `+r.Header.Get("Authorization")+`"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[{"index":0,"embedding":[0.1,0.2,0.3]}]}`))
	}))
	defer srv.Close()

	tests := []struct {
		name, api, url, model, key string
		dim                        int
		ok                         bool
		wantDim                    int
	}{
		{"built-in", "builtin", "", "", "", 0, true, 0},
		{"endpoint with its key", "openai", srv.URL, "text-embed", key, 3, true, 3},
		{"wrong key", "openai", srv.URL, "text-embed", "sk-wrong", 3, false, 0},
		{"wrong dimension", "openai", srv.URL, "text-embed", key, 768, false, 0},
		{"nothing listening", "ollama", "http://127.0.0.1:1", "nomic-embed-text", "", 768, false, 0},
		{"no model", "ollama", "http://127.0.0.1:1", "", "", 768, false, 0},
		{"unknown api", "cohere", "http://x", "m", "", 8, false, 0},
		{"onnx without its model files", "onnx", "", "", "", 0, false, 0},
		{"onnx model it does not know", "onnx", "", "multilingual-e5-large", "", 0, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sa.TestEmbedder(tc.api, tc.url, tc.model, tc.key, tc.dim)
			if err != nil {
				t.Fatalf("TestEmbedder = %v; want a result, not an error", err)
			}
			if res.OK != tc.ok || res.Message == "" || (tc.wantDim > 0 && res.Dim != tc.wantDim) || (tc.ok && res.Dim == 0) {
				t.Errorf("TestEmbedder = %+v; want ok %v, dim %d and a message", res, tc.ok, tc.wantDim)
			}
			if tc.key != "" && strings.Contains(res.Message, tc.key) {
				t.Errorf("TestEmbedder message %q shows the key", res.Message)
			}
		})
	}

	// Save keeps the key write-only and refuses a broken embedder.
	if err := sa.Save(Settings{EmbedAPI: "openai", EmbedURL: srv.URL, EmbedModel: "text-embed", EmbedDim: 3, EmbedAPIKey: key}); err != nil {
		t.Fatal(err)
	}
	if err := sa.Save(Settings{EmbedAPI: "openai", EmbedURL: srv.URL, EmbedModel: "text-embed-2", EmbedDim: 3}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(sa.path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Embedder config.Embedder }
	if err := json.Unmarshal(b, &file); err != nil || file.Embedder != (config.Embedder{API: "openai", URL: srv.URL, Model: "text-embed-2", Dim: 3, APIKey: key}) {
		t.Fatalf("config file = %s (%v); want the new model and the kept key", b, err)
	}
	for name, s := range map[string]Settings{
		"unknown api": {EmbedAPI: "cohere", EmbedURL: srv.URL, EmbedModel: "m"},
		"no url":      {EmbedAPI: "ollama", EmbedModel: "m"},
		"not http":    {EmbedAPI: "ollama", EmbedURL: "ftp://x", EmbedModel: "m"},
	} {
		if err := sa.Save(s); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("Save(%s) = %v; want invalid", name, err)
		}
	}
	if err := sa.Save(Settings{EmbedAPI: "onnx"}); err != nil {
		t.Fatalf("Save(onnx) = %v", err)
	}
	// Which onnx model comes from the form (Settings' model list); the
	// model's folder stays as the file sets it.
	c, err := config.Load(sa.path)
	if err != nil {
		t.Fatal(err)
	}
	c.Embedder.ModelDir = "/opt/models"
	if err := config.Save(sa.path, c); err != nil {
		t.Fatal(err)
	}
	for _, model := range []string{"multilingual-e5-small", "bge-small-en-v1.5", ""} {
		if err := sa.Save(Settings{EmbedAPI: "onnx", EmbedModel: model}); err != nil {
			t.Fatalf("Save(onnx %q) = %v", model, err)
		}
		if c, err := config.Load(sa.path); err != nil || c.Embedder.Model != model || c.Embedder.ModelDir != "/opt/models" {
			t.Errorf("onnx model after Save = %q in %q, %v; want %q in /opt/models", c.Embedder.Model, c.Embedder.ModelDir, err, model)
		}
	}
	if err := sa.Save(Settings{EmbedAPI: "onnx", EmbedModel: "text-embed-2"}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("Save(onnx, a model it does not know) = %v; want invalid", err)
	}
	if err := sa.Save(Settings{EmbedAPI: "builtin"}); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(sa.path)
	file.Embedder = config.Embedder{}
	if err := json.Unmarshal(b, &file); err != nil || file.Embedder != (config.Embedder{ModelDir: "/opt/models"}) || strings.Contains(string(b), key) {
		t.Errorf("config file after choosing the built-in model = %s (%v); want no endpoint and no key, the onnx folder kept", b, err)
	}

	// The indexer can be paused and resumed, and Status says so.
	sys := &SystemAPI{app: a}
	if st, err := sys.SetIndexingPaused(true); err != nil || !st.Paused {
		t.Fatalf("SetIndexingPaused(true) = %+v, %v; want paused", st, err)
	}
	if st, err := sa.Status(); err != nil || !st.Indexer.Paused {
		t.Fatalf("Status().Indexer = %+v, %v; want paused", st.Indexer, err)
	}
	if st, err := sys.SetIndexingPaused(false); err != nil || st.Paused {
		t.Fatalf("SetIndexingPaused(false) = %+v, %v; want not paused", st, err)
	}
}

func TestSettingsAPIStatusQdrant(t *testing.T) {
	srv, err := qdrantdouble.Start(qdrantdouble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PostgresDSN = pgtest.NewDatabase(t)
	cfg.Qdrant.Addr = srv.Addr()
	a := New(cfg, nil, "dev")
	a.ctx, a.events = context.Background(), &recorder{}
	a.open(context.Background())
	t.Cleanup(func() { a.shutdown(context.Background()) })

	st, err := (&SettingsAPI{app: a}).Status()
	if err != nil || !st.Qdrant.Configured || !strings.Contains(st.Qdrant.Server, "Qdrant at") {
		t.Fatalf("Status().Qdrant = %+v, %v; want the configured Qdrant projection named", st.Qdrant, err)
	}
}

// TestSettingsAPISecretsInAddresses checks that Get never sends a secret
// held in an address back to the UI, that saving the redacted settings
// untouched keeps the saved secrets, and that "test connection" on a
// redacted address uses the saved one.
func TestSettingsAPISecretsInAddresses(t *testing.T) {
	const canary = "CANARY-5e1b"
	var gotAuth, gotKey string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotKey = r.Header.Get("Authorization"), r.URL.Query().Get("api-key")
		_, _ = w.Write([]byte(`{"embeddings":[[0.1,0.2,0.3]]}`))
	}))
	defer srv.Close()
	embedURL := strings.Replace(srv.URL, "http://", "http://user:"+canary+"@", 1) + "/?api-key=" + canary
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PostgresDSN = "postgres://bob:" + canary + "@127.0.0.1:1/brain"
	cfg.Neo4j = config.Neo4j{URI: "neo4j://neo4j:" + canary + "@127.0.0.1:1", User: "neo4j", Password: canary}
	cfg.Qdrant = config.Qdrant{Addr: "http://127.0.0.1:1?api_key=" + canary, APIKey: canary}
	cfg.Embedder = config.Embedder{API: "ollama", URL: embedURL, Model: "m", Dim: 3, APIKey: canary}
	path := filepath.Join(t.TempDir(), "config.json")
	if err := config.Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	a := New(cfg, nil, "dev")
	a.ctx = context.Background()
	sa := &SettingsAPI{app: a, path: path}

	got, err := sa.Get()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), canary) {
		t.Fatalf("Get sends a secret to the UI: %s", b)
	}
	if !got.PostgresDSNSet || !got.Neo4jPassSet || !got.QdrantKeySet || !got.EmbedKeySet || !strings.Contains(got.EmbedURL, "user:***@") {
		t.Errorf("Get = %+v; want every secret marked set and the URL redacted", got)
	}

	// Test connection on the redacted URL reaches the endpoint with the saved secrets.
	res, err := sa.TestEmbedder(got.EmbedAPI, got.EmbedURL, got.EmbedModel, "", got.EmbedDim)
	if err != nil || !res.OK || gotAuth != "Bearer "+canary || gotKey != canary {
		t.Fatalf("TestEmbedder(redacted URL) = %+v, %v; endpoint saw Authorization %q, api-key %q; want ok with the saved secrets", res, err, gotAuth, gotKey)
	}

	// Saving the settings as Get gave them changes nothing.
	if err := sa.Save(got); err != nil {
		t.Fatal(err)
	}
	saved, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if saved.PostgresDSN != cfg.PostgresDSN || saved.Neo4j != cfg.Neo4j || saved.Qdrant != cfg.Qdrant || saved.Embedder != cfg.Embedder {
		t.Fatalf("after saving untouched settings the file holds %+v; want %+v", saved, cfg)
	}
	// Another model on the same endpoint keeps the endpoint's secrets.
	got.EmbedModel = "m2"
	if err := sa.Save(got); err != nil {
		t.Fatal(err)
	}
	if saved, _ = config.Load(path); saved.Embedder.URL != embedURL || saved.Embedder.APIKey != canary || saved.Embedder.Model != "m2" {
		t.Errorf("after a new model the embedder is %+v; want the URL and key kept", saved.Embedder)
	}
	// *** cannot stand for a secret of another host.
	got.EmbedURL = "http://user:***@elsewhere:11434/?api-key=***"
	if err := sa.Save(got); backend.ErrorCode(err) != backend.EINVALID || strings.Contains(err.Error(), canary) {
		t.Errorf("Save(*** for another host) = %v; want invalid", err)
	}
}

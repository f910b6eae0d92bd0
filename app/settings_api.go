package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	neturl "net/url"
	"os"
	"strings"
	"time"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/embedder/onnx"
)

// testTimeout bounds a settings "test connection".
const testTimeout = 15 * time.Second

// SettingsAPI is bound to the frontend: the servers the app uses, a "test
// connection" for each, and their live status. Secrets are written to the
// config file (0600) and never sent back to the frontend.
type SettingsAPI struct {
	app *App
	// path is the config file; "" means config.FilePath().
	path string
}

// Settings is what the settings dialog shows and edits. Secret fields are
// write-only: Get leaves them empty and says whether one is set. Addresses
// come redacted (backend.Redact: a password in a URL or a key in its query
// shows as ***); sent back with *** in place, the saved secret is kept.
type Settings struct {
	ConfigPath string `json:"config_path"`
	DataDir    string `json:"data_dir"`
	// PostgresDSN is the external PostgreSQL; "" runs the embedded cluster.
	PostgresDSN    string `json:"postgres_dsn"`
	PostgresDSNSet bool   `json:"postgres_dsn_set"`
	Neo4jURI       string `json:"neo4j_uri"`
	Neo4jUser      string `json:"neo4j_user"`
	Neo4jPassword  string `json:"neo4j_password"`
	Neo4jPassSet   bool   `json:"neo4j_password_set"`
	Neo4jDatabase  string `json:"neo4j_database"`
	QdrantAddr     string `json:"qdrant_addr"`
	QdrantAPIKey   string `json:"qdrant_api_key"`
	QdrantKeySet   bool   `json:"qdrant_api_key_set"`
	// EmbedAPI is the embedder: "builtin" (or ""), "onnx", "ollama" or
	// "openai". The onnx model's folder stays in the config file.
	EmbedAPI   string `json:"embed_api"`
	EmbedURL   string `json:"embed_url"`
	EmbedModel string `json:"embed_model"`
	// EmbedDim is the model's vector length (0: the endpoint's first answer tells).
	EmbedDim    int    `json:"embed_dim"`
	EmbedAPIKey string `json:"embed_api_key"`
	EmbedKeySet bool   `json:"embed_api_key_set"`
	// FromEnv lists settings the environment overrides (they win over the file).
	FromEnv []string `json:"from_env"`
}

// ConnectionTest is the result of a "test connection".
type ConnectionTest struct {
	OK      bool   `json:"ok"`
	Version string `json:"version"`
	Message string `json:"message"`
}

// EmbedderTest is the result of an embedder's "test connection": the model
// id and the dimension of the vector it returned for a short text.
type EmbedderTest struct {
	OK      bool   `json:"ok"`
	Model   string `json:"model"`
	Dim     int    `json:"dim"`
	Message string `json:"message"`
}

// IndexerState is what the background indexer is doing.
type IndexerState struct {
	// Running is true while a pass embeds notes; Paused while paused.
	Running bool `json:"running"`
	Paused  bool `json:"paused"`
	// Embedded counts the chunks embedded since the app started.
	Embedded int `json:"embedded"`
	// LastError is why the last pass stopped, "" after a success.
	LastError string `json:"last_error"`
}

// ServerStatus is the live status of every store and projection.
type ServerStatus struct {
	Postgres   stack.PostgresStatus   `json:"postgres"`
	Neo4j      stack.ProjectionStatus `json:"neo4j"`
	Qdrant     stack.ProjectionStatus `json:"qdrant"`
	Embeddings stack.EmbeddingsStatus `json:"embeddings"`
	Indexer    IndexerState           `json:"indexer"`
}

func (sa *SettingsAPI) file() string {
	if sa.path != "" {
		return sa.path
	}
	return config.FilePath()
}

// loadFile reads the config file alone, without the environment.
func (sa *SettingsAPI) loadFile() (config.Config, error) {
	c := config.Default()
	b, err := os.ReadFile(sa.file())
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, backend.Errorf(backend.EUNAVAILABLE, "cannot read the config file %s: %v", sa.file(), err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, backend.Errorf(backend.EINVALID, "the config file %s is not valid JSON: %v", sa.file(), err)
	}
	return c, nil
}

// Get returns the settings in force: the running app's, secrets left out.
func (sa *SettingsAPI) Get() (Settings, error) {
	c := sa.app.cfg
	out := Settings{
		ConfigPath: sa.file(), DataDir: c.DataDir, PostgresDSNSet: c.PostgresDSN != "",
		Neo4jURI: backend.Redact(c.Neo4j.URI), Neo4jUser: c.Neo4j.User, Neo4jPassSet: c.Neo4j.Password != "", Neo4jDatabase: c.Neo4j.Database,
		QdrantAddr: backend.Redact(c.Qdrant.Addr), QdrantKeySet: c.Qdrant.APIKey != "",
		EmbedAPI: c.Embedder.API, EmbedURL: backend.Redact(c.Embedder.URL), EmbedModel: c.Embedder.Model, EmbedDim: c.Embedder.Dim,
		EmbedKeySet: c.Embedder.APIKey != "", FromEnv: []string{},
	}
	if out.EmbedAPI == "" {
		out.EmbedAPI = "builtin"
	}
	for _, name := range []string{"SECONDBRAIN_DATA_DIR", "SECONDBRAIN_POSTGRES_DSN", "SECONDBRAIN_NEO4J_URI", "SECONDBRAIN_QDRANT_ADDR",
		"SECONDBRAIN_EMBED_API", "SECONDBRAIN_EMBED_URL", "SECONDBRAIN_EMBED_MODEL", "SECONDBRAIN_EMBED_DIM"} {
		if os.Getenv(name) != "" {
			out.FromEnv = append(out.FromEnv, name)
		}
	}
	return out, nil
}

// Save writes the servers and the embedder to the config file; they apply
// at the next start (a new embedding model re-embeds every note in the
// background then). Empty secret fields keep the saved secret unless the
// matching address is cleared too; an address sent back as Get redacted it
// keeps its secrets. Errors: invalid for a malformed address or embedder,
// or one that still holds *** for a secret it cannot restore (another
// host); unavailable when the file cannot be written.
func (sa *SettingsAPI) Save(s Settings) error {
	c, err := sa.loadFile()
	if err != nil {
		return err
	}
	run := sa.app.cfg
	s.Neo4jURI = restoreSecrets(s.Neo4jURI, c.Neo4j.URI, run.Neo4j.URI)
	s.QdrantAddr = restoreSecrets(s.QdrantAddr, c.Qdrant.Addr, run.Qdrant.Addr)
	s.EmbedURL = restoreSecrets(s.EmbedURL, c.Embedder.URL, run.Embedder.URL)
	for _, a := range []string{s.Neo4jURI, s.QdrantAddr, s.EmbedURL} {
		if holdsPlaceholder(a) {
			return backend.Errorf(backend.EINVALID, "the address %s hides a password or key as ***: type it again", a)
		}
	}
	if s.PostgresDSN != "" || !s.PostgresDSNSet {
		c.PostgresDSN = s.PostgresDSN
	}
	c.Neo4j.URI, c.Neo4j.User, c.Neo4j.Database = s.Neo4jURI, s.Neo4jUser, s.Neo4jDatabase
	if s.Neo4jPassword != "" || s.Neo4jURI == "" {
		c.Neo4j.Password = s.Neo4jPassword
	}
	c.Qdrant.Addr = s.QdrantAddr
	if s.QdrantAPIKey != "" || s.QdrantAddr == "" {
		c.Qdrant.APIKey = s.QdrantAPIKey
	}
	emb, err := embedderOf(s.EmbedAPI, s.EmbedURL, s.EmbedModel, s.EmbedDim)
	if err != nil {
		return err
	}
	if s.EmbedAPIKey != "" || emb.API == "" || emb.URL != c.Embedder.URL {
		emb.APIKey = s.EmbedAPIKey
	} else {
		emb.APIKey = c.Embedder.APIKey
	}
	// The onnx model's files are set in the file only; keep them.
	emb.ModelDir, emb.ONNXRuntimeLib = c.Embedder.ModelDir, c.Embedder.ONNXRuntimeLib
	c.Embedder = emb
	if c.Qdrant.Addr != "" {
		if err := stack.CheckQdrantAddr(c.Qdrant.Addr); err != nil {
			return err
		}
	}
	if err := config.Save(sa.file(), c); err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "cannot write the config file %s: %v", sa.file(), errors.Unwrap(err))
	}
	return nil
}

// TestPostgres connects to dsn (the saved one when "") and reports its version.
func (sa *SettingsAPI) TestPostgres(dsn string) (ConnectionTest, error) {
	if dsn == "" {
		dsn = sa.app.cfg.PostgresDSN
	}
	if dsn == "" {
		return ConnectionTest{}, backend.Errorf(backend.EINVALID, "enter a PostgreSQL connection string, or leave it empty to use the embedded cluster")
	}
	ctx, cancel := context.WithTimeout(sa.app.ctx, testTimeout)
	defer cancel()
	return result(stack.CheckPostgres(ctx, dsn))
}

// TestNeo4j connects to a Neo4j (the saved password when password is "").
func (sa *SettingsAPI) TestNeo4j(uri, user, password, database string) (ConnectionTest, error) {
	uri = restoreSecrets(uri, sa.app.cfg.Neo4j.URI)
	if password == "" && uri == sa.app.cfg.Neo4j.URI {
		password = sa.app.cfg.Neo4j.Password
	}
	if uri == "" {
		return ConnectionTest{}, backend.Errorf(backend.EINVALID, "enter a Neo4j URI such as bolt://localhost:7687")
	}
	ctx, cancel := context.WithTimeout(sa.app.ctx, testTimeout)
	defer cancel()
	return result("", stack.CheckNeo4j(ctx, uri, user, password, database))
}

// TestQdrant connects to a Qdrant (the saved key when apiKey is "").
func (sa *SettingsAPI) TestQdrant(addr, apiKey string) (ConnectionTest, error) {
	addr = restoreSecrets(addr, sa.app.cfg.Qdrant.Addr)
	if apiKey == "" && addr == sa.app.cfg.Qdrant.Addr {
		apiKey = sa.app.cfg.Qdrant.APIKey
	}
	if addr == "" {
		return ConnectionTest{}, backend.Errorf(backend.EINVALID, "enter a Qdrant gRPC address such as localhost:6334")
	}
	ctx, cancel := context.WithTimeout(sa.app.ctx, testTimeout)
	defer cancel()
	return result(stack.CheckQdrant(ctx, addr, apiKey))
}

// TestEmbedder builds the embedder api names (the saved key when apiKey is
// "" and url is the saved one) and embeds one short text, reporting the
// model id and the vector's dimension. A dim of 0 takes the saved one for
// the same model. The key never appears in the result.
func (sa *SettingsAPI) TestEmbedder(api, url, model, apiKey string, dim int) (EmbedderTest, error) {
	saved := sa.app.cfg.Embedder
	url = restoreSecrets(url, saved.URL)
	if apiKey == "" && url == saved.URL {
		apiKey = saved.APIKey
	}
	if dim == 0 && api == saved.API && url == saved.URL && model == saved.Model {
		dim = saved.Dim
	}
	c, err := embedderOf(api, url, model, dim)
	if err != nil {
		return EmbedderTest{Message: backend.ErrorMessage(err)}, nil
	}
	c.APIKey = apiKey
	c.ModelDir, c.ONNXRuntimeLib = saved.ModelDir, saved.ONNXRuntimeLib
	hide := func(msg string) string {
		if apiKey != "" {
			msg = strings.ReplaceAll(msg, apiKey, "…")
		}
		return backend.Redact(msg)
	}
	emb, err := stack.NewEmbedder(c)
	if err != nil {
		return EmbedderTest{Message: hide(backend.ErrorMessage(err))}, nil
	}
	ctx, cancel := context.WithTimeout(sa.app.ctx, testTimeout)
	defer cancel()
	vecs, err := emb.Embed(ctx, []string{"Second Brain checks that it can embed this sentence."})
	if err != nil {
		switch backend.ErrorCode(err) {
		case backend.EUNAVAILABLE, backend.EINVALID, backend.ENOTFOUND:
			return EmbedderTest{Model: emb.Model(), Message: hide(backend.ErrorMessage(err))}, nil
		}
		return EmbedderTest{}, err
	}
	if len(vecs) != 1 || len(vecs[0]) == 0 {
		return EmbedderTest{Model: emb.Model(), Message: "the embedder answered without a vector"}, nil
	}
	d := len(vecs[0])
	return EmbedderTest{OK: true, Model: emb.Model(), Dim: d,
		Message: fmt.Sprintf("embedded a test sentence with %s: %d dimensions", emb.Model(), d)}, nil
}

// embedderOf checks an embedder's settings and returns them as the config
// file keeps them: the built-in model has no URL, model or key; the onnx
// transformer only its model ("" for all-MiniLM-L6-v2).
func embedderOf(api, url, model string, dim int) (config.Embedder, error) {
	url, model = strings.TrimSpace(url), strings.TrimSpace(model)
	switch api {
	case "", "builtin":
		return config.Embedder{}, nil
	case "onnx":
		if err := onnx.CheckModel(model); err != nil {
			return config.Embedder{}, err
		}
		return config.Embedder{API: api, Model: model}, nil
	case "ollama", "openai":
	default:
		return config.Embedder{}, backend.Errorf(backend.EINVALID, "unknown embedder %q: use builtin, onnx, ollama or openai", api)
	}
	if url == "" || model == "" {
		return config.Embedder{}, backend.Errorf(backend.EINVALID, "an %s embedder needs a URL and a model name", api)
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return config.Embedder{}, backend.Errorf(backend.EINVALID, "the embedder URL must start with http:// or https://")
	}
	if dim < 0 {
		return config.Embedder{}, backend.Errorf(backend.EINVALID, "the dimension cannot be negative")
	}
	return config.Embedder{API: api, URL: url, Model: model, Dim: dim}, nil
}

// Status reports every store and projection now, and what the indexer does.
func (sa *SettingsAPI) Status() (ServerStatus, error) {
	return callFor(sa.app, func(ctx context.Context, s *stack.Stack) (ServerStatus, error) {
		return ServerStatus{Postgres: s.PostgresStatus(ctx), Neo4j: s.Neo4jStatus(ctx), Qdrant: s.QdrantStatus(ctx),
			Embeddings: s.EmbeddingsStatus(ctx), Indexer: indexerState(s.IndexerState(ctx))}, nil
	})
}

// indexerState converts the background indexer's state.
func indexerState(p stack.IndexerState) IndexerState {
	return IndexerState{Running: p.Running, Paused: p.Paused, Embedded: p.Embedded, LastError: p.LastError}
}

// result turns a connection attempt into a ConnectionTest: a failure to
// connect is a result to show, not an error of the call.
func result(version string, err error) (ConnectionTest, error) {
	if err != nil {
		switch backend.ErrorCode(err) {
		case backend.EUNAVAILABLE, backend.EINVALID, backend.ENOTFOUND:
			return ConnectionTest{OK: false, Message: backend.Redact(backend.ErrorMessage(err))}, nil
		}
		return ConnectionTest{}, err
	}
	return ConnectionTest{OK: true, Version: version, Message: "connected"}, nil
}

// restoreSecrets returns sent, an address the settings dialog sends back,
// with the secrets Get redacted put back from the first of saved that has
// the same scheme, host and user: the password of its user info and the
// values of its query parameters that read ***. An address without ***, or
// one pointing elsewhere, is returned as sent.
func restoreSecrets(sent string, saved ...string) string {
	if !strings.Contains(sent, backend.Redacted) {
		return sent
	}
	for _, orig := range saved {
		if orig == "" {
			continue
		}
		if sent == backend.Redact(orig) {
			return orig
		}
		su, err1 := neturl.Parse(sent)
		ou, err2 := neturl.Parse(orig)
		if err1 != nil || err2 != nil || su.Scheme != ou.Scheme || su.Host != ou.Host || su.User.Username() != ou.User.Username() {
			continue
		}
		if p, ok := su.User.Password(); ok && p == backend.Redacted {
			su.User = ou.User
		}
		if su.RawQuery != "" {
			q, oq := su.Query(), ou.Query()
			for k, vs := range q {
				for i, v := range vs {
					if ovs := oq[k]; v == backend.Redacted && i < len(ovs) {
						vs[i] = ovs[i]
					}
				}
			}
			su.RawQuery = q.Encode()
		}
		return su.String()
	}
	return sent
}

// holdsPlaceholder reports whether an address still holds *** where a
// password or key goes.
func holdsPlaceholder(addr string) bool {
	return strings.Contains(addr, ":"+backend.Redacted+"@") || strings.Contains(addr, "="+backend.Redacted)
}

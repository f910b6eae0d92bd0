// Package config loads Second Brain's settings: defaults, then the config
// file in the user config folder, then environment variables, then flags.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"secondbrain/backend"
)

// Config is every setting of the app. Secrets (passwords, API keys, DSNs)
// must never be logged or put in error text: an address shown anywhere
// goes through backend.Redact.
type Config struct {
	// DataDir holds the embedded PostgreSQL cluster, attachments and logs.
	DataDir string `json:"data_dir,omitempty"`
	// PostgresDSN points at an external PostgreSQL; empty runs the embedded cluster.
	PostgresDSN string `json:"postgres_dsn,omitempty"`
	// PGBin is the folder of the PostgreSQL binaries for the embedded cluster; empty searches.
	PGBin string `json:"pg_bin,omitempty"`
	// PGIdle is how long the embedded cluster keeps running after the last
	// command that used it, a Go duration such as "60s" or "0" (stop at
	// once); empty means DefaultPGIdle. The desktop app stops it when it
	// quits unless other processes still use it.
	PGIdle string `json:"pg_idle,omitempty"`
	// Neo4j is the optional knowledge-graph server.
	Neo4j Neo4j `json:"neo4j"`
	// Qdrant is the optional vector-search server.
	Qdrant Qdrant `json:"qdrant"`
	// Embedder is the embedding model; empty API means the built-in model.
	Embedder Embedder `json:"embedder"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `json:"log_level,omitempty"`
	// Agents says what AI agents reach through the MCP server.
	Agents Agents `json:"agents"`
	// Sync is device sync through a hub (backend/devicesync).
	Sync Sync `json:"sync"`
}

// Sync configures device sync. The vault key is not here: it is in a
// 0600 file of the data dir, written by `secondbrain sync setup`.
type Sync struct {
	// Hub is the hub's PostgreSQL DSN, password included (this file is
	// 0600); empty before setup. Never logged.
	Hub string `json:"hub,omitempty"`
}

// Agents configures the MCP server (`secondbrain mcp`): what agents may
// never see and whether they may write.
type Agents struct {
	// PrivateFolders are hidden from agents with their subfolders: their
	// notes never appear in any tool result, search, graph or count.
	PrivateFolders []string `json:"private_folders,omitempty"`
	// PrivateTags hide every note carrying one of them (or a nested tag
	// under one) the same way.
	PrivateTags []string `json:"private_tags,omitempty"`
	// AllowWrites lets agents create and change notes; off by default
	// (read-only).
	AllowWrites bool `json:"allow_writes,omitempty"`
	// HTTPToken is the bearer token `secondbrain mcp --http` requires,
	// generated on first use; a secret, never logged.
	HTTPToken string `json:"http_token,omitempty"`
}

// Neo4j configures the graph server; an empty URI means graph queries run in PostgreSQL.
type Neo4j struct {
	URI      string `json:"uri,omitempty"`
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
	Database string `json:"database,omitempty"`
}

// Qdrant configures the vector server; an empty address means the in-process index.
type Qdrant struct {
	Addr   string `json:"addr,omitempty"`
	APIKey string `json:"api_key,omitempty"`
}

// Embedder configures the embedding model: the built-in one, the optional
// transformer run by ONNX Runtime, or an Ollama or OpenAI-compatible endpoint.
type Embedder struct {
	// API is "builtin" (or empty), "onnx", "ollama" or "openai".
	API string `json:"api,omitempty"`
	// URL is the endpoint without the path, e.g. http://127.0.0.1:11434.
	URL string `json:"url,omitempty"`
	// Model is the endpoint's model name, e.g. nomic-embed-text; for onnx,
	// "bge-small-en-v1.5", "multilingual-e5-small" or empty for all-MiniLM-L6-v2.
	Model string `json:"model,omitempty"`
	// Dim is the vector length of an HTTP model (required for ollama and openai; Settings' test tells it).
	Dim int `json:"dim,omitempty"`
	// APIKey is sent as a bearer token; never logged.
	APIKey string `json:"api_key,omitempty"`
	// ModelDir holds the onnx model (model.onnx, tokenizer.json); empty
	// means the "onnx" folder next to the executable.
	ModelDir string `json:"model_dir,omitempty"`
	// ONNXRuntimeLib is the path of the ONNX Runtime library for the onnx
	// model; empty looks in ModelDir, then next to the executable.
	ONNXRuntimeLib string `json:"onnxruntime_lib,omitempty"`
}

// DefaultPGIdle is how long the embedded cluster outlives the last command
// that used it, so that a script calling the CLI in a loop starts it once.
const DefaultPGIdle = 60 * time.Second

// PGIdleStop returns PGIdle as a duration: DefaultPGIdle when empty, an
// EINVALID error when it is not a duration of zero or more.
func (c Config) PGIdleStop() (time.Duration, error) {
	if c.PGIdle == "" {
		return DefaultPGIdle, nil
	}
	d, err := time.ParseDuration(c.PGIdle)
	if c.PGIdle == "0" {
		d, err = 0, nil
	}
	if err != nil || d < 0 {
		return 0, backend.Errorf(backend.EINVALID, "pg_idle (SECONDBRAIN_PG_IDLE) is %q; want a duration such as 60s, or 0", c.PGIdle)
	}
	return d, nil
}

// Default returns the settings used when nothing is configured.
func Default() Config {
	return Config{DataDir: DefaultDataDir(), LogLevel: "info"}
}

// DefaultDataDir returns the OS's user data folder for the app:
// $XDG_DATA_HOME/secondbrain (~/.local/share/secondbrain) on Linux,
// ~/Library/Application Support/SecondBrain on macOS and
// %LOCALAPPDATA%\SecondBrain on Windows.
func DefaultDataDir() string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "SecondBrain")
		}
		return filepath.Join(home, "AppData", "Local", "SecondBrain")
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "SecondBrain")
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "secondbrain")
		}
		return filepath.Join(home, ".local", "share", "secondbrain")
	}
}

// FilePath returns where the config file lives: config.json in the user
// config folder (~/.config/secondbrain on Linux), or SECONDBRAIN_CONFIG.
func FilePath() string {
	if p := os.Getenv("SECONDBRAIN_CONFIG"); p != "" {
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "secondbrain", "config.json")
}

// Load returns the defaults overlaid with the file at path (a missing file
// is fine) and then with the environment. Returns EINVALID for a file that
// is not valid JSON.
func Load(path string) (Config, error) {
	c := Default()
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return c, backend.Errorf(backend.EINVALID, "cannot read the config file %s: %v", path, err)
	default:
		if err := json.Unmarshal(b, &c); err != nil {
			return c, backend.Errorf(backend.EINVALID, "the config file %s is not valid JSON: %v", path, err)
		}
	}
	c.ApplyEnv(os.Getenv)
	return c, nil
}

// ApplyEnv overrides settings with the SECONDBRAIN_* environment variables that are set.
func (c *Config) ApplyEnv(getenv func(string) string) {
	set := func(dst *string, name string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	set(&c.DataDir, "SECONDBRAIN_DATA_DIR")
	set(&c.PostgresDSN, "SECONDBRAIN_POSTGRES_DSN")
	set(&c.PGBin, "SECONDBRAIN_PG_BIN")
	set(&c.PGIdle, "SECONDBRAIN_PG_IDLE")
	set(&c.Neo4j.URI, "SECONDBRAIN_NEO4J_URI")
	set(&c.Neo4j.User, "SECONDBRAIN_NEO4J_USER")
	set(&c.Neo4j.Password, "SECONDBRAIN_NEO4J_PASSWORD")
	set(&c.Neo4j.Database, "SECONDBRAIN_NEO4J_DATABASE")
	set(&c.Qdrant.Addr, "SECONDBRAIN_QDRANT_ADDR")
	set(&c.Qdrant.APIKey, "SECONDBRAIN_QDRANT_API_KEY")
	set(&c.Embedder.API, "SECONDBRAIN_EMBED_API")
	set(&c.Embedder.URL, "SECONDBRAIN_EMBED_URL")
	set(&c.Embedder.Model, "SECONDBRAIN_EMBED_MODEL")
	set(&c.Embedder.APIKey, "SECONDBRAIN_EMBED_API_KEY")
	set(&c.Embedder.ModelDir, "SECONDBRAIN_EMBED_MODEL_DIR")
	set(&c.Embedder.ONNXRuntimeLib, "SECONDBRAIN_ONNXRUNTIME_LIB")
	if v := getenv("SECONDBRAIN_EMBED_DIM"); v != "" {
		if d, err := strconv.Atoi(v); err == nil && d >= 0 {
			c.Embedder.Dim = d
		}
	}
	set(&c.LogLevel, "SECONDBRAIN_LOG_LEVEL")
	set(&c.Sync.Hub, "SECONDBRAIN_SYNC_HUB")
}

// Update changes the config file at path with fn: the file's own values
// only, without defaults or the environment's overrides, so neither is
// ever written to the file.
func Update(path string, fn func(*Config)) error {
	var c Config
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return backend.Errorf(backend.EINVALID, "cannot read the config file %s: %v", path, err)
	default:
		if err := json.Unmarshal(b, &c); err != nil {
			return backend.Errorf(backend.EINVALID, "the config file %s is not valid JSON: %v", path, err)
		}
	}
	fn(&c)
	return Save(path, c)
}

// Save writes c to path with mode 0600, creating the folder (0700).
func Save(path string, c Config) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return os.Rename(tmp, path)
}

package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"secondbrain/backend"
)

func TestLoadFileThenEnvironment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	c := Default()
	c.Qdrant.Addr = "file:6334"
	c.Embedder = Embedder{API: "ollama", URL: "http://127.0.0.1:11434", Model: "nomic-embed-text", Dim: 768, APIKey: "k1"}
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config file mode: %v, %v; want 0600", fi.Mode(), err)
	}
	t.Setenv("SECONDBRAIN_QDRANT_ADDR", "env:6334")
	t.Setenv("SECONDBRAIN_EMBED_MODEL", "mxbai-embed-large")
	t.Setenv("SECONDBRAIN_EMBED_DIM", "1024")
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := Embedder{API: "ollama", URL: "http://127.0.0.1:11434", Model: "mxbai-embed-large", Dim: 1024, APIKey: "k1"}
	if got.Embedder != want || got.Qdrant.Addr != "env:6334" {
		t.Fatalf("loaded %+v / %q; want %+v / env:6334", got.Embedder, got.Qdrant.Addr, want)
	}
	t.Setenv("SECONDBRAIN_EMBED_DIM", "many")
	if got, _ := Load(path); got.Embedder.Dim != 768 {
		t.Errorf("a non-numeric SECONDBRAIN_EMBED_DIM changed the dimension to %d", got.Embedder.Dim)
	}
}

func TestLoadMissingAndBroken(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(filepath.Join(dir, "none.json"))
	if err != nil || c.DataDir == "" || c.Embedder.API != "" {
		t.Fatalf("missing file: %+v, %v; want the defaults", c, err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("broken file: %v; want EINVALID", err)
	}
}

func TestPGIdleStop(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        time.Duration
		wantErr     bool
	}{
		{name: "unset means the default", value: "", want: DefaultPGIdle},
		{name: "zero stops at once", value: "0", want: 0},
		{name: "a duration", value: "90s", want: 90 * time.Second},
		{name: "minutes", value: "2m", want: 2 * time.Minute},
		{name: "negative", value: "-1s", wantErr: true},
		{name: "not a duration", value: "soon", wantErr: true},
		{name: "a bare number", value: "60", wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			c.ApplyEnv(func(k string) string {
				if k == "SECONDBRAIN_PG_IDLE" {
					return tc.value
				}
				return ""
			})
			got, err := c.PGIdleStop()
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Fatalf("PGIdleStop() with %q = %v, %v; want %v (error %v)", tc.value, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

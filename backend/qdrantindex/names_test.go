package qdrantindex_test

import (
	"regexp"
	"slices"
	"testing"

	"secondbrain/backend/qdrantindex"
)

func TestCollectionName(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z0-9_-]{1,255}$`)
	tests := []struct {
		vault, model, prefix string
	}{
		{"default", "potion-base-8M", "secondbrain_default_potion-base-8m_"},
		{"My Vault", "BAAI/bge-small-en-v1.5", "secondbrain_my_vault_baai_bge-small-en-v1_5_"},
		{"../../etc", "m", "secondbrain_etc_m_"},
		{"日本語", "ollama:nomic-embed-text", "secondbrain_x_ollama_nomic-embed-text_"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		got := qdrantindex.CollectionName(tt.vault, tt.model)
		if !valid.MatchString(got) || len(got) != len(tt.prefix)+8 || got[:len(tt.prefix)] != tt.prefix {
			t.Errorf("CollectionName(%q, %q) = %q; want %q followed by 8 hex digits", tt.vault, tt.model, got, tt.prefix)
		}
		if got != qdrantindex.CollectionName(tt.vault, tt.model) {
			t.Errorf("CollectionName(%q, %q) is not stable", tt.vault, tt.model)
		}
		seen[got] = true
	}
	// Pairs that sanitise alike stay apart.
	a, b := qdrantindex.CollectionName("v", "Model.A"), qdrantindex.CollectionName("v", "model_a")
	if a == b {
		t.Errorf("CollectionName of Model.A and model_a: both %q; want different names", a)
	}
	long := qdrantindex.CollectionName(string(make([]byte, 1000)), "m"+string(make([]byte, 1000)))
	if !valid.MatchString(long) {
		t.Errorf("CollectionName of long names = %q; want at most 255 safe characters", long)
	}
}

func TestParseAddr(t *testing.T) {
	tests := []struct {
		addr    string
		host    string
		port    int
		tls, ok bool
	}{
		{"localhost:6334", "localhost", 6334, false, true},
		{"qdrant.home", "qdrant.home", 6334, false, true},
		{"10.0.0.5:7000", "10.0.0.5", 7000, false, true},
		{"[::1]:6334", "::1", 6334, false, true},
		{"http://qdrant:6334", "qdrant", 6334, false, true},
		{"https://xyz.cloud.qdrant.io:6334", "xyz.cloud.qdrant.io", 6334, true, true},
		{"https://xyz.cloud.qdrant.io", "xyz.cloud.qdrant.io", 6334, true, true},
		{" localhost:6334 ", "localhost", 6334, false, true},
		{"", "", 0, false, false},
		{"localhost:0", "", 0, false, false},
		{"localhost:http", "", 0, false, false},
		{"ftp://host:1", "", 0, false, false},
		{"https://user:secret@host:1", "", 0, false, false},
	}
	for _, tt := range tests {
		host, port, tls, err := qdrantindex.ParseAddr(tt.addr)
		if (err == nil) != tt.ok || host != tt.host || port != tt.port || tls != tt.tls {
			t.Errorf("ParseAddr(%q) = %q, %d, %v, %v; want %q, %d, %v, ok %v", tt.addr, host, port, tls, err, tt.host, tt.port, tt.tls, tt.ok)
		}
		if err != nil && regexp.MustCompile("secret").MatchString(err.Error()) {
			t.Errorf("ParseAddr(%q): error %q shows the password", tt.addr, err)
		}
	}
}

func TestAncestors(t *testing.T) {
	tests := []struct {
		folder string
		want   []string
	}{
		{"", nil},
		{"/", nil},
		{"notes", []string{"notes"}},
		{"notes/sub", []string{"notes", "notes/sub"}},
		{"/a/b/c/", []string{"a", "a/b", "a/b/c"}},
	}
	for _, tt := range tests {
		if got := qdrantindex.Ancestors(tt.folder); !slices.Equal(got, tt.want) {
			t.Errorf("Ancestors(%q) = %q; want %q", tt.folder, got, tt.want)
		}
	}
}

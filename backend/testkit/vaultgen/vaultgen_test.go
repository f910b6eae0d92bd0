package vaultgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "A.md"), []byte("to [[B]] and [[Nowhere]]"), 0o644)
	os.MkdirAll(filepath.Join(src, "sub"), 0o755)
	os.WriteFile(filepath.Join(src, "sub", "B.md"), []byte("back to [[A|a]]"), 0o644)
	dst := t.TempDir()
	links, err := Generate(src, dst, Options{Notes: 5, Seed: 1, CrossLinkRate: 0})
	if err != nil {
		t.Fatal(err)
	}
	if links != 8 { // 5 notes: A, B, A r1, B r1, A r2 → 2+1+2+1+2
		t.Fatalf("links = %d; want 8", links)
	}
	b, err := os.ReadFile(filepath.Join(dst, "r1", "sub", "B r1.md"))
	if err != nil || string(b) != "back to [[A r1|a]]" {
		t.Fatalf("r1/sub/B r1.md = %q, %v; want the link to the same replica", b, err)
	}
	a2, _ := os.ReadFile(filepath.Join(dst, "r2", "A r2.md"))
	if !strings.Contains(string(a2), "[[B r2]]") || !strings.Contains(string(a2), "[[Nowhere]]") {
		t.Fatalf("r2/A r2.md = %q; want [[B r2]] and the dangling [[Nowhere]] kept", a2)
	}
	if _, err := os.Stat(filepath.Join(dst, "r2", "sub", "B r2.md")); err == nil {
		t.Fatal("wrote more notes than asked")
	}
}

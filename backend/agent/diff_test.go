package agent

import (
	"math/rand/v2"
	"strings"
	"testing"

	"secondbrain/backend"
)

func TestDiffRoundTrip(t *testing.T) {
	tests := []struct{ name, before, after string }{
		{"append", "a\nb\n", "a\nb\nc\n"},
		{"prepend", "a\nb\n", "z\na\nb\n"},
		{"replace middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nfourteen\n"},
		{"no final newline", "a\nb", "a\nc"},
		{"add final newline", "a\nb", "a\nb\n"},
		{"from empty", "", "x\ny\n"},
		{"to empty", "x\ny\n", ""},
		{"unicode", "café\n", "café au lait\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := UnifiedDiff("a", "b", tt.before, tt.after)
			got, err := ApplyPatch(tt.before, d)
			if err != nil {
				t.Fatalf("apply %q: %v", d, err)
			}
			if got != tt.after {
				t.Errorf("got %q; want %q (diff %q)", got, tt.after, d)
			}
		})
	}
}

func TestDiffRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "d\n", "\n"}
	gen := func() string {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	for i := range 500 {
		before, after := gen(), gen()
		got, err := ApplyPatch(before, UnifiedDiff("a", "b", before, after))
		if before == after {
			continue
		}
		if err != nil || got != after {
			t.Fatalf("case %d: %q → %q: got %q, %v", i, before, after, got, err)
		}
	}
}

func TestApplyPatchRefuses(t *testing.T) {
	for name, patch := range map[string]string{
		"context differs": "@@ -1,2 +1,2 @@\n-x\n+y\n z\n",
		"no hunk":         "just text\n",
		"bad line":        "@@ -1 +1 @@\n*a\n",
		"bad header":      "@@ nonsense @@\n-a\n",
	} {
		if _, err := ApplyPatch("a\nb\n", patch); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("%s: %v; want invalid", name, err)
		}
	}
	// A hunk whose line numbers are off still applies where its lines are.
	got, err := ApplyPatch("0\n1\n2\n3\n", "@@ -1,1 +1,1 @@\n-2\n+two\n")
	if err != nil || got != "0\n1\ntwo\n3\n" {
		t.Errorf("offset hunk: %q, %v", got, err)
	}
}

func TestPassage(t *testing.T) {
	body := "---\ntags: [x]\n---\n# Title\n\nFirst paragraph about tea.\n\nSecond paragraph about coffee\nand more coffee beans.\n"
	for _, tt := range []struct {
		query, snippet string
		from, to       int
	}{
		{"coffee", "", 8, 9},
		{"tea", "", 6, 6},
		{"beans coffee", "", 8, 9},
		{"nothing", "First paragraph", 6, 6},
		{"nothing", "", 4, 8},
	} {
		from, to := passage(body, tt.query, tt.snippet)
		if from != tt.from || to != tt.to {
			t.Errorf("passage(%q, %q) = %d-%d; want %d-%d", tt.query, tt.snippet, from, to, tt.from, tt.to)
		}
	}
}

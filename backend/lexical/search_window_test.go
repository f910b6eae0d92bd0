package lexical

import (
	"strings"
	"testing"
)

func TestHeadlineWindowOf(t *testing.T) {
	filler := func(n int) string { return strings.Repeat("lorem ipsum dolor ", n) }
	t.Run("short text whole", func(t *testing.T) {
		if got := headlineWindowOf("a short text", []string{"short"}, 100); got != "a short text" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("most distinct terms win", func(t *testing.T) {
		// One lone "alpha" early, then "alpha" and "beta" together far on.
		text := "alpha " + filler(100) + "alpha beta gamma " + filler(100)
		got := headlineWindowOf(text, []string{"alpha", "beta"}, 300)
		if len(got) > 300 || !strings.Contains(got, "alpha beta") {
			t.Fatalf("window %q; want the stretch holding alpha and beta, at most 300 bytes", got)
		}
		if !strings.Contains(text, got) {
			t.Fatalf("window %q is not a stretch of the text", got)
		}
	})
	t.Run("cut between words", func(t *testing.T) {
		text := filler(50) + "Naïve " + filler(50)
		got := headlineWindowOf(text, []string{"naive"}, 200)
		if !strings.Contains(got, "Naïve") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("window %q; want Naïve in it, cut at spaces", got)
		}
		for _, w := range strings.Fields(got) {
			if w != "lorem" && w != "ipsum" && w != "dolor" && w != "Naïve" {
				t.Fatalf("window %q cuts a word: %q", got, w)
			}
		}
	})
	t.Run("no word found: whole text", func(t *testing.T) {
		text := filler(50) + "see https://example.org/zzz " + filler(50)
		if got := headlineWindowOf(text, []string{"example.org/zzz"}, 200); got != text {
			t.Fatalf("got %d bytes; want the whole text (%d)", len(got), len(text))
		}
	})
	t.Run("no lexeme: the start", func(t *testing.T) {
		text := filler(50)
		if got := headlineWindowOf(text, nil, 100); !strings.HasPrefix(text, got) || len(got) > 100 || len(got) < 80 {
			t.Fatalf("got %q; want the text's start", got)
		}
	})
}

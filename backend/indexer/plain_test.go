package indexer

import (
	"strings"
	"testing"
)

func TestPlainLine(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"wikilinks", "- [[vathek]] and [[Foo Bar|the bar]]", "vathek and the bar"},
		{"heading link", "  - see [[note#Part]]", "see note"},
		{"embed", "![[cat.png]] a cat", "a cat"},
		{"markdown link", "read [the docs](https://x.org/a) now", "read the docs now"},
		{"url", "https://twitter.com/flancian/status/1 was good", "was good"},
		{"task", "- [x] **ship** it", "ship it"},
		{"numbered quote", "> 1. first `code`", "first code"},
		{"date", "2021-05-07", ""},
		{"created", "Created: 2024-01-02 10:00", ""},
		{"logseq property", "collapsed:: true", ""},
		{"block ref", "as said ((64a1b2c3-0000-4000-8000-000000000000)) here ^abc", "as said here"},
		{"words", "Plain words stay.", "Plain words stay."},
		{"date in prose", "On 2021-05-07 we met", "On 2021-05-07 we met"},
	}
	for _, c := range cases {
		if got := plainLine(c.in); got != c.want {
			t.Errorf("%s: plainLine(%q) = %q; want %q", c.name, c.in, got, c.want)
		}
	}
}

// TestSplitJournal checks that a journal of link lists is embedded as its
// words: no bracket, dash or date left.
func TestSplitJournal(t *testing.T) {
	body := "# 2021-05-07\n\n- [[vathek]]\n- [[ctzn]]\n  - [[pleco]]\n- told me about [[orbit db]]\n\n```\n- [[kept]]\n```\n"
	cs := Split("2021-05-07", body, ChunkOptions{})
	var all []string
	for _, c := range cs {
		all = append(all, c.Text)
	}
	got := strings.Join(all, "\n")
	for _, want := range []string{"vathek\nctzn\npleco\ntold me about orbit db", "- [[kept]]"} {
		if !strings.Contains(got, want) {
			t.Errorf("chunks = %q; want them to hold %q", got, want)
		}
	}
	if strings.Contains(strings.SplitN(got, "```", 2)[0], "[[") {
		t.Errorf("chunks = %q; want no link syntax outside code", got)
	}
}

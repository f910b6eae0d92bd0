package indexer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	long := strings.Repeat("word ", 600) // 3000 chars, one paragraph
	cases := []struct {
		name     string
		body     string
		o        ChunkOptions
		headings []string
		contains []string // each in some chunk
	}{
		{"empty", "", ChunkOptions{}, []string{""}, []string{"Title"}},
		{"front matter only", "---\ntags: [a]\n---\n", ChunkOptions{}, []string{""}, []string{"Title"}},
		{"headings", "intro\n\n# A\n\npara a\n\n## B\n\npara b\n\n# C\n\npara c", ChunkOptions{},
			[]string{"", "A", "A › B", "C"}, []string{"intro", "para a", "para b", "para c"}},
		{"fence kept whole", "```\n# not a heading\n\ncode\n```\n", ChunkOptions{}, []string{""}, []string{"# not a heading\n\ncode"}},
		{"long paragraph", long, ChunkOptions{MaxChars: 1000, Overlap: 100}, []string{"", "", "", ""}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Split("Title", c.body, c.o)
			var heads []string
			for i, ch := range got {
				heads = append(heads, ch.Heading)
				if ch.Ordinal != i || len(ch.Hash) != 64 || !strings.HasPrefix(ch.Text, "Title") {
					t.Errorf("chunk %d = %+v", i, ch)
				}
			}
			if strings.Join(heads, "|") != strings.Join(c.headings, "|") {
				t.Errorf("headings %q; want %q", heads, c.headings)
			}
			for _, want := range c.contains {
				found := false
				for _, ch := range got {
					found = found || strings.Contains(ch.Text, want)
				}
				if !found {
					t.Errorf("no chunk holds %q", want)
				}
			}
		})
	}
}

func TestSplitOverlapAndSize(t *testing.T) {
	var paras []string
	for i := range 40 {
		paras = append(paras, strings.Repeat(string(rune('a'+i%26)), 10)+" "+strings.Repeat("filler ", 20))
	}
	got := Split("T", strings.Join(paras, "\n\n"), ChunkOptions{MaxChars: 600, Overlap: 100})
	if len(got) < 5 {
		t.Fatalf("%d chunks; want several", len(got))
	}
	for i, c := range got {
		if len(c.Text) > 600+100+10 {
			t.Errorf("chunk %d is %d bytes", i, len(c.Text))
		}
		if i > 0 {
			prev := strings.TrimSpace(got[i-1].Text)
			tail := prev[len(prev)-40:]
			if !strings.Contains(c.Text, tail) {
				t.Errorf("chunk %d does not start with the end of chunk %d (%q)", i, i-1, tail)
			}
		}
	}
}

func TestSplitHugeUnicode(t *testing.T) {
	body := strings.Repeat("中文文本한국어النص🎉", 20000) // no spaces at all
	got := Split("T", body, ChunkOptions{})
	if len(got) < 100 {
		t.Fatalf("%d chunks", len(got))
	}
	for _, c := range got {
		if !utf8.ValidString(c.Text) {
			t.Fatalf("chunk %d is not valid UTF-8", c.Ordinal)
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("# a\n\nb\n\n```\nc\n", 100, 20)
	f.Fuzz(func(t *testing.T, body string, max, overlap int) {
		if max < 0 || max > 5000 || overlap < -1 || overlap > 5000 {
			return
		}
		for _, c := range Split("T", body, ChunkOptions{MaxChars: max, Overlap: overlap}) {
			if utf8.ValidString(body) && !utf8.ValidString(c.Text) {
				t.Fatalf("invalid UTF-8 in chunk %d", c.Ordinal)
			}
		}
	})
}

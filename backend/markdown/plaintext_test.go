package markdown

import (
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, src, body, frontMatter string
	}{
		{"wikilinks", "See [[Charles Babbage]] and [[Ada Lovelace|Ada]], [[#Notes]].", "See Charles Babbage and Ada, Notes.", ""},
		{"markdown links and images", "Read [the paper](https://x.org/p) and [notes](n.md). ![a cat](cat.png) ![[diagram.png]]", "Read the paper and notes. a cat diagram.png", ""},
		{"markup", "# Title\n\n- **bold** and _it_\n- [ ] task\n> quoted `code`\n", "Title\nbold and it\n[ ] task\nquoted code", ""},
		{"front matter", "---\ntitle: Engine\ntags: [history, machines]\nyear: 1837\n---\nBody text.", "Body text.", "tags: history, machines\ntitle: Engine\nyear: 1837"},
		{"footnotes", "Claim[^1] and aside^[an [[Ada]] note] done.\n\n[^1]: Smith 2020\n", "Claim and aside (an Ada note) done.\nSmith 2020", ""},
		{"html as written, block ids gone", "<div>x</div>\n\nText <b>bold</b> ^abc\n", "<div>x</div>\nText <b>bold</b>", ""},
		{"code block", "```go\nx := [[no]]\n```\n", "x := [[no]]", ""},
		{"tags", "about #history and #a/b", "about #history and #a/b", ""},
		{"cjk", "---\nk: v\n---\n[[知识管理]]は大切です。", "知识管理は大切です。", "k: v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, fm := PlainText([]byte(tt.src))
			if body != tt.body {
				t.Errorf("body = %q; want %q", body, tt.body)
			}
			if fm != tt.frontMatter {
				t.Errorf("frontMatter = %q; want %q", fm, tt.frontMatter)
			}
		})
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		body, fm := PlainText(src)
		if utf8.Valid(src) && (!utf8.ValidString(body) || !utf8.ValidString(fm)) {
			t.Errorf("PlainText(%q) = %q, %q: invalid UTF-8 from valid input", src, body, fm)
		}
	})
}

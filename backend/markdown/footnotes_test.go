package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseFootnotes(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  []Footnote // offsets are checked through syntax
		links []string   // targets of the links that remain
		// syntax lists src[Start:End] of each wanted footnote, in order.
		syntax []string
	}{
		{"numbered", "A claim.[^1]\n\n[^1]: Smith2020\n",
			[]Footnote{{Label: "1", Kind: FootnoteRef}, {Label: "1", Kind: FootnoteDef}}, nil,
			[]string{"[^1]", "[^1]:"}},
		{"named", "See[^note] and[^note].\n\n[^note]: relative.md\n",
			[]Footnote{{Label: "note", Kind: FootnoteRef}, {Label: "note", Kind: FootnoteRef}, {Label: "note", Kind: FootnoteDef}}, nil,
			[]string{"[^note]", "[^note]", "[^note]:"}},
		{"definition before reference", "[^a]: Source\n\nText[^a]\n",
			[]Footnote{{Label: "a", Kind: FootnoteDef}, {Label: "a", Kind: FootnoteRef}}, nil,
			[]string{"[^a]:", "[^a]"}},
		{"links inside a definition count", "x[^1]\n\n[^1]: See [[Ada]] and [b](b.md).\n    More about [[Babbage]].\n",
			[]Footnote{{Label: "1", Kind: FootnoteRef}, {Label: "1", Kind: FootnoteDef}}, []string{"Ada", "b.md", "Babbage"},
			[]string{"[^1]", "[^1]:"}},
		{"multi-line definition", "x[^long]\n\n[^long]: First line\n\n    Second paragraph with Reference.md\n\nAfter [[c]].\n",
			[]Footnote{{Label: "long", Kind: FootnoteRef}, {Label: "long", Kind: FootnoteDef}}, []string{"c"},
			[]string{"[^long]", "[^long]:"}},
		{"interrupts a paragraph", "Para[^p]\n[^p]: note\n",
			[]Footnote{{Label: "p", Kind: FootnoteRef}, {Label: "p", Kind: FootnoteDef}}, nil,
			[]string{"[^p]", "[^p]:"}},
		{"inline", "Text^[an aside with [[Ada]]] end\n",
			[]Footnote{{Kind: FootnoteInline}}, []string{"Ada"},
			[]string{"^[an aside with [[Ada]]]"}},
		{"undefined reference is text", "No def[^x] here.\n", nil, nil, nil},
		{"after front matter", "---\ntitle: T\n---\nx[^1]\n\n[^1]: y\n",
			[]Footnote{{Label: "1", Kind: FootnoteRef}, {Label: "1", Kind: FootnoteDef}}, nil,
			[]string{"[^1]", "[^1]:"}},
		{"in code", "```\n[^1]: x\n```\n`[^1]` and `^[x]`\n", nil, nil, nil},
		{"link reference still a link", "[a][r] x[^r]\n\n[r]: r.md\n[^r]: not a link\n",
			[]Footnote{{Label: "r", Kind: FootnoteRef}, {Label: "r", Kind: FootnoteDef}}, []string{"r.md"},
			[]string{"[^r]", "[^r]:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := parse([]byte(tt.src))
			checkDoc(t, tt.name, []byte(tt.src), res)
			d := res.doc
			var got, want []Footnote
			var syntax []string
			for _, f := range d.Footnotes {
				syntax = append(syntax, tt.src[f.Start:f.End])
				got = append(got, Footnote{Label: f.Label, Kind: f.Kind})
			}
			want = tt.want
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Footnotes = %+v; want %+v", got, want)
			}
			if !reflect.DeepEqual(syntax, tt.syntax) {
				t.Errorf("footnote syntax = %q; want %q", syntax, tt.syntax)
			}
			var targets []string
			for _, l := range d.Links {
				targets = append(targets, l.Target)
			}
			if !reflect.DeepEqual(targets, tt.links) {
				t.Errorf("link targets = %q; want %q", targets, tt.links)
			}
		})
	}
}

// TestFootnotesNeverLinks parses a note full of footnote syntax whose
// definitions look like relative paths (which a link reference definition
// would turn into links) and checks that none of it is a link and that
// rewriting links leaves it byte for byte.
func TestFootnotesNeverLinks(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		label := []string{"1", "note", "Smith2020", "a-b"}[i%4] + strings.Repeat("x", i/4)
		b.WriteString("Claim " + label + "[^" + label + "] and ^[inline " + label + "].\n\n")
		b.WriteString("[^" + label + "]: " + label + ".md\n    continued " + label + "\n\n")
	}
	src := b.String()
	d := Parse([]byte(src))
	if len(d.Links) != 0 {
		t.Errorf("Links = %d, first %+v; want none", len(d.Links), d.Links[0])
	}
	if got, want := len(d.Footnotes), 600; got != want {
		t.Errorf("len(Footnotes) = %d; want %d", got, want)
	}
	if got := RewriteLinks(src, func(l Link) (string, bool) { return "Other", true }); got != src {
		t.Errorf("RewriteLinks changed a note without links")
	}
}

package markdown

import (
	"reflect"
	"strings"
	"testing"
)

// wl, em and md build expected links; offsets are filled in by the tests
// from the syntax string.
func wl(target, anchor, alias string) Link {
	return Link{Target: target, Anchor: anchor, Alias: alias, Kind: KindWikilink}
}

func em(target, anchor, alias string) Link {
	return Link{Target: target, Anchor: anchor, Alias: alias, Kind: KindEmbed}
}

func md(target, anchor, alias string) Link {
	return Link{Target: target, Anchor: anchor, Alias: alias, Kind: KindMarkdown}
}

func TestParseLinks(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Link
		// syntax lists src[Start:End] of each wanted link, in order.
		syntax []string
	}{
		{"wikilink", "See [[Ada Lovelace]].", []Link{wl("Ada Lovelace", "", "")}, []string{"[[Ada Lovelace]]"}},
		{"alias", "[[Ada|the countess]]", []Link{wl("Ada", "", "the countess")}, []string{"[[Ada|the countess]]"}},
		{"heading anchor", "[[Ada#Early life]]", []Link{wl("Ada", "Early life", "")}, []string{"[[Ada#Early life]]"}},
		{"block anchor and alias", "[[Ada#^p1|quote]]", []Link{wl("Ada", "^p1", "quote")}, []string{"[[Ada#^p1|quote]]"}},
		{"same-note heading", "[[#Notes]]", []Link{wl("", "Notes", "")}, []string{"[[#Notes]]"}},
		{"path", "[[people/Ada]]", []Link{wl("people/Ada", "", "")}, []string{"[[people/Ada]]"}},
		{"trimmed", "[[ Ada | x ]]", []Link{wl("Ada", "", "x")}, []string{"[[ Ada | x ]]"}},
		{"escaped pipe in table", "| a | [[Ada\\|b]] |\n|---|---|\n", []Link{wl("Ada", "", "b")}, []string{"[[Ada\\|b]]"}},
		{"embed", "![[cat.png]]", []Link{em("cat.png", "", "")}, []string{"![[cat.png]]"}},
		{"embed section", "![[Note#Section]]", []Link{em("Note", "Section", "")}, []string{"![[Note#Section]]"}},
		{"non-ascii", "[[Über Café|é]] [[संस्कृतम्]]", []Link{wl("Über Café", "", "é"), wl("संस्कृतम्", "", "")}, []string{"[[Über Café|é]]", "[[संस्कृतम्]]"}},
		{"two on a line", "[[a]] and [[b]]", []Link{wl("a", "", ""), wl("b", "", "")}, []string{"[[a]]", "[[b]]"}},
		{"nested opener keeps inner", "[[a [[b]]", []Link{wl("b", "", "")}, []string{"[[b]]"}},
		{"not across lines", "[[a\nb]]", nil, nil},
		{"empty", "[[]] [[ ]] [[|x]]", nil, nil},
		{"escaped", "\\[[not]]", nil, nil},
		{"inline code", "`[[no]]` and ``x [[no]] x``", nil, nil},
		{"fenced code", "```\n[[no]]\n```\n~~~md\n![[no]]\n~~~\n", nil, nil},
		{"indented code", "Text\n\n    [[no]]\n", nil, nil},
		{"html block", "<div>\n[[no]]\n</div>\n", nil, nil},
		{"heading", "## About [[Ada]]", []Link{wl("Ada", "", "")}, []string{"[[Ada]]"}},
		{"in emphasis and quote", "> *see [[Ada]]*", []Link{wl("Ada", "", "")}, []string{"[[Ada]]"}},
		{"markdown link", "[the note](Ada.md)", []Link{md("Ada.md", "", "the note")}, []string{"[the note](Ada.md)"}},
		{"markdown decoded", "[a](./people/Ada%20Lovelace.md#Early%20life)", []Link{md("people/Ada Lovelace.md", "Early life", "a")}, []string{"[a](./people/Ada%20Lovelace.md#Early%20life)"}},
		{"markdown parent", "[up](../x.md)", []Link{md("../x.md", "", "up")}, []string{"[up](../x.md)"}},
		{"markdown angle", "[a](<My Note.md>)", []Link{md("My Note.md", "", "a")}, []string{"[a](<My Note.md>)"}},
		{"markdown title", `[a](b.md "Title")`, []Link{md("b.md", "", "a")}, []string{`[a](b.md "Title")`}},
		{"markdown invalid escape kept", "[a](100%.md)", []Link{md("100%.md", "", "a")}, []string{"[a](100%.md)"}},
		{"markdown backslash escape", `[a](a\(1\).md)`, []Link{md("a(1).md", "", "a")}, []string{`[a](a\(1\).md)`}},
		{"image is embed", "![a cat](img/cat.png)", []Link{em("img/cat.png", "", "a cat")}, []string{"![a cat](img/cat.png)"}},
		{"image in link", "[![c](c.png)](d.md)", []Link{md("d.md", "", "![c](c.png)"), em("c.png", "", "c")}, []string{"[![c](c.png)](d.md)", "![c](c.png)"}},
		{"wikilink in link label", "[see [[Ada]]](b.md)", []Link{md("b.md", "", "see [[Ada]]"), wl("Ada", "", "")}, []string{"[see [[Ada]]](b.md)", "[[Ada]]"}},
		{"logseq labelled page link", "[label]([[Ada]])", []Link{wl("Ada", "", "label")}, []string{"[label]([[Ada]])"}},
		{"external links skipped", "[w](https://x.org/a.md) [m](mailto:a@b.c) [h](#heading) [p](//host/x) [o](obsidian://open?x) [e]() <https://x.org>", nil, nil},
		{"colon in note name", "[f](flancia:%20on%20bridges.md) [u](https://x.org/a.md) [m](mailto:a.md)", []Link{md("flancia: on bridges.md", "", "f")}, []string{"[f](flancia:%20on%20bridges.md)"}},
		{"reference link", "[a][r]\n\n[r]: notes/r.md\n", []Link{md("notes/r.md", "", "a")}, []string{"[a][r]"}},
		{"link at line end", "a [x](y.md)\nb", []Link{md("y.md", "", "x")}, []string{"[x](y.md)"}},
		{"crlf", "a [[x]]\r\n[y](z.md)\r\n", []Link{wl("x", "", ""), md("z.md", "", "y")}, []string{"[[x]]", "[y](z.md)"}},
		{"logseq embed macro", "- {{embed [[Page]]}}", []Link{em("Page", "", "")}, []string{"{{embed [[Page]]}}"}},
		{"logseq query has no links", "- {{query (and [[a]] #b)}}", nil, nil},
		{"other macro content counts", "{{cloze [[a]]}}", []Link{wl("a", "", "")}, []string{"[[a]]"}},
		{"logseq example block", "- x\n  #+BEGIN_EXAMPLE\n  [[no]]\n  #+END_EXAMPLE\n- [[yes]]", []Link{wl("yes", "", "")}, []string{"[[yes]]"}},
		{"logseq query block", "#+BEGIN_QUERY\n{:query [[no]]}\n#+END_QUERY\n", nil, nil},
		{"logseq quote block counts", "#+BEGIN_QUOTE\n[[yes]]\n#+END_QUOTE\n", []Link{wl("yes", "", "")}, []string{"[[yes]]"}},
		{"front matter is not body", "---\nx: \"[[no]]\"\n---\n[[yes]]", []Link{wl("yes", "", "")}, []string{"[[yes]]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse([]byte(tt.src))
			var got []Link
			for i, l := range d.Links {
				if i < len(tt.syntax) {
					if s := tt.src[l.Start:l.End]; s != tt.syntax[i] {
						t.Errorf("link %d: src[Start:End] = %q; want %q", i, s, tt.syntax[i])
					}
				}
				l.Start, l.End = 0, 0
				got = append(got, l)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q).Links =\n%+v; want\n%+v", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseOutline(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // link targets
	}{
		{"tab nesting", "- a [[1]]\n\t- b [[2]]\n\t\t- c [[3]]\n\t- d [[4]]\n", []string{"1", "2", "3", "4"}},
		{"space nesting", "- a [[1]]\n    - b [[2]]\n        - c [[3]]\n", []string{"1", "2", "3"}},
		{"indentation jump", "- a\n\t\t\t- [[1]]\n", []string{"1"}},
		{"bullets under a heading", "## [[h]]\n\t- [[1]]\n\t\t- [[2]]\n\t- [[3]]\n", []string{"h", "1", "2", "3"}},
		{"continuation lines", "- a\n\t- b\n\t  more [[1]]\n\t  id:: 6103e488-22d4-4751-b27a-69b278067c26\n", []string{"1"}},
		{"page properties then outline", "title:: T\n\n- a\n\t\t\tdeep [[1]]\n", []string{"1"}},
		{"fence in a block", "- x\n\t- ```js\n\t  [[no]]\n\t  ```\n\t- [[1]]\n", []string{"1"}},
		{"plain doc indented code stays code", "# T\n\n    [[no]]\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range Parse([]byte(tt.src)).Links {
				got = append(got, l.Target)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("targets = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestParseTags(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"simple", "a #tag b", []string{"tag"}},
		{"line start", "#tag", []string{"tag"}},
		{"nested", "#a/b/c", []string{"a/b/c"}},
		{"dash underscore digits", "#my-tag_2", []string{"my-tag_2"}},
		{"unicode", "#café #日本語 #🙂", []string{"café", "日本語", "🙂"}},
		{"punctuation ends tag", "(#a), #b. #c!", []string{"b", "c"}},
		{"heading is not a tag", "# Title\n## Sub #t", []string{"t"}},
		{"pure number", "#123 #2024", nil},
		{"a non-digit is enough", "#1a #2024-01", []string{"1a", "2024-01"}},
		{"colour code like obsidian", "#fff", []string{"fff"}},
		{"not after a word", "foo#bar a&#123; x#y", nil},
		{"url fragment", "https://x.org/page#frag and x.org/#frag", nil},
		{"markdown link destination", "[a](b.md#frag)", nil},
		{"wikilink anchor", "[[a#frag]]", nil},
		{"inline code", "`#no`", nil},
		{"code block", "```\n#no\n```", nil},
		{"raw html", `<span style="color: #fff">x</span>`, nil},
		{"logseq multi word", "#[[multi word]] and #[[ b ]]", []string{"multi word", "b"}},
		{"dedupe case-insensitively", "#Go #go #GO", []string{"Go"}},
		{"trailing slash", "#a/ x", []string{"a"}},
		{"lone hash", "# \n#\n a # b", nil},
		{"query macro", "{{query #no}}", nil},
		{"in list", "- #pull [[x]]", []string{"pull"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse([]byte(tt.src)).Tags; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q).Tags = %q; want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		wantFM    map[string]any
		wantRaw   string
		wantErr   bool
		wantBody  int
		wantTitle string
		wantTags  []string
		wantAlias []string
		wantType  string
	}{
		{name: "none", src: "# T\n"},
		{
			name: "basic", src: "---\ntitle: Ada\ntype: person\ntags: [math, '#poetry']\naliases: [Ada Lovelace, Countess]\n---\nbody #math #x",
			wantFM:  map[string]any{"title": "Ada", "type": "person", "tags": []any{"math", "#poetry"}, "aliases": []any{"Ada Lovelace", "Countess"}},
			wantRaw: "title: Ada\ntype: person\ntags: [math, '#poetry']\naliases: [Ada Lovelace, Countess]\n", wantBody: 90,
			wantTitle: "Ada", wantType: "person", wantTags: []string{"math", "poetry", "x"}, wantAlias: []string{"Ada Lovelace", "Countess"},
		},
		{
			name: "string lists", src: "---\ntag: a, b c\nalias: x, y\n---\n",
			wantFM: map[string]any{"tag": "a, b c", "alias": "x, y"}, wantRaw: "tag: a, b c\nalias: x, y\n", wantBody: 32,
			wantTags: []string{"a", "b", "c"}, wantAlias: []string{"x", "y"},
		},
		{
			name: "crlf and dots close", src: "---\r\ntitle: T\r\n...\r\nbody",
			wantFM: map[string]any{"title": "T"}, wantRaw: "title: T\r\n", wantBody: 20, wantTitle: "T",
		},
		{name: "empty", src: "---\n---\nbody", wantFM: map[string]any{}, wantBody: 8},
		{name: "comments only", src: "---\n# c\n---\n", wantFM: map[string]any{}, wantRaw: "# c\n", wantBody: 12},
		{name: "at eof", src: "---\na: 1\n---", wantFM: map[string]any{"a": 1}, wantRaw: "a: 1\n", wantBody: 12},
		{name: "invalid yaml", src: "---\ntitle: [unclosed\n---\n[[x]]", wantRaw: "title: [unclosed\n", wantErr: true, wantBody: 25},
		{name: "not a mapping", src: "---\n- a\n- b\n---\n", wantRaw: "- a\n- b\n", wantErr: true, wantBody: 16},
		{name: "unclosed is body", src: "---\ntitle: x\n"},
		{name: "not at byte 0", src: "\n---\na: 1\n---\n"},
		{name: "bom", src: "\ufeff---\na: 1\n---\n", wantFM: map[string]any{"a": 1}, wantRaw: "a: 1\n", wantBody: 16},
		{name: "number title", src: "---\ntitle: 1984\n---\n", wantFM: map[string]any{"title": 1984}, wantRaw: "title: 1984\n", wantBody: 20, wantTitle: "1984"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse([]byte(tt.src))
			if !reflect.DeepEqual(d.FrontMatter, tt.wantFM) {
				t.Errorf("FrontMatter = %#v; want %#v", d.FrontMatter, tt.wantFM)
			}
			if d.RawFrontMatter != tt.wantRaw {
				t.Errorf("RawFrontMatter = %q; want %q", d.RawFrontMatter, tt.wantRaw)
			}
			if (d.FrontMatterError != "") != tt.wantErr {
				t.Errorf("FrontMatterError = %q; want error: %v", d.FrontMatterError, tt.wantErr)
			}
			if d.BodyStart != tt.wantBody {
				t.Errorf("BodyStart = %d; want %d", d.BodyStart, tt.wantBody)
			}
			if d.Title != tt.wantTitle || d.Type != tt.wantType {
				t.Errorf("Title, Type = %q, %q; want %q, %q", d.Title, d.Type, tt.wantTitle, tt.wantType)
			}
			if !reflect.DeepEqual(d.Tags, tt.wantTags) {
				t.Errorf("Tags = %q; want %q", d.Tags, tt.wantTags)
			}
			if !reflect.DeepEqual(d.Aliases, tt.wantAlias) {
				t.Errorf("Aliases = %q; want %q", d.Aliases, tt.wantAlias)
			}
			if tt.wantFM != nil && !reflect.DeepEqual(d.Properties, tt.wantFM) && len(tt.wantFM) > 0 {
				t.Errorf("Properties = %#v; want %#v", d.Properties, tt.wantFM)
			}
		})
	}
}

func TestParseInvalidFrontMatterKeepsBody(t *testing.T) {
	d := Parse([]byte("---\n: : :\n\tbad\n---\n# H\n[[x]] #t\n"))
	if d.FrontMatterError == "" || d.FrontMatter != nil {
		t.Fatalf("FrontMatterError, FrontMatter = %q, %v; want an error and nil", d.FrontMatterError, d.FrontMatter)
	}
	if len(d.Links) != 1 || len(d.Headings) != 1 || len(d.Tags) != 1 {
		t.Errorf("Links, Headings, Tags = %v, %v, %v; want one of each", d.Links, d.Headings, d.Tags)
	}
}

func TestParseTasksAndHeadings(t *testing.T) {
	src := "# Title\n\n- [ ] open [[a]]\n- [x] done\n* [X] also done\n1. [ ] numbered\n- [] not a task\n- [ ]\n- TODO logseq\n- DONE finished\n- CANCELED dropped\n- TODOS not a marker\n\nSetext\n======\n\n```\n- [ ] in code\n# not a heading\n```\n###### Six ######\n#\n"
	d := Parse([]byte(src))
	wantTasks := []Task{
		{"open [[a]]", false, 3}, {"done", true, 4}, {"also done", true, 5}, {"numbered", false, 6},
		{"", false, 8}, {"logseq", false, 9}, {"finished", true, 10}, {"dropped", true, 11},
	}
	if !reflect.DeepEqual(d.Tasks, wantTasks) {
		t.Errorf("Tasks =\n%+v; want\n%+v", d.Tasks, wantTasks)
	}
	wantHeadings := []Heading{{1, "Title", 1}, {1, "Setext", 14}, {6, "Six", 21}, {1, "", 22}}
	if !reflect.DeepEqual(d.Headings, wantHeadings) {
		t.Errorf("Headings = %+v; want %+v", d.Headings, wantHeadings)
	}
}

func TestParseLogseq(t *testing.T) {
	src := "title:: Page embed\nalias:: term/embedded page, [[Transclusion]]\ntags:: [[embed]], feature, #[[multi word]]\ntype:: [[Feature]]\nicon:: x\n\n- first block [[a]] #t\n  id:: 61110543-a71f-458d-b42e-b78a4d22f0c0\n\t- see ((61024cd6-1951-47cc-8050-25f68960d729)) and `((60acdeb9-aa65-492b-8398-d4d65c1631c1))`\n\t- {{embed ((60ab6f5b-a01f-44eb-8d4a-fb8ca1893dcf))}}\n\t- ```\n\t  id:: not-an-id\n\t  ```\n\t- later:: not a page property\n"
	d := Parse([]byte(src))
	if d.Title != "Page embed" || d.Type != "Feature" {
		t.Errorf("Title, Type = %q, %q; want %q, %q", d.Title, d.Type, "Page embed", "Feature")
	}
	if want := []string{"term/embedded page", "Transclusion"}; !reflect.DeepEqual(d.Aliases, want) {
		t.Errorf("Aliases = %q; want %q", d.Aliases, want)
	}
	if want := []string{"embed", "feature", "multi word", "t"}; !reflect.DeepEqual(d.Tags, want) {
		t.Errorf("Tags = %q; want %q", d.Tags, want)
	}
	wantProps := map[string]any{"title": "Page embed", "alias": "term/embedded page, [[Transclusion]]",
		"tags": "[[embed]], feature, #[[multi word]]", "type": "[[Feature]]", "icon": "x"}
	if !reflect.DeepEqual(d.Properties, wantProps) {
		t.Errorf("Properties = %#v; want %#v", d.Properties, wantProps)
	}
	if want := []string{"61110543-a71f-458d-b42e-b78a4d22f0c0"}; !reflect.DeepEqual(d.BlockIDs, want) {
		t.Errorf("BlockIDs = %q; want %q", d.BlockIDs, want)
	}
	if want := []string{"61024cd6-1951-47cc-8050-25f68960d729", "60ab6f5b-a01f-44eb-8d4a-fb8ca1893dcf"}; !reflect.DeepEqual(d.BlockRefs, want) {
		t.Errorf("BlockRefs = %q; want %q", d.BlockRefs, want)
	}
	var targets []string
	for _, l := range d.Links {
		targets = append(targets, l.Target)
	}
	if want := []string{"Transclusion", "embed", "Feature", "a"}; !reflect.DeepEqual(targets, want) {
		t.Errorf("link targets = %q; want %q", targets, want)
	}
}

func TestParseLogseqBulletedPageProperties(t *testing.T) {
	d := Parse([]byte("- alias:: A, B\n  public:: true\n- text\n  other:: no\n"))
	want := map[string]any{"alias": "A, B", "public": "true"}
	if !reflect.DeepEqual(d.Properties, want) {
		t.Errorf("Properties = %#v; want %#v", d.Properties, want)
	}
}

func TestParseBlockIDs(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"line end", "A paragraph. ^p-1\n\nNext ^two", []string{"p-1", "two"}},
		{"own line", "| a |\n\n^table-id\n", []string{"table-id"}},
		{"not mid line", "x ^no more", nil},
		{"not glued", "x^no", nil},
		{"list item", "- item ^li", []string{"li"}},
		{"code", "```\nx ^no\n```", nil},
		{"logseq", "- a\n  id:: 6103e488-22d4-4751-b27a-69b278067c26\n", []string{"6103e488-22d4-4751-b27a-69b278067c26"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse([]byte(tt.src)).BlockIDs; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("BlockIDs = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestParseNeverFails(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"empty", ""},
		{"invalid utf8", "\xff\xfe [[\xff]] #\xff #a\xffb ---"},
		{"nul bytes", "\x00[[a\x00]]\x00#t\x00"},
		{"only fences", "---\n---\n---\n"},
		{"unbalanced", "[[[[[[ ]]]] ![[ ![ [ ]( ((( {{{{ }} #[[ ^"},
		{"lone cr", "a\r[[b]]\r#c\r"},
		{"indented thematic break in outline", " \t- - - \n0"},
		{"indented thematic break", "# h\n\n\t\t* * *\n\t\t- [[a]]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			checkDoc(t, tt.name, src, parse(src))
		})
	}
}

func TestParseLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	var b strings.Builder
	for i := range 10000 {
		b.WriteString("- [[note ")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("|alias]] and [md](a%20b.md) #tag\n")
	}
	d := Parse([]byte(b.String()))
	if len(d.Links) != 20000 {
		t.Errorf("links = %d; want 20000", len(d.Links))
	}
	// Pathological single lines.
	for _, s := range []string{"[[", "![[", "{{", "((", "#", "[", "](", "^", "[[a]", "#[["} {
		src := []byte(strings.Repeat(s, 200000))
		checkDoc(t, s, src, parse(src))
	}
}

// largeUnit is a dense note fragment repeated to build large inputs: 4
// links outside code per copy.
const largeUnit = "## Day [[2023-01-15]]\n\n- [ ] call [[Ada Lovelace|Ada]] about #project/x ![[img.png]]\n\t- [notes](notes/a%20b.md#h) and `[[code]]` ^blk\n\n```go\nfunc main() { [[x]] }\n```\n\nSome prose with a #tag and https://example.org/#frag and more words.\n\n"

func TestParseLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	n := 8 << 20 / len(largeUnit)
	d := Parse([]byte(strings.Repeat(largeUnit, n)))
	if len(d.Links) != 4*n || len(d.Tasks) != n || len(d.Headings) != n || len(d.BlockIDs) != n {
		t.Errorf("links, tasks, headings, block ids = %d, %d, %d, %d; want %d, %d, %d, %d",
			len(d.Links), len(d.Tasks), len(d.Headings), len(d.BlockIDs), 4*n, n, n, n)
	}
}

// BenchmarkParse50MB parses a 50 MB note of dense Markdown.
func BenchmarkParse50MB(b *testing.B) {
	src := []byte(strings.Repeat(largeUnit, 50<<20/len(largeUnit)))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Parse(src)
	}
}

func TestParseConcurrent(t *testing.T) {
	src := []byte("- [[a]] [b](c.md) #t\n\t- [ ] x ^id\n")
	want := Parse(src)
	done := make(chan *Doc)
	for range 8 {
		go func() {
			var d *Doc
			for range 50 {
				d = Parse(src)
			}
			done <- d
		}()
	}
	for range 8 {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Errorf("concurrent Parse = %+v; want %+v", got, want)
		}
	}
}

func TestCodeRanges(t *testing.T) {
	src := "---\na: 1\n---\nplain `inline code` and\n\n```\nblock code\n```\n<span>x</span> end"
	doc := Parse([]byte(src))
	var got []string
	for _, r := range doc.CodeRanges {
		got = append(got, src[r[0]:r[1]])
	}
	want := []string{"inline code", "block code\n", "<span>", "</span>"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("code ranges = %q; want %q", got, want)
	}
}

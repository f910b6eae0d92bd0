package markdown

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend/testkit/corpora"
)

// corpusDir is where the shared test corpora live (see testkit/corpora).
var corpusDir = filepath.Dir(corpora.Dir("garden"))

// readCorpus returns the Markdown files of a corpus by path relative to its
// folder, or skips tb when the folder is missing.
func readCorpus(tb testing.TB, name string) map[string][]byte {
	tb.Helper()
	dir := filepath.Join(corpusDir, name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus %s not found (%v): the shared corpora are expected at /work/shared/corpora", dir, err)
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		tb.Fatalf("read corpus %s: %v", dir, err)
	}
	return files
}

// checkDoc asserts the invariants every parse result must keep.
func checkDoc(tb testing.TB, name string, src []byte, res result) {
	tb.Helper()
	d := res.doc
	if res.panicked {
		tb.Errorf("%s: goldmark panicked", name)
	}
	if d.BodyStart < 0 || d.BodyStart > len(src) {
		tb.Errorf("%s: BodyStart = %d; want within [0, %d]", name, d.BodyStart, len(src))
	}
	prev := -1
	for i, l := range d.Links {
		if l.Start < d.BodyStart || l.End > len(src) || l.Start >= l.End {
			tb.Errorf("%s: link %d %+v: offsets out of bounds (len %d)", name, i, l, len(src))
			continue
		}
		if l.Start < prev {
			tb.Errorf("%s: link %d starts at %d before the previous one at %d", name, i, l.Start, prev)
		}
		prev = l.Start
		if s := src[l.Start:l.End]; !(s[0] == '[' || s[0] == '!' || s[0] == '{') || !(s[len(s)-1] == ']' || s[len(s)-1] == ')' || s[len(s)-1] == '}') {
			tb.Errorf("%s: link %d: src[Start:End] = %q; want link syntax", name, i, s)
		}
		info := res.info[i]
		if info.rewritable && (info.targetStart < l.Start || info.targetEnd > l.End || info.targetStart > info.targetEnd) {
			tb.Errorf("%s: link %d %+v: target span [%d,%d) outside the link", name, i, l, info.targetStart, info.targetEnd)
		}
	}
	prev = -1
	for i, f := range d.Footnotes {
		if f.Start < d.BodyStart || f.End > len(src) || f.Start >= f.End || f.Start < prev {
			tb.Errorf("%s: footnote %d %+v: offsets out of bounds or order (len %d)", name, i, f, len(src))
			continue
		}
		prev = f.Start
		if s := src[f.Start:f.End]; f.Kind != FootnoteInline && !strings.HasPrefix(string(s), "[^"+f.Label+"]") {
			tb.Errorf("%s: footnote %d: src[Start:End] = %q; want [^%s]", name, i, s, f.Label)
		}
	}
	for i, h := range d.Headings {
		if h.Level < 1 || h.Level > 6 || h.Line < 1 {
			tb.Errorf("%s: heading %d = %+v; want level 1-6 and a line", name, i, h)
		}
	}
	for i, task := range d.Tasks {
		if task.Line < 1 {
			tb.Errorf("%s: task %d = %+v; want a line", name, i, task)
		}
	}
}

func TestCorpusGarden(t *testing.T) {
	files := readCorpus(t, "garden")
	var wikilinks, embeds, markdown, tags, withFM int
	targets := map[string]bool{}
	for name, src := range files {
		res := parse(src)
		checkDoc(t, name, src, res)
		if RewriteLinks(string(src), func(l Link) (string, bool) { return l.Target, true }) != string(src) {
			t.Errorf("%s: identity RewriteLinks changed the note", name)
		}
		for _, l := range res.doc.Links {
			switch l.Kind {
			case KindWikilink:
				wikilinks++
				targets[strings.ToLower(l.Target)] = true
			case KindEmbed:
				embeds++
			case KindMarkdown:
				markdown++
			}
		}
		tags += len(res.doc.Tags)
		if res.doc.FrontMatter != nil {
			withFM++
		}
	}
	t.Logf("garden: %d files, %d wikilinks to %d targets, %d embeds, %d markdown links, %d tags, %d with front matter",
		len(files), wikilinks, len(targets), embeds, markdown, tags, withFM)
	if wikilinks < 40000 {
		t.Errorf("garden wikilinks = %d; want > 40000", wikilinks)
	}
}

func TestCorpusLogseq(t *testing.T) {
	files := readCorpus(t, "logseq-docs")
	var links, refs, ids, aliases, props, embeds int
	for name, src := range files {
		res := parse(src)
		checkDoc(t, name, src, res)
		if RewriteLinks(string(src), func(l Link) (string, bool) { return l.Target, true }) != string(src) {
			t.Errorf("%s: identity RewriteLinks changed the note", name)
		}
		for _, l := range res.doc.Links {
			links++
			if l.Kind == KindEmbed {
				embeds++
			}
		}
		refs += len(res.doc.BlockRefs)
		ids += len(res.doc.BlockIDs)
		if len(res.doc.Aliases) > 0 {
			aliases++
		}
		props += len(res.doc.Properties)
	}
	t.Logf("logseq-docs: %d files, %d links (%d embeds), %d block refs, %d block ids, %d pages with aliases, %d properties",
		len(files), links, embeds, refs, ids, aliases, props)
}

func BenchmarkParseGarden(b *testing.B) {
	files := readCorpus(b, "garden")
	var size int64
	for _, src := range files {
		size += int64(len(src))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range files {
			Parse(src)
		}
	}
}

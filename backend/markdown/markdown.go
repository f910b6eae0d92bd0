// Package markdown extracts the semantics of a note — front matter, links,
// tags, tasks, headings and block ids — from Obsidian- and Logseq-flavoured
// Markdown.
//
// Parsing is done with goldmark on the note body, extended with inline
// parsers for wikilinks ([[x]], ![[x]]), tags (#tag, #[[multi word]]),
// Obsidian block ids (^id), Logseq block references ((uuid)) and Logseq
// macros ({{embed ...}}, {{query ...}}). Because everything is read from the
// syntax tree, nothing inside fenced or indented code blocks, inline code,
// raw HTML or autolinks counts.
//
// All offsets are byte offsets into the source given to Parse (front matter
// included); all line numbers are 1-based lines of that source.
package markdown

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// LinkKind says which syntax a Link was written in.
type LinkKind string

// The kinds of links Parse reports.
const (
	// KindWikilink is [[Target]], [[Target|alias]], [[Target#Heading]] and
	// the Logseq label form [alias]([[Target]]).
	KindWikilink LinkKind = "wikilink"
	// KindEmbed is ![[Target]], a Markdown image ![alt](file) with a relative
	// target, or a Logseq {{embed [[Target]]}} macro.
	KindEmbed LinkKind = "embed"
	// KindMarkdown is a Markdown link [text](target) with a relative target.
	KindMarkdown LinkKind = "markdown"
)

// Link is one outgoing link of a note.
type Link struct {
	// Target is the linked note or file as written, trimmed, without alias
	// and anchor. For Markdown links it is percent-decoded, backslash
	// escapes are removed and a leading "./" is stripped. It is "" for a
	// same-note link such as [[#Heading]].
	Target string
	// Anchor is the part after '#': a heading, or "^block-id" (with the ^).
	Anchor string
	// Alias is the display text: the part after '|' in a wikilink, or the
	// raw label (alt text for images) of a Markdown link.
	Alias string
	// Kind is the syntax the link was written in.
	Kind LinkKind
	// Start and End are the byte offsets of the whole link syntax in the
	// source, so src[Start:End] is e.g. "![[cat.png]]" or "[a](b.md)".
	Start, End int
}

// Task is a checkbox list item ("- [ ] x", "* [x] x", "1. [ ] x") or a
// Logseq task block ("- TODO x", "- DONE x").
type Task struct {
	// Text is the raw Markdown of the task's first line after the checkbox
	// or marker, trimmed.
	Text string
	// Done is true for [x], [X], DONE and CANCELED/CANCELLED.
	Done bool
	// Line is the 1-based line of the task in the source.
	Line int
}

// Heading is an ATX ("## x") or setext heading.
type Heading struct {
	// Level is 1 to 6.
	Level int
	// Text is the raw Markdown of the heading, trimmed, without the '#'
	// markers; the lines of a setext heading are joined with a space.
	Text string
	// Line is the 1-based line of the heading in the source.
	Line int
}

// Doc is what Parse learns about a note.
type Doc struct {
	// FrontMatter is the parsed YAML front matter; nil if there is none or
	// it is invalid, an empty map if it is empty.
	FrontMatter map[string]any
	// RawFrontMatter is the front matter text exactly as written between
	// the --- fences ("" if none).
	RawFrontMatter string
	// FrontMatterError is non-empty when the front matter is not a valid
	// YAML mapping; the body is parsed all the same.
	FrontMatterError string
	// BodyStart is the byte offset where the content after the front
	// matter starts (0 if there is none).
	BodyStart int
	// Title is the front-matter `title`, else the Logseq `title::`.
	Title string
	// Aliases come from front-matter `aliases`/`alias` (a YAML list or a
	// comma-separated string) and the Logseq `alias::` page property.
	Aliases []string
	// Type is the front-matter `type`, else the Logseq `type::`.
	Type string
	// Tags are the front-matter `tags`/`tag` (a YAML list or a comma- or
	// space-separated string), the Logseq `tags::` page property and the
	// #tags of the body, in that order, without the '#', deduplicated
	// case-insensitively (the first spelling is kept). A body tag follows
	// whitespace or starts a line, is made of letters, digits, '_', '-',
	// '/' and non-ASCII symbols (emoji), and needs one character that is
	// not a digit, as in Obsidian: "#123" is not a tag, "#fff" and
	// "#2024-01" are. Nested tags are kept whole ("a/b"). Logseq
	// #[[multi word]] is a tag, not a link. Nothing in code, raw HTML,
	// URLs ("x.org/#frag"), link destinations or headings' '#' markers
	// counts.
	Tags []string
	// Properties holds every front-matter key plus the Logseq page
	// properties (key:: value lines opening the first block, kept as
	// strings); front matter wins when a key is in both.
	Properties map[string]any
	// Links are the outgoing links in source order.
	Links []Link
	// Tasks are the checkbox items and Logseq task blocks in source order.
	Tasks []Task
	// Headings are the headings in source order.
	Headings []Heading
	// BlockIDs are the Obsidian "^block-id" markers (without the ^) and the
	// Logseq `id:: uuid` properties, in source order.
	BlockIDs []string
	// BlockRefs are the Logseq ((uuid)) references (the uuid only), in
	// source order, including {{embed ((uuid))}}.
	BlockRefs []string
	// Footnotes are the footnote references, definitions and inline
	// footnotes in source order. None of them is a link.
	Footnotes []Footnote
	// CodeRanges are the byte ranges [start, end) of code blocks, inline code
	// and raw HTML, in source order: text there is not prose.
	CodeRanges [][2]int
}

// linkInfo is what RewriteLinks needs beyond a Link: where its target is
// written, and how.
type linkInfo struct {
	targetStart, targetEnd int  // span of the replaceable target text
	encoded                bool // Markdown destination: percent-encode on rewrite
	angle                  bool // Markdown destination written as <...>
	dotSlash               bool // Markdown destination started with "./"
	rewritable             bool // false for reference-style Markdown links
}

// result is the output of parse: the Doc plus internal details.
type result struct {
	doc      *Doc
	info     []linkInfo // parallel to doc.Links
	panicked bool       // goldmark panicked; only the front matter was kept
}

// Parse extracts the semantics of the note src. It never fails and never
// panics: invalid front matter is reported in Doc.FrontMatterError, and
// invalid UTF-8 is kept byte for byte.
func Parse(src []byte) *Doc {
	return parse(src).doc
}

func parse(src []byte) (res result) {
	doc := &Doc{}
	res.doc = doc
	parseFrontMatter(src, doc)
	body := src[doc.BodyStart:]
	pageProps := logseqPageProperties(body)

	c := &collector{src: src, base: doc.BodyStart}
	// Most links contain "[[" or "](": size the list once, within reason.
	c.links = make([]collectedLink, 0, min(1<<14, bytes.Count(body, []byte("[["))+bytes.Count(body, []byte("]("))))
	func() {
		defer func() {
			if r := recover(); r != nil {
				res.panicked = true
				c = &collector{src: src, base: doc.BodyStart}
			}
		}()
		pc := parser.NewContext()
		if looksLikeOutline(body) {
			pc.Set(outlineKey, true)
		}
		root := mdParser.Parse(text.NewReader(body), parser.WithContext(pc))
		c.walk(root, pc)
	}()
	c.scanLogseqIDs(body)

	tags := &stringSet{fold: true}
	fillMetadata(doc, pageProps, tags)
	doc.Links = make([]Link, 0, len(c.links))
	res.info = make([]linkInfo, 0, len(c.links))
	sort.SliceStable(c.links, func(i, j int) bool { return c.links[i].link.Start < c.links[j].link.Start })
	for _, l := range c.links {
		doc.Links = append(doc.Links, l.link)
		res.info = append(res.info, l.info)
	}
	sort.SliceStable(c.blockIDs, func(i, j int) bool { return c.blockIDs[i].pos < c.blockIDs[j].pos })
	for _, b := range c.blockIDs {
		doc.BlockIDs = append(doc.BlockIDs, b.id)
	}
	for _, r := range append(append([][2]int(nil), c.code...), c.spans...) {
		doc.CodeRanges = append(doc.CodeRanges, [2]int{r[0] + doc.BodyStart, r[1] + doc.BodyStart})
	}
	sort.Slice(doc.CodeRanges, func(i, j int) bool { return doc.CodeRanges[i][0] < doc.CodeRanges[j][0] })
	sort.SliceStable(c.footnotes, func(i, j int) bool { return c.footnotes[i].Start < c.footnotes[j].Start })
	doc.Footnotes = c.footnotes
	doc.Tasks = c.tasks
	doc.Headings = c.headings
	doc.BlockRefs = c.blockRefs
	for _, t := range c.tags {
		tags.addTag(t)
	}
	doc.Tags = tags.list
	return res
}

// stringSet collects strings in order, without duplicates.
type stringSet struct {
	list []string
	seen map[string]bool
	fold bool // compare case-insensitively
}

// add appends s unless it is empty or already there.
func (ss *stringSet) add(s string) {
	if s == "" {
		return
	}
	key := s
	if ss.fold {
		key = strings.ToLower(s)
	}
	if ss.seen[key] {
		return
	}
	if ss.seen == nil {
		ss.seen = map[string]bool{}
	}
	ss.seen[key] = true
	ss.list = append(ss.list, s)
}

// addTag adds a tag without its leading '#'.
func (ss *stringSet) addTag(t string) {
	ss.add(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t), "#")))
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex struct {
	starts []int // offsets of the second, third, ... lines
	built  bool
}

func (li *lineIndex) line(src []byte, off int) int {
	if !li.built {
		li.built = true
		for i := bytes.IndexByte(src, '\n'); i >= 0; {
			li.starts = append(li.starts, i+1)
			j := bytes.IndexByte(src[i+1:], '\n')
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return sort.SearchInts(li.starts, off+1) + 1
}

// collectedLink is a Link found in the tree plus its rewrite details.
type collectedLink struct {
	link Link
	info linkInfo
}

type blockID struct {
	id  string
	pos int
}

// collector walks a goldmark tree and gathers what Doc reports. Offsets it
// reads from the tree are relative to the body and shifted by base.
type collector struct {
	src       []byte
	base      int
	lines     lineIndex
	links     []collectedLink
	tags      []string
	tasks     []Task
	headings  []Heading
	blockIDs  []blockID
	blockRefs []string
	footnotes []Footnote
	code      [][2]int // body-relative spans of code and HTML blocks
	spans     [][2]int // body-relative spans of inline code and raw HTML
}

func (c *collector) walk(root ast.Node, pc parser.Context) {
	spans := linkSpans(pc)
	headingStarts, _ := pc.Get(headingLineKey).(map[ast.Node]int)
	body := c.src[c.base:]
	if fns, ok := pc.Get(footnotesKey).(*[]Footnote); ok {
		for _, f := range *fns {
			f.Start += c.base
			f.End += c.base
			c.footnotes = append(c.footnotes, f)
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *wikiLinkNode:
			c.addLink(n.link, n.info)
		case *tagNode:
			c.tags = append(c.tags, n.name)
		case *blockIDNode:
			c.blockIDs = append(c.blockIDs, blockID{id: n.id, pos: c.base + n.pos})
		case *blockRefNode:
			c.blockRefs = append(c.blockRefs, n.id)
		case *ast.Link:
			if sp, ok := spans[n]; ok {
				c.addMarkdownLink(body, n.Destination, sp, false)
			}
		case *ast.Image:
			if sp, ok := spans[n]; ok {
				c.addMarkdownLink(body, n.Destination, sp, true)
			}
		case *ast.Heading:
			c.addHeading(body, n, headingStarts)
		case *ast.ListItem:
			c.addTask(body, n)
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *orgBlockNode:
			if lines := n.Lines(); lines.Len() > 0 {
				start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
				if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
					start = min(start, f.Info.Segment.Start)
				}
				c.code = append(c.code, [2]int{start, stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			if first, last := n.FirstChild(), n.LastChild(); first != nil {
				if ft, ok := first.(*ast.Text); ok {
					if lt, ok := last.(*ast.Text); ok {
						c.spans = append(c.spans, [2]int{ft.Segment.Start, lt.Segment.Stop})
					}
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if segs := n.Segments; segs.Len() > 0 {
				c.spans = append(c.spans, [2]int{segs.At(0).Start, segs.At(segs.Len() - 1).Stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func (c *collector) addLink(l Link, info linkInfo) {
	l.Start += c.base
	l.End += c.base
	info.targetStart += c.base
	info.targetEnd += c.base
	c.links = append(c.links, collectedLink{link: l, info: info})
}

func (c *collector) addHeading(body []byte, n *ast.Heading, starts map[ast.Node]int) {
	lines := n.Lines()
	var parts []string
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if s := strings.TrimSpace(string(seg.Value(body))); s != "" {
			parts = append(parts, s)
		}
	}
	start, ok := starts[n] // ATX headings, empty ones included
	if !ok && lines.Len() > 0 {
		start = lines.At(0).Start // setext headings
	}
	c.headings = append(c.headings, Heading{Level: n.Level, Text: strings.Join(parts, " "), Line: c.lines.line(c.src, c.base+start)})
}

// logseqMarkers are the Logseq task markers and whether they mean done.
var logseqMarkers = map[string]bool{
	"TODO": false, "DOING": false, "NOW": false, "LATER": false,
	"WAITING": false, "IN-PROGRESS": false,
	"DONE": true, "CANCELED": true, "CANCELLED": true,
}

func (c *collector) addTask(body []byte, item *ast.ListItem) {
	first := item.FirstChild()
	if first == nil || first.Lines().Len() == 0 {
		return
	}
	seg := first.Lines().At(0)
	if seg.Start < 0 || seg.Start >= len(body) || seg.Padding != 0 {
		return
	}
	line := body[seg.Start:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t\r")
	var task Task
	switch {
	case len(line) >= 3 && line[0] == '[' && line[2] == ']' &&
		(line[1] == ' ' || line[1] == 'x' || line[1] == 'X') &&
		(len(line) == 3 || line[3] == ' ' || line[3] == '\t'):
		task = Task{Text: string(bytes.TrimSpace(line[3:])), Done: line[1] != ' '}
	default:
		word, rest, _ := bytes.Cut(line, []byte{' '})
		done, ok := logseqMarkers[string(word)]
		if !ok {
			return
		}
		task = Task{Text: string(bytes.TrimSpace(rest)), Done: done}
	}
	task.Line = c.lines.line(c.src, c.base+seg.Start)
	c.tasks = append(c.tasks, task)
}

// inCode reports whether the body-relative offset off lies in a code or
// HTML block. c.code is in document order, so callers scanning forward
// pass a cursor that only moves forward.
func (c *collector) inCode(off int, cursor *int) bool {
	for *cursor < len(c.code) && c.code[*cursor][1] <= off {
		*cursor++
	}
	return *cursor < len(c.code) && c.code[*cursor][0] <= off
}

// scanLogseqIDs adds the Logseq `id:: value` property lines outside code
// blocks to the block ids.
func (c *collector) scanLogseqIDs(body []byte) {
	if !bytes.Contains(body, []byte("id:: ")) {
		return
	}
	cursor := 0
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		line := body[off:end]
		// Code lines start after their indentation: test the "id::" offset.
		if id, ok := logseqIDLine(line); ok && !c.inCode(off+bytes.Index(line, []byte("id::")), &cursor) {
			c.blockIDs = append(c.blockIDs, blockID{id: id, pos: c.base + off})
		}
		off = end + 1
	}
}

// logseqIDLine matches "id:: value", optionally indented and bulleted.
func logseqIDLine(line []byte) (string, bool) {
	line = bytes.TrimLeft(line, " \t")
	line = bytes.TrimPrefix(line, []byte("- "))
	rest, ok := bytes.CutPrefix(line, []byte("id::"))
	if !ok {
		return "", false
	}
	id := bytes.TrimSpace(rest)
	if len(id) == 0 || bytes.ContainsAny(id, " \t") {
		return "", false
	}
	return string(id), true
}

// looksLikeOutline reports whether body is in the Logseq outliner format:
// its first non-blank line is a "- " bullet or a "key:: value" property.
// In such documents indentation means nesting, never an indented code
// block.
func looksLikeOutline(body []byte) bool {
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		line := bytes.TrimRight(body[off:end], " \t\r")
		off = end + 1
		if len(line) == 0 {
			continue
		}
		trimmed := bytes.TrimLeft(line, " \t")
		if bytes.Equal(trimmed, []byte("-")) || bytes.HasPrefix(trimmed, []byte("- ")) || bytes.HasPrefix(trimmed, []byte("-\t")) {
			return true
		}
		_, _, ok := propertyLine(line)
		return ok
	}
	return false
}

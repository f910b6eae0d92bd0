package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// FootnoteKind says which syntax a Footnote was written in.
type FootnoteKind string

// The kinds of footnote syntax Parse reports.
const (
	// FootnoteRef is a reference "[^label]" to a footnote defined in the
	// same note. A "[^label]" without a definition is plain text.
	FootnoteRef FootnoteKind = "ref"
	// FootnoteDef is a definition "[^label]: text", whose text continues
	// on the following lines indented by four spaces or a tab.
	FootnoteDef FootnoteKind = "definition"
	// FootnoteInline is an inline footnote "^[text]" (Obsidian, Pandoc).
	FootnoteInline FootnoteKind = "inline"
)

// Footnote is one footnote reference, definition or inline footnote.
// Footnotes are never links, but links written inside a footnote's text
// are links of the note like any other.
type Footnote struct {
	// Label is what is between "[^" and "]" ("1", "note"); "" for an
	// inline footnote.
	Label string
	// Kind is the syntax the footnote was written in.
	Kind FootnoteKind
	// Start and End are byte offsets in the source: src[Start:End] is
	// "[^label]" for a reference, the "[^label]:" marker of a definition,
	// or the whole "^[text]" of an inline footnote.
	Start, End int
}

var (
	footnotesKey   = parser.NewContextKey() // *[]Footnote: found while parsing, body offsets
	footnoteDefKey = parser.NewContextKey() // map[string]bool: defined labels
)

var kindFootnoteRef = ast.NewNodeKind("SecondBrainFootnoteRef")

// footnoteRefNode is a "[^label]" reference or the start of "^[text]";
// for the latter, close is the body offset of its closing ']'.
type footnoteRefNode struct {
	ast.BaseInline
	close int
}

func (n *footnoteRefNode) Kind() ast.NodeKind { return kindFootnoteRef }

func (n *footnoteRefNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

func addFootnote(pc parser.Context, f Footnote) {
	list, _ := pc.ComputeIfAbsent(footnotesKey, func() any { return new([]Footnote) }).(*[]Footnote)
	*list = append(*list, f)
}

// footnoteDefParser is goldmark's footnote definition parser (GFM / PHP
// Markdown Extra syntax) that also records each definition's label and
// offsets, so that "[^1]: text" is never read as a link reference
// definition and "[^1]" never as a link.
type footnoteDefParser struct {
	parser.BlockParser
}

func newFootnoteDefParser() footnoteDefParser {
	return footnoteDefParser{extension.NewFootnoteBlockParser()}
}

func (p footnoteDefParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos+1 >= len(line) || line[pos] != '[' || line[pos+1] != '^' {
		return nil, parser.NoChildren
	}
	n, st := p.BlockParser.Open(parent, reader, pc)
	fn, ok := n.(*extast.Footnote)
	if !ok {
		return n, st
	}
	label := string(fn.Ref)
	start := seg.Start + pos - seg.Padding
	if start < seg.Start {
		start = seg.Start
	}
	defs, _ := pc.ComputeIfAbsent(footnoteDefKey, func() any { return map[string]bool{} }).(map[string]bool)
	defs[label] = true
	addFootnote(pc, Footnote{Label: label, Kind: FootnoteDef, Start: start, End: start + len(label) + 4})
	return n, st
}

// footnoteRefParser parses "[^label]" references to labels defined in the
// note and inline footnotes "^[text]". The text of an inline footnote is
// left to the other inline parsers, so links in it still count.
type footnoteRefParser struct{}

func (footnoteRefParser) Trigger() []byte { return []byte{'[', '^'} }

func (footnoteRefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if seg.Padding != 0 || len(line) < 3 {
		return nil
	}
	switch {
	case line[0] == '[' && line[1] == '^':
		closure := util.FindClosure(line[2:], '[', ']', false, false) //nolint:staticcheck // as goldmark's own footnote parser
		if closure < 1 {
			return nil
		}
		label := line[2 : 2+closure]
		defs, _ := pc.Get(footnoteDefKey).(map[string]bool)
		if !defs[string(label)] {
			return nil
		}
		addFootnote(pc, Footnote{Label: string(label), Kind: FootnoteRef, Start: seg.Start, End: seg.Start + closure + 3})
		block.Advance(closure + 3)
		return &footnoteRefNode{close: -1}
	case line[0] == '^' && line[1] == '[':
		closure := util.FindClosure(line[2:], '[', ']', true, true) //nolint:staticcheck // as goldmark's own footnote parser
		if closure < 1 || len(bytes.TrimSpace(line[2:2+closure])) == 0 {
			return nil
		}
		addFootnote(pc, Footnote{Kind: FootnoteInline, Start: seg.Start, End: seg.Start + closure + 3})
		block.Advance(2)
		return &footnoteRefNode{close: seg.Start + closure + 2}
	}
	return nil
}

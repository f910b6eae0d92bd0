package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdParser is the goldmark parser used by Parse: CommonMark plus the
// note-specific inline syntax below. goldmark parsers are safe for
// concurrent use; all per-document state lives in the parser.Context.
var mdParser = newParser()

func newParser() parser.Parser {
	blocks := []util.PrioritizedValue{
		util.Prioritized(parser.NewSetextHeadingParser(), 100),
		util.Prioritized(parser.NewThematicBreakParser(), 200),
		util.Prioritized(nestingLimit{parser.NewListParser()}, 300),
		util.Prioritized(nestingLimit{parser.NewListItemParser()}, 400),
		util.Prioritized(newIndentedCodeParser(), 500),
		util.Prioritized(orgBlockParser{}, 550),
		util.Prioritized(&atxHeadingParser{BlockParser: parser.NewATXHeadingParser()}, 600),
		util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
		util.Prioritized(nestingLimit{parser.NewBlockquoteParser()}, 800),
		util.Prioritized(parser.NewHTMLBlockParser(), 900),
		util.Prioritized(newFootnoteDefParser(), 999),
		util.Prioritized(parser.NewParagraphParser(), 1000),
	}
	var inlines []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		if v.Value == parser.NewLinkParser() {
			v.Value = &linkParser{inner: parser.NewLinkParser()}
		}
		inlines = append(inlines, v)
	}
	inlines = append(inlines,
		util.Prioritized(footnoteRefParser{}, 101), // before links and block ids
		util.Prioritized(wikiLinkParser{}, 199),    // before goldmark's links
		util.Prioritized(tagParser{}, 600),
		util.Prioritized(blockIDParser{}, 600),
		util.Prioritized(blockRefParser{}, 600),
		util.Prioritized(macroParser{}, 600),
	)
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

var (
	outlineKey     = parser.NewContextKey() // bool: the document is a Logseq outline
	linkSpansKey   = parser.NewContextKey() // map[ast.Node]mdLinkSpan
	linkOpenersKey = parser.NewContextKey() // *[]int: open '[' / '![' offsets
	headingLineKey = parser.NewContextKey() // map[ast.Node]int: ATX heading offsets
)

// indentedCodeParser replaces goldmark's indented code block parser so
// that outlines keep their links: a line indented by four or more columns
// that is a list bullet ("- x", "* x", "+ x", "1. x") opens a list, a
// Logseq property line ("key:: value") opens a paragraph, and in outline
// documents (see looksLikeOutline) any other indented line opens a
// paragraph too. Everything else is an indented code block, as in
// CommonMark. goldmark only lets the code block parser open indented
// lines, so this parser opens the other blocks itself and forwards their
// Continue and Close calls to the parsers that own them.
type indentedCodeParser struct {
	code, list, listItem, paragraph parser.BlockParser
}

func newIndentedCodeParser() *indentedCodeParser {
	return &indentedCodeParser{
		code:      parser.NewCodeBlockParser(),
		list:      nestingLimit{parser.NewListParser()},
		listItem:  nestingLimit{parser.NewListItemParser()},
		paragraph: parser.NewParagraphParser(),
	}
}

func (p *indentedCodeParser) Trigger() []byte { return nil }

func (p *indentedCodeParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if pc.BlockIndent() < 4 {
		return nil, parser.NoChildren // not indented: for the other parsers
	}
	line, _ := reader.PeekLine()
	indent := 0
	for indent < len(line) && (line[indent] == ' ' || line[indent] == '\t') {
		indent++
	}
	t := line[indent:]
	if isBullet(t) && !isThematicBreak(t) {
		l, pos := reader.Position()
		reader.Advance(indent)
		if n, st := p.list.Open(parent, reader, pc); n != nil {
			return n, st
		}
		if n, st := p.listItem.Open(parent, reader, pc); n != nil {
			return n, st
		}
		reader.SetPosition(l, pos)
	}
	if ast.IsParagraph(pc.LastOpenedBlock().Node) {
		return nil, parser.NoChildren // a paragraph continuation line
	}
	if isBullet(t) {
		return p.paragraph.Open(parent, reader, pc)
	}
	if v, _ := pc.Get(outlineKey).(bool); v {
		return p.paragraph.Open(parent, reader, pc)
	}
	if _, _, ok := propertyLine(t); ok {
		return p.paragraph.Open(parent, reader, pc)
	}
	return p.code.Open(parent, reader, pc)
}

// isBullet reports whether line starts with a list marker and a space.
func isBullet(line []byte) bool {
	i := 0
	if len(line) > 0 && (line[0] == '-' || line[0] == '*' || line[0] == '+') {
		i = 1
	} else {
		for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		if i == 0 || i >= len(line) || (line[i] != '.' && line[i] != ')') {
			return false
		}
		i++
	}
	return i < len(line) && (line[i] == ' ' || line[i] == '\t')
}

// isThematicBreak reports whether line is a thematic break such as
// "- - -" or "***", which goldmark would not accept as a list item.
func isThematicBreak(line []byte) bool {
	var marker byte
	count := 0
	for _, c := range line {
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case (c == '-' || c == '*' || c == '_') && (marker == 0 || c == marker):
			marker = c
			count++
		default:
			return false
		}
	}
	return count >= 3
}

// owner returns the parser that handles blocks like n.
func (p *indentedCodeParser) owner(n ast.Node) parser.BlockParser {
	switch n.(type) {
	case *ast.List:
		return p.list
	case *ast.ListItem:
		return p.listItem
	case *ast.Paragraph:
		return p.paragraph
	default:
		return p.code
	}
}

func (p *indentedCodeParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return p.owner(node).Continue(node, reader, pc)
}

func (p *indentedCodeParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	p.owner(node).Close(node, reader, pc)
}

// CanInterruptParagraph is true so that an indented bullet can start a
// list right after a paragraph line; Open declines every other line while
// a paragraph is open.
func (p *indentedCodeParser) CanInterruptParagraph() bool { return true }

func (p *indentedCodeParser) CanAcceptIndentedLine() bool { return true }

// maxNesting bounds how deep lists and block quotes nest: goldmark takes
// quadratic time on a line like "> > > > ..." or "- - - - ...". Deeper
// markers are read as text, which keeps every link on the line.
const maxNesting = 64

// nestingLimit is a container block parser that does not open beyond
// maxNesting levels.
type nestingLimit struct {
	parser.BlockParser
}

func (p nestingLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil && depth < maxNesting; n = n.Parent() {
		depth++
	}
	if depth >= maxNesting {
		return nil, parser.NoChildren
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// atxHeadingParser is goldmark's ATX heading parser that also records where
// each heading starts, since empty headings carry no lines.
type atxHeadingParser struct {
	parser.BlockParser
}

func (p *atxHeadingParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	_, seg := reader.PeekLine()
	n, st := p.BlockParser.Open(parent, reader, pc)
	if n != nil {
		m, _ := pc.ComputeIfAbsent(headingLineKey, func() any { return map[ast.Node]int{} }).(map[ast.Node]int)
		m[n] = seg.Start
	}
	return n, st
}

// mdLinkSpan locates a goldmark Link or Image in the body.
type mdLinkSpan struct {
	start, end int // the whole syntax
	labelStart int // first byte of the label, after '[' or "!["
	close      int // offset of the ']' closing the label
	inline     bool
}

func linkSpans(pc parser.Context) map[ast.Node]mdLinkSpan {
	m, _ := pc.Get(linkSpansKey).(map[ast.Node]mdLinkSpan)
	return m
}

// linkParser wraps goldmark's link parser to record where each Link and
// Image starts and ends: goldmark's nodes carry no offsets. It mirrors the
// stack of open link labels that goldmark keeps privately: every opener
// goldmark accepts is pushed, and every ']' that finds an opener pops it.
type linkParser struct {
	inner parser.InlineParser
}

func (p *linkParser) Trigger() []byte { return p.inner.Trigger() }

func (p *linkParser) openers(pc parser.Context) *[]int {
	v, _ := pc.ComputeIfAbsent(linkOpenersKey, func() any { return new([]int) }).(*[]int)
	return v
}

func (p *linkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	stack := p.openers(pc)
	if line[0] != ']' {
		n := p.inner.Parse(parent, block, pc)
		if n != nil {
			*stack = append(*stack, seg.Start)
		}
		return n
	}
	closeAt := seg.Start
	hadOpener := len(*stack) > 0
	n := p.inner.Parse(parent, block, pc)
	if !hadOpener {
		return n
	}
	start := (*stack)[len(*stack)-1]
	*stack = (*stack)[:len(*stack)-1]
	if n == nil {
		return nil
	}
	src := block.Source()
	_, pos := block.Position()
	end := pos.Start
	if pos.Padding != 0 || end <= closeAt || end > len(src) || (src[end-1] != ')' && src[end-1] != ']') {
		// The reader moved to the next line: the syntax ended at the last
		// ')' or ']' before it.
		end = closeAt + 1
		for i := min(pos.Start, len(src)) - 1; i > closeAt; i-- {
			if src[i] == ')' || src[i] == ']' {
				end = i + 1
				break
			}
		}
	}
	labelStart := start + 1
	if src[start] == '!' {
		labelStart++
	}
	sp := mdLinkSpan{start: start, end: end, labelStart: labelStart, close: closeAt,
		inline: closeAt+1 < len(src) && src[closeAt+1] == '(' && src[end-1] == ')'}
	m, _ := pc.ComputeIfAbsent(linkSpansKey, func() any { return map[ast.Node]mdLinkSpan{} }).(map[ast.Node]mdLinkSpan)
	m[n] = sp
	return n
}

var _ parser.CloseBlocker = (*linkParser)(nil)

// CloseBlock forwards to goldmark's link parser and forgets open labels.
func (p *linkParser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := p.inner.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
	*p.openers(pc) = (*p.openers(pc))[:0]
}

var (
	kindWikiLink = ast.NewNodeKind("WikiLink")
	kindTag      = ast.NewNodeKind("Tag")
	kindBlockID  = ast.NewNodeKind("BlockID")
	kindBlockRef = ast.NewNodeKind("BlockRef")
	kindMacro    = ast.NewNodeKind("Macro")
)

// wikiLinkNode is a [[wikilink]], ![[embed]] or {{embed [[x]]}}; offsets
// are relative to the body.
type wikiLinkNode struct {
	ast.BaseInline
	link Link
	info linkInfo
}

func (n *wikiLinkNode) Kind() ast.NodeKind { return kindWikiLink }

func (n *wikiLinkNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Target": n.link.Target}, nil)
}

// tagNode is a #tag or Logseq #[[multi word]] tag.
type tagNode struct {
	ast.BaseInline
	name string
}

func (n *tagNode) Kind() ast.NodeKind { return kindTag }

func (n *tagNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.name}, nil)
}

// blockIDNode is an Obsidian "^block-id" at the end of a line.
type blockIDNode struct {
	ast.BaseInline
	id  string
	pos int
}

func (n *blockIDNode) Kind() ast.NodeKind { return kindBlockID }

func (n *blockIDNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.id}, nil)
}

// blockRefNode is a Logseq ((uuid)) block reference.
type blockRefNode struct {
	ast.BaseInline
	id string
}

func (n *blockRefNode) Kind() ast.NodeKind { return kindBlockRef }

func (n *blockRefNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.id}, nil)
}

// macroNode is a Logseq {{query ...}} macro, which hides its content.
type macroNode struct {
	ast.BaseInline
}

func (n *macroNode) Kind() ast.NodeKind { return kindMacro }

func (n *macroNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// wikiLinkParser parses [[...]] and ![[...]] on a single line.
type wikiLinkParser struct{}

func (wikiLinkParser) Trigger() []byte { return []byte{'[', '!'} }

func (wikiLinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if seg.Padding != 0 {
		return nil
	}
	i := 0
	kind := KindWikilink
	if len(line) > 0 && line[0] == '!' {
		kind = KindEmbed
		i = 1
	}
	n, length := scanWikiLink(line[i:], seg.Start+i, kind)
	if n == nil {
		return nil
	}
	n.link.Start = seg.Start
	block.Advance(i + length)
	return n
}

// scanWikiLink parses "[[content]]" at the start of line, which starts at
// body offset base. It returns the node and the length of the syntax.
func scanWikiLink(line []byte, base int, kind LinkKind) (*wikiLinkNode, int) {
	content, ok := doubleBracketed(line)
	if !ok {
		return nil, 0
	}
	l, info := splitWikiLink(content, base+2)
	if l.Target == "" && l.Anchor == "" {
		return nil, 0
	}
	l.Kind = kind
	l.Start = base
	l.End = base + len(content) + 4
	info.rewritable = true
	return &wikiLinkNode{link: l, info: info}, len(content) + 4
}

// doubleBracketed returns the content of "[[content]]" at the start of
// line: on one line, non-blank, without a nested "[[".
func doubleBracketed(line []byte) ([]byte, bool) {
	if len(line) < 5 || line[0] != '[' || line[1] != '[' {
		return nil, false
	}
	for j := 2; j+1 < len(line); j++ {
		switch c := line[j]; {
		case c == '\n' || c == '\r':
			return nil, false
		case c == '[' && line[j+1] == '[':
			return nil, false
		case c == ']' && line[j+1] == ']':
			content := line[2:j]
			if len(bytes.TrimSpace(content)) == 0 {
				return nil, false
			}
			return content, true
		}
	}
	return nil, false
}

// splitWikiLink splits "target#anchor|alias" (also "target\|alias", the
// escaped pipe used in tables); base is the offset of content.
func splitWikiLink(content []byte, base int) (Link, linkInfo) {
	var l Link
	tpart := content
	if pipe := bytes.IndexByte(content, '|'); pipe >= 0 {
		tpart = content[:pipe]
		l.Alias = string(bytes.TrimSpace(content[pipe+1:]))
		tpart = bytes.TrimSuffix(tpart, []byte{'\\'})
	}
	target := tpart
	if hash := bytes.IndexByte(tpart, '#'); hash >= 0 {
		target = tpart[:hash]
		l.Anchor = string(bytes.TrimSpace(tpart[hash+1:]))
	}
	lead := len(target) - len(bytes.TrimLeftFunc(target, unicode.IsSpace))
	trimmed := bytes.TrimSpace(target)
	l.Target = string(trimmed)
	if len(trimmed) == 0 {
		lead = 0
	}
	return l, linkInfo{targetStart: base + lead, targetEnd: base + lead + len(trimmed)}
}

// tagParser parses #tag, #nested/tag and Logseq #[[multi word]]. A tag
// must follow whitespace or start a line, and needs at least one character
// that is not a digit (as in Obsidian: #123 is not a tag, #fff is).
type tagParser struct{}

func (tagParser) Trigger() []byte { return []byte{'#'} }

func (tagParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if prev := block.PrecendingCharacter(); prev != '\n' && !unicode.IsSpace(prev) {
		return nil
	}
	line, seg := block.PeekLine()
	if seg.Padding != 0 || len(line) < 2 {
		return nil
	}
	if content, ok := doubleBracketed(line[1:]); ok {
		block.Advance(1 + len(content) + 4)
		return &tagNode{name: string(bytes.TrimSpace(content))}
	}
	i := 1
	for i < len(line) {
		r, size := utf8.DecodeRune(line[i:])
		if !isTagRune(r, size) {
			break
		}
		i += size
	}
	name := bytes.TrimRight(line[1:i], "/")
	if !bytes.ContainsFunc(name, func(r rune) bool { return r < '0' || r > '9' }) {
		return nil
	}
	block.Advance(i)
	return &tagNode{name: string(name)}
}

// isTagRune reports whether r may appear in a #tag: letters, digits, '_',
// '-', '/', and non-ASCII letters, marks, symbols (emoji) and digits.
func isTagRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size <= 1:
		return false
	case r < utf8.RuneSelf:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '/'
	default:
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsSymbol(r) ||
			r == 0x200D || r == 0xFE0F // emoji joiners and variation selectors
	}
}

// blockIDParser parses an Obsidian block id: "^id" after whitespace at the
// end of a line, id made of ASCII letters, digits and '-'.
type blockIDParser struct{}

func (blockIDParser) Trigger() []byte { return []byte{'^'} }

func (blockIDParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if prev := block.PrecendingCharacter(); prev != '\n' && prev != ' ' && prev != '\t' {
		return nil
	}
	line, seg := block.PeekLine()
	if seg.Padding != 0 {
		return nil
	}
	i := 1
	for i < len(line) && (line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z' || line[i] >= '0' && line[i] <= '9' || line[i] == '-') {
		i++
	}
	if i == 1 || len(bytes.TrimRight(line[i:], " \t\r\n")) != 0 {
		return nil
	}
	block.Advance(i)
	return &blockIDNode{id: string(line[1:i]), pos: seg.Start}
}

// blockRefParser parses a Logseq block reference "((uuid))".
type blockRefParser struct{}

func (blockRefParser) Trigger() []byte { return []byte{'('} }

func (blockRefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if seg.Padding != 0 {
		return nil
	}
	id, ok := blockRef(line)
	if !ok {
		return nil
	}
	block.Advance(len(id) + 4)
	return &blockRefNode{id: string(id)}
}

// blockRef returns the uuid of "((uuid))" at the start of b.
func blockRef(b []byte) ([]byte, bool) {
	if len(b) < 4+36 || b[0] != '(' || b[1] != '(' || b[38] != ')' || b[39] != ')' || !isUUID(b[2:38]) {
		return nil, false
	}
	return b[2:38], true
}

// isUUID reports whether b is a textual UUID (8-4-4-4-12 hex digits).
func isUUID(b []byte) bool {
	if len(b) != 36 {
		return false
	}
	for i, c := range b {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// maxMacro bounds the length of a Logseq macro so that a line full of "{{"
// stays linear to parse.
const maxMacro = 4096

// macroParser parses the Logseq macros that matter for links:
// {{embed [[page]]}} and {{embed ((uuid))}} become an embed and a block
// reference, {{query ...}} is consumed so that nothing inside counts. Other
// macros are left to the other parsers.
type macroParser struct{}

func (macroParser) Trigger() []byte { return []byte{'{'} }

func (macroParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if seg.Padding != 0 || len(line) < 4 || line[1] != '{' {
		return nil
	}
	end := -1
	for j := 2; j+1 < len(line) && j < maxMacro; j++ {
		if line[j] == '\n' || line[j] == '\r' || (line[j] == '{' && line[j+1] == '{') {
			break
		}
		if line[j] == '}' && line[j+1] == '}' {
			end = j
			break
		}
	}
	if end < 0 {
		return nil
	}
	inner := line[2:end]
	name, arg, _ := bytes.Cut(bytes.TrimLeft(inner, " \t"), []byte{' '})
	var n ast.Node
	switch string(name) {
	case "query":
		n = &macroNode{}
	case "embed":
		lead := len(arg) - len(bytes.TrimLeft(arg, " \t"))
		argStart := seg.Start + (len(line[:end]) - len(arg)) + lead
		arg = bytes.TrimSpace(arg)
		if id, ok := blockRef(arg); ok && len(arg) == len(id)+4 {
			n = &blockRefNode{id: string(id)}
		} else if w, length := scanWikiLink(arg, argStart, KindEmbed); w != nil && length == len(arg) {
			w.link.Start = seg.Start
			w.link.End = seg.Start + end + 2
			n = w
		}
	}
	if n == nil {
		return nil
	}
	block.Advance(end + 2)
	return n
}

var kindOrgBlock = ast.NewNodeKind("OrgBlock")

// orgBlockNode is a Logseq "#+BEGIN_SRC" ... "#+END_SRC" block whose
// content is literal: SRC, EXAMPLE, QUERY, EXPORT or COMMENT.
type orgBlockNode struct {
	ast.BaseBlock
}

func (n *orgBlockNode) Kind() ast.NodeKind { return kindOrgBlock }

// IsRaw reports true: the content is not Markdown.
func (n *orgBlockNode) IsRaw() bool { return true }

func (n *orgBlockNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// literalOrgBlocks are the Logseq #+BEGIN_ blocks whose content is literal.
var literalOrgBlocks = []string{"SRC", "EXAMPLE", "QUERY", "EXPORT", "COMMENT"}

// orgBlockParser parses the literal Logseq #+BEGIN_X ... #+END_X blocks,
// so that nothing inside them counts (like fenced code). Other #+BEGIN_
// blocks (QUOTE, NOTE, TIP, ...) hold Markdown and are left alone.
type orgBlockParser struct{}

func (orgBlockParser) Trigger() []byte { return []byte{'#'} }

func (orgBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) {
		return nil, parser.NoChildren
	}
	rest, ok := cutPrefixFold(line[pos:], "#+BEGIN_")
	if !ok {
		return nil, parser.NoChildren
	}
	literal := false
	for _, name := range literalOrgBlocks {
		if after, ok := cutPrefixFold(rest, name); ok && (len(after) == 0 || after[0] == ' ' || after[0] == '\t' || after[0] == '\r' || after[0] == '\n') {
			literal = true
			break
		}
	}
	if !literal {
		return nil, parser.NoChildren
	}
	n := &orgBlockNode{}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

func (orgBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	if _, ok := cutPrefixFold(bytes.TrimLeft(line, " \t"), "#+END_"); ok {
		return parser.Close
	}
	return parser.Continue | parser.NoChildren
}

func (orgBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (orgBlockParser) CanInterruptParagraph() bool { return true }

func (orgBlockParser) CanAcceptIndentedLine() bool { return false }

// cutPrefixFold is bytes.CutPrefix with an ASCII case-insensitive prefix.
func cutPrefixFold(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || !bytes.EqualFold(b[:len(prefix)], []byte(prefix)) {
		return b, false
	}
	return b[len(prefix):], true
}

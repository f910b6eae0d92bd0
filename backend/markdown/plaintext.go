package markdown

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// PlainText returns the text of a note as a reader sees it, for search
// snippets: body is the Markdown after the front matter without its
// syntax — a link shows as its text ([[Charles Babbage]] is "Charles
// Babbage", [[a|b]] is "b", [t](u) is "t", an image its alt text), no
// heading, list, quote or emphasis markers, no footnote markers, block
// ids or Logseq macros; code and raw HTML as written; one line per block.
// frontMatter is the front matter as "key: value" lines (keys sorted,
// lists joined with ", "), "" when there is none or it is not a valid
// mapping. PlainText never fails; invalid UTF-8 is kept as it is.
func PlainText(src []byte) (body, frontMatter string) {
	doc := &Doc{}
	parseFrontMatter(src, doc)
	frontMatter = flattenFrontMatter(doc.FrontMatter)
	b := src[doc.BodyStart:]
	var out bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				out.Reset()
				out.Write(b) // goldmark panicked: the text as written
			}
		}()
		pc := parser.NewContext()
		if looksLikeOutline(b) {
			pc.Set(outlineKey, true)
		}
		root := mdParser.Parse(text.NewReader(b), parser.WithContext(pc))
		writePlain(&out, b, root)
	}()
	return strings.TrimSpace(out.String()), frontMatter
}

// writePlain writes the text of the tree under root.
func writePlain(out *bytes.Buffer, src []byte, root ast.Node) {
	closing := map[int]bool{} // offsets of the closing ']' of inline footnotes
	newline := func() {
		if out.Len() > 0 && out.Bytes()[out.Len()-1] != '\n' {
			out.WriteByte('\n')
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				newline()
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			seg := n.Segment
			for i := seg.Start; i < seg.Stop && i < len(src); i++ {
				if closing[i] {
					out.WriteByte(')')
					continue
				}
				out.WriteByte(src[i])
			}
			if n.HardLineBreak() {
				out.WriteByte('\n')
			} else if n.SoftLineBreak() {
				out.WriteByte(' ')
			}
		case *ast.String:
			out.Write(n.Value)
		case *ast.AutoLink:
			out.Write(n.Label(src))
			return ast.WalkSkipChildren, nil
		case *wikiLinkNode:
			switch l := n.link; {
			case l.Alias != "":
				out.WriteString(l.Alias)
			case l.Target != "":
				out.WriteString(l.Target)
			default:
				out.WriteString(l.Anchor)
			}
		case *tagNode:
			out.WriteString("#" + n.name)
		case *footnoteRefNode:
			if n.close >= 0 { // an inline footnote reads as a parenthesis
				closing[n.close] = true
				out.WriteString(" (")
			}
		case *blockIDNode, *blockRefNode, *macroNode:
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				out.Write(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				out.Write(seg.Value(src))
			}
			newline()
			return ast.WalkSkipChildren, nil
		case *orgBlockNode:
			return ast.WalkSkipChildren, nil
		case *ast.ThematicBreak, *extast.FootnoteList:
			newline()
		}
		return ast.WalkContinue, nil
	})
}

// flattenFrontMatter writes front matter as "key: value" lines.
func flattenFrontMatter(fm map[string]any) string {
	if len(fm) == 0 {
		return ""
	}
	keys := make([]string, 0, len(fm))
	for k := range fm {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		v := plainValue(fm[k])
		if v == "" {
			continue
		}
		b.WriteString(k + ": " + v + "\n")
	}
	return strings.TrimSpace(b.String())
}

func plainValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			if s := plainValue(x); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return strings.ReplaceAll(flattenFrontMatter(v), "\n", "; ")
	default:
		return fmt.Sprint(v)
	}
}

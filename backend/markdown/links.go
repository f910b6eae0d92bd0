package markdown

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/util"
)

// addMarkdownLink records a goldmark Link or Image whose destination is a
// relative path; dest is goldmark's raw destination.
func (c *collector) addMarkdownLink(body, dest []byte, sp mdLinkSpan, image bool) {
	if sp.start < 0 || sp.end > len(body) || sp.start >= sp.end || sp.labelStart > sp.close {
		return
	}
	l := Link{
		Alias: string(bytes.TrimSpace(body[sp.labelStart:sp.close])),
		Kind:  KindMarkdown,
		Start: sp.start,
		End:   sp.end,
	}
	if image {
		l.Kind = KindEmbed
	}
	info := linkInfo{rewritable: sp.inline, encoded: true}
	// Where the raw destination is written: the first occurrence after
	// "](" (only spaces can come before it).
	destStart := -1
	if sp.inline {
		if i := bytes.Index(body[sp.close+2:sp.end], dest); i >= 0 {
			destStart = sp.close + 2 + i
		}
	}
	if destStart < 0 {
		info.rewritable = false
		destStart = sp.start
	}
	if destStart > 0 && body[destStart-1] == '<' {
		info.angle = true
	}

	raw := dest
	// Logseq labelled page and block links: [label]([[page]]), [label](((uuid))).
	if inner, ok := doubleBracketed(raw); ok && len(inner)+4 == len(raw) {
		wl, wi := splitWikiLink(inner, destStart+2)
		if wl.Target == "" {
			return
		}
		l.Kind, l.Target, l.Anchor = KindWikilink, wl.Target, wl.Anchor
		wi.rewritable = info.rewritable
		c.addLink(l, wi)
		return
	}
	if id, ok := blockRef(raw); ok && len(id)+4 == len(raw) {
		c.blockRefs = append(c.blockRefs, string(id))
		return
	}
	if !isRelative(raw) {
		return
	}
	pathPart := raw
	if hash := bytes.IndexByte(raw, '#'); hash >= 0 {
		pathPart = raw[:hash]
		l.Anchor = strings.TrimSpace(percentDecode(string(util.UnescapePunctuations(raw[hash+1:]))))
	}
	target := percentDecode(string(util.UnescapePunctuations(pathPart)))
	for strings.HasPrefix(target, "./") {
		target = target[2:]
		info.dotSlash = true
	}
	l.Target = strings.TrimSpace(target)
	if l.Target == "" {
		return
	}
	info.targetStart, info.targetEnd = destStart, destStart+len(pathPart)
	c.addLink(l, info)
}

// isRelative reports whether a Markdown destination is a relative path: not
// empty, not an anchor in the same note, not protocol-relative ("//host"),
// and without a URL scheme ("https:", "mailto:", "obsidian:", "C:") —
// except that a colon followed by a space is part of a note name
// ("flancia:%20on%20bridges.md", "<Agora: intro.md>").
func isRelative(dest []byte) bool {
	if len(dest) == 0 || dest[0] == '#' || bytes.HasPrefix(dest, []byte("//")) {
		return false
	}
	for i, c := range dest {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			rest := dest[i+1:]
			return bytes.HasPrefix(rest, []byte("%20")) || bytes.HasPrefix(rest, []byte(" "))
		default:
			return true
		}
	}
	return true
}

// percentDecode decodes %XX escapes, keeping invalid ones as written.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// percentEncode escapes a path for a Markdown link destination: bytes that
// would end or confuse the destination (space, control characters,
// "%#?()<>[]\`^{|}" and '"') are %XX-encoded; other characters, including
// non-ASCII letters and '/', are kept as they are.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte("%#?()<>[]\\`^{|}\"", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// RewriteLinks returns src with the targets of its links replaced: fn is
// called for every link of Parse(src).Links in source order, and when it
// returns ok with a target different from l.Target, only the target text is
// replaced. Alias, anchor, the embed '!' and the rest of the syntax are kept
// ([[Old|alias]] → [[New|alias]], ![[Old#h]] → ![[New#h]]); Markdown
// destinations are percent-encoded ([a](Old.md) → [a](New%20Name.md), or
// kept raw inside <...>) and keep a leading "./". Everything else, code
// included, is untouched.
//
// A target that cannot be written in the link's syntax is skipped: for
// wikilinks one containing '|', '#', "[[", "]]" or a line break, for
// <...> destinations one containing '<', '>' or a line break. Reference
// links ([a][ref]) are not rewritten. Matching (for instance
// case-insensitively) is fn's decision.
func RewriteLinks(src string, fn func(l Link) (newTarget string, ok bool)) string {
	res := parse([]byte(src))
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	for i, l := range res.doc.Links {
		info := res.info[i]
		if !info.rewritable {
			continue
		}
		nt, ok := fn(l)
		if !ok || nt == l.Target {
			continue
		}
		var text string
		switch {
		case !info.encoded:
			if strings.ContainsAny(nt, "|#\r\n") || strings.Contains(nt, "[[") || strings.Contains(nt, "]]") ||
				strings.HasSuffix(nt, "]") || strings.HasSuffix(nt, "\\") {
				continue
			}
			text = nt
		case info.angle:
			if strings.ContainsAny(nt, "<>\r\n") || strings.HasSuffix(nt, "\\") {
				continue
			}
			text = nt
		default:
			text = percentEncode(nt)
		}
		if info.encoded && info.dotSlash && !strings.HasPrefix(nt, "./") && !strings.HasPrefix(nt, "../") && !strings.HasPrefix(nt, "/") {
			text = "./" + text
		}
		edits = append(edits, edit{info.targetStart, info.targetEnd, text})
	}
	if len(edits) == 0 {
		return src
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	b.Grow(len(src))
	last := 0
	for _, e := range edits {
		if e.start < last || e.end > len(src) || e.start > e.end {
			continue // overlapping or out of range: never expected
		}
		b.WriteString(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String()
}

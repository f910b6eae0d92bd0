package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"
)

// property is one Logseq "key:: value" line.
type property struct {
	key, value string
}

// propertyLine parses a Logseq property line "key:: value" (leading
// indentation allowed). Keys are letters, digits, '_', '-', '.', '/' and
// '?', starting with a letter, digit or '_'; the value may be empty.
func propertyLine(line []byte) (key, value string, ok bool) {
	line = bytes.TrimLeft(line, " \t")
	i := 0
	for i < len(line) {
		c := line[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' ||
			i > 0 && (c == '-' || c == '.' || c == '/' || c == '?') {
			i++
			continue
		}
		break
	}
	if i == 0 || !bytes.HasPrefix(line[i:], []byte("::")) {
		return "", "", false
	}
	rest := line[i+2:]
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\r' && rest[0] != '\n' {
		return "", "", false
	}
	return string(line[:i]), string(bytes.TrimSpace(rest)), true
}

// logseqPageProperties returns the page properties of a Logseq page: the
// "key:: value" lines that open its first block, which is either unbulleted
// (the usual "pre-block") or the first "- " bullet and its continuation
// lines. Reading stops at the first line that is not a property.
func logseqPageProperties(body []byte) []property {
	var props []property
	off := 0
	// Skip blank lines.
	for off < len(body) {
		line, next, _ := nextLine(body, off)
		if len(bytes.TrimSpace(line)) != 0 {
			break
		}
		off = next
	}
	for first := true; off < len(body); first = false {
		line, next, _ := nextLine(body, off)
		off = next
		t := bytes.TrimLeft(line, " \t")
		if first {
			t = bytes.TrimPrefix(t, []byte("- "))
		}
		k, v, ok := propertyLine(t)
		if !ok {
			break
		}
		props = append(props, property{key: k, value: v})
	}
	return props
}

// logseqList splits a Logseq property value such as "a, [[b c]], #d" into
// its items, with [[ ]] brackets and a leading '#' removed.
func logseqList(v string) []string {
	var out []string
	for v != "" {
		v = strings.TrimLeft(v, " \t,")
		var item string
		if rest, ok := strings.CutPrefix(v, "#[["); ok {
			v = "[[" + rest
		}
		if strings.HasPrefix(v, "[[") {
			if end := strings.Index(v, "]]"); end >= 0 {
				item, v = v[2:end], v[end+2:]
			} else {
				item, v = v[2:], ""
			}
		} else if comma := strings.IndexByte(v, ','); comma >= 0 {
			item, v = v[:comma], v[comma+1:]
		} else {
			item, v = v, ""
		}
		if item = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(item), "#")); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// LogseqPageName returns the Logseq page name of a file, given its path
// relative to the graph folder ('/' or '\' separated):
//
//   - the extension (.md, .markdown, .org) is dropped;
//   - "___" is the namespace separator: "pages/a___b.md" is "a/b";
//   - percent-escapes are decoded: "pages/New to Logseq%3F.md" is
//     "New to Logseq?" (invalid escapes are kept as written);
//   - a journal "journals/yyyy_mm_dd.md" gets Logseq's default journal
//     title, "Jan 15th, 2023", which is how links to journals are written
//     ([[Jan 15th, 2023]]); a journal file name that is not a valid date is
//     named like any other page.
//
// A `title::` property or front-matter title overrides the file name in
// Logseq; that is for the caller to apply (Doc.Title).
func LogseqPageName(relPath string) string {
	p := strings.ReplaceAll(relPath, "\\", "/")
	dir, base := path.Split(p)
	for _, ext := range []string{".md", ".markdown", ".org"} {
		if len(base) > len(ext) && strings.EqualFold(base[len(base)-len(ext):], ext) {
			base = base[:len(base)-len(ext)]
			break
		}
	}
	if path.Base(strings.TrimSuffix(dir, "/")) == "journals" {
		if t, err := time.Parse("2006_01_02", base); err == nil {
			return JournalTitle(t)
		}
	}
	name := strings.ReplaceAll(base, "___", "/")
	if dec, err := url.PathUnescape(name); err == nil {
		name = dec
	}
	return name
}

// JournalTitle formats a date the way Logseq names journal pages by default
// ("MMM do, yyyy"): "Jan 1st, 2023", "Feb 22nd, 2024", "Mar 13th, 2025".
func JournalTitle(t time.Time) string {
	d := t.Day()
	suffix := "th"
	if d < 11 || d > 13 {
		switch d % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%s %d%s, %d", t.Format("Jan"), d, suffix, t.Year())
}

package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// parseFrontMatter reads YAML front matter: "---" on the first line (after
// an optional UTF-8 BOM), closed by a line "---" or "...". Line endings may
// be LF or CRLF. Without a closing fence there is no front matter.
func parseFrontMatter(src []byte, doc *Doc) {
	start := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		start = 3
	}
	first, next, ok := nextLine(src, start)
	if !ok || !isFence(first, false) {
		return
	}
	rawStart := next
	for off := next; off < len(src); {
		line, after, _ := nextLine(src, off)
		if isFence(line, true) {
			doc.RawFrontMatter = string(src[rawStart:off])
			doc.BodyStart = after
			decodeFrontMatter(src[rawStart:off], doc)
			return
		}
		off = after
	}
}

// nextLine returns the line starting at off without its line ending, the
// offset of the following line, and whether the line ended with '\n'.
func nextLine(src []byte, off int) (line []byte, next int, newline bool) {
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return bytes.TrimSuffix(src[off:], []byte{'\r'}), len(src), false
	}
	return bytes.TrimSuffix(src[off:off+i], []byte{'\r'}), off + i + 1, true
}

// isFence reports whether line is "---" (or "..." when closing), allowing
// trailing spaces.
func isFence(line []byte, closing bool) bool {
	line = bytes.TrimRight(line, " \t")
	return string(line) == "---" || (closing && string(line) == "...")
}

func decodeFrontMatter(raw []byte, doc *Doc) {
	if len(bytes.TrimSpace(raw)) == 0 {
		doc.FrontMatter = map[string]any{}
		return
	}
	var node yaml.Node
	if err := yaml.Unmarshal(raw, &node); err != nil {
		doc.FrontMatterError = err.Error()
		return
	}
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		if c := node.Content[0]; c.Kind == yaml.ScalarNode && c.Tag == "!!null" {
			doc.FrontMatter = map[string]any{} // only comments
			return
		}
	}
	var m map[string]any
	if err := node.Decode(&m); err != nil {
		doc.FrontMatterError = "front matter is not a YAML mapping: " + err.Error()
		return
	}
	if m == nil {
		m = map[string]any{}
	}
	doc.FrontMatter = m
}

// fillMetadata sets Title, Type, Aliases and Properties from the front
// matter and the Logseq page properties (front matter first), and adds
// their tags to tags.
func fillMetadata(doc *Doc, pageProps []property, tags *stringSet) {
	var aliases stringSet
	defer func() { doc.Aliases = aliases.list }()
	fm := doc.FrontMatter
	if len(fm) > 0 || len(pageProps) > 0 {
		doc.Properties = make(map[string]any, len(fm)+len(pageProps))
	}
	for k, v := range fm {
		doc.Properties[k] = v
	}
	for _, p := range pageProps {
		if _, ok := doc.Properties[p.key]; !ok {
			doc.Properties[p.key] = p.value
		}
	}

	doc.Title = scalarString(fm["title"])
	doc.Type = scalarString(fm["type"])
	for _, key := range []string{"aliases", "alias"} {
		for _, a := range yamlList(fm[key], ",") {
			aliases.add(a)
		}
	}
	for _, key := range []string{"tags", "tag"} {
		for _, t := range yamlList(fm[key], ", \t") {
			tags.addTag(t)
		}
	}

	for _, p := range pageProps {
		switch strings.ToLower(p.key) {
		case "title":
			if doc.Title == "" {
				doc.Title = p.value
			}
		case "type":
			if doc.Type == "" {
				if items := logseqList(p.value); len(items) > 0 {
					doc.Type = items[0]
				}
			}
		case "alias", "aliases":
			for _, a := range logseqList(p.value) {
				aliases.add(a)
			}
		case "tags", "tag":
			for _, t := range logseqList(p.value) {
				tags.addTag(t)
			}
		}
	}
}

// scalarString formats a YAML scalar; lists and maps give "".
func scalarString(v any) string {
	switch v := v.(type) {
	case nil, []any, map[string]any:
		return ""
	case string:
		return strings.TrimSpace(v)
	default:
		return fmt.Sprint(v)
	}
}

// yamlList reads a YAML list, or a string split at any of seps.
func yamlList(v any, seps string) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			if s := scalarString(item); s != "" {
				out = append(out, s)
			}
		}
	case nil, map[string]any:
	default:
		for _, s := range strings.FieldsFunc(scalarString(v), func(r rune) bool { return strings.ContainsRune(seps, r) }) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

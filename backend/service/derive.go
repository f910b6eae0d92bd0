package service

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"

	"secondbrain/backend"
	"secondbrain/backend/markdown"
)

// Derive parses a note's Markdown and returns what the store keeps beside
// it: links with their resolution keys, tags, properties as JSON, aliases
// (front-matter aliases plus a front-matter title) and the type.
func Derive(notePath, body string) backend.Derived {
	return deriveDoc(notePath, markdown.Parse([]byte(body)))
}

func deriveDoc(notePath string, doc *markdown.Doc) backend.Derived {
	d := backend.Derived{Tags: doc.Tags, Type: strings.TrimSpace(doc.Type), FrontMatterError: doc.FrontMatterError}
	folder := folderOf(notePath)
	for _, l := range doc.Links {
		if strings.TrimSpace(l.Target) == "" {
			continue // [[#Heading]]: a link inside the same note
		}
		d.Links = append(d.Links, backend.LinkRef{
			Target:    l.Target,
			TargetKey: TargetKey(folder, l.Target, string(l.Kind)),
			Anchor:    l.Anchor,
			Alias:     l.Alias,
			Kind:      string(l.Kind),
			Position:  l.Start,
		})
	}
	d.Links = append(d.Links, propertyLinks(folder, doc.Properties)...)
	if len(doc.Properties) > 0 {
		d.Properties = make(map[string]string, len(doc.Properties))
		for k, v := range doc.Properties {
			b, err := json.Marshal(v)
			if err != nil { // e.g. a YAML map with non-string keys: keep its text
				b, _ = json.Marshal(fmt.Sprint(v))
			}
			d.Properties[k] = string(b)
		}
	}
	d.Aliases = append(d.Aliases, doc.Aliases...)
	if t := strings.TrimSpace(doc.Title); t != "" {
		d.Aliases = append(d.Aliases, t)
	}
	// A Logseq page is named by its file in its own way ("a___b.md" is the
	// page a/b, "journals/2023_01_15.md" is "Jan 15th, 2023"): links written
	// with that name resolve through an alias, stable across edits.
	title := strings.TrimSuffix(path.Base(notePath), path.Ext(notePath))
	if name := markdown.LogseqPageName(notePath); name != "" && !strings.EqualFold(name, title) {
		d.Aliases = append(d.Aliases, name)
	}
	return d
}

// propertyLinks turns front-matter values that are links — author:
// "[[Ada Lovelace]]", or a list of them — into typed relations (AUTHOR), so
// a person adds relation types to the graph by writing properties.
func propertyLinks(folder string, props map[string]any) []backend.LinkRef {
	keys := make([]string, 0, len(props))
	for k := range props {
		switch strings.ToLower(k) {
		case "tags", "tag", "aliases", "alias", "type", "title":
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []backend.LinkRef
	for _, k := range keys {
		rel := RelationType(k)
		if rel == "" {
			continue
		}
		for _, v := range flattenStrings(props[k]) {
			if !strings.Contains(v, "[[") {
				continue
			}
			for _, l := range markdown.Parse([]byte(v)).Links {
				if l.Kind != markdown.KindWikilink || strings.TrimSpace(l.Target) == "" {
					continue
				}
				out = append(out, backend.LinkRef{Target: l.Target, TargetKey: TargetKey(folder, l.Target, string(l.Kind)),
					Anchor: l.Anchor, Alias: l.Alias, Kind: backend.LinkProperty, Rel: rel})
			}
		}
	}
	return out
}

// flattenStrings returns the strings in a YAML value: itself, or the
// strings of a list.
func flattenStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// RelationType makes a graph relation type of a property key: upper case,
// runs of anything but letters and digits as one underscore ("related to"
// → RELATED_TO). Returns "" when nothing is left.
func RelationType(key string) string {
	var b strings.Builder
	pending := false
	for _, r := range strings.TrimSpace(key) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteString(strings.ToUpper(string(r)))
		} else {
			pending = true
		}
	}
	return b.String()
}

// TargetKey is the resolution key of a link written in a note in folder:
// the vault-relative target, lower-cased, without ".md". Markdown links and
// targets starting with ./ or ../ are relative to the note's folder; wikilinks
// are names or vault paths. A target that leaves the vault has key "".
func TargetKey(folder, target, kind string) string {
	t := strings.TrimSpace(strings.ReplaceAll(target, `\`, "/"))
	relative := kind == string(markdown.KindMarkdown) || strings.HasPrefix(t, "./") || strings.HasPrefix(t, "../")
	folder = strings.Trim(folder, "/")
	switch {
	case strings.HasPrefix(t, "/"):
		t = strings.TrimLeft(t, "/")
	case relative && folder != "":
		t = folder + "/" + t
	}
	t = path.Clean(t)
	if t == "." || t == ".." || t == "/" || strings.HasPrefix(t, "../") || strings.HasPrefix(t, "/") {
		return ""
	}
	if strings.EqualFold(path.Ext(t), ".md") {
		t = t[:len(t)-3]
	}
	return strings.ToLower(t)
}

package indexer

import (
	"regexp"
	"strings"
)

var (
	// dateLine is a line holding only a date or a time ("2021-05-07",
	// "Created: 2024-01-02 10:00"), as templates write them.
	dateLine = regexp.MustCompile(`^(?:[\p{L} _-]{1,20}:\s*)?\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$`)
	// propertyLine is a Logseq property ("id:: 64a…", "collapsed:: true").
	propertyLine = regexp.MustCompile(`^[\p{L}\p{N}_-]+::`)
	// listMarker is a list item's or a quote's marker, with a task box.
	listMarker = regexp.MustCompile(`^(?:>\s*)*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(?:\[[ xX/-]\]\s+)?`)
	embedLink  = regexp.MustCompile(`!\[\[[^\]\n]*\]\]`)
	wikiLink   = regexp.MustCompile(`\[\[([^\]|#\n]*)(?:#[^\]|\n]*)?(?:\|([^\]\n]*))?\]\]`)
	mdLink     = regexp.MustCompile(`!?\[([^\]\n]*)\]\([^)\n]*\)`)
	bareURL    = regexp.MustCompile(`\bhttps?://\S+`)
	blockRef   = regexp.MustCompile(`\(\([0-9a-fA-F-]{8,}\)\)|\s\^[\w-]+$`)
	emphasis   = strings.NewReplacer("**", "", "__", "", "~~", "", "==", "", "`", "")
)

// plainLine is a Markdown line as words to embed: link syntax replaced by
// the link's text, embeds, URLs and block references dropped, list and
// task markers and emphasis removed. Lines that only carry a date or a
// Logseq property are boilerplate every note of a template repeats and
// give "". Meaning models read every token: in a journal made of
// "- [[topic]]" lines the brackets and dashes outnumber the words and make
// every such note look alike.
func plainLine(line string) string {
	t := strings.TrimSpace(line)
	if t == "" || propertyLine.MatchString(t) || dateLine.MatchString(t) {
		return ""
	}
	t = listMarker.ReplaceAllString(t, "")
	t = embedLink.ReplaceAllString(t, "")
	t = wikiLink.ReplaceAllStringFunc(t, func(m string) string {
		sub := wikiLink.FindStringSubmatch(m)
		if strings.TrimSpace(sub[2]) != "" {
			return sub[2]
		}
		return sub[1]
	})
	t = mdLink.ReplaceAllString(t, "$1")
	t = bareURL.ReplaceAllString(t, "")
	t = blockRef.ReplaceAllString(t, "")
	t = emphasis.Replace(t)
	return strings.Join(strings.Fields(t), " ")
}

package agent

import (
	"html"
	"strings"
	"unicode"
)

// plainSnippet turns a search snippet (escaped HTML with <mark>) into
// plain text with the matches between « and ».
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "«", "</mark>", "»").Replace(s)
	return html.UnescapeString(s)
}

// queryTerms returns the words to look for in a note: those the snippet
// marked and those of the query (not the -excluded ones), lower case.
func queryTerms(query, snippet string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if len([]rune(w)) >= 2 && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	rest := snippet
	for {
		i := strings.Index(rest, "<mark>")
		if i < 0 {
			break
		}
		rest = rest[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			break
		}
		for _, w := range strings.Fields(html.UnescapeString(rest[:j])) {
			add(w)
		}
		rest = rest[j:]
	}
	for _, w := range strings.Fields(query) {
		if !strings.HasPrefix(w, "-") {
			add(w)
		}
	}
	return out
}

// passage returns the lines (1-based, inclusive) of the part of body that
// best matches the query: the paragraph holding the most query terms,
// narrowed to at most 8 lines around its best line. Without any term in the
// body (a semantic hit), the line holding the snippet's text; else the
// first lines of the text after the front matter.
func passage(body, query, snippet string) (int, int) {
	ls := lines(body)
	if len(ls) == 0 {
		return 1, 1
	}
	lower := make([]string, len(ls))
	for i, l := range ls {
		lower[i] = strings.ToLower(l)
	}
	terms := queryTerms(query, snippet)
	lineScore := make([]int, len(ls))
	for i, l := range lower {
		for _, t := range terms {
			if c := strings.Count(l, t); c > 0 {
				lineScore[i] += 10 + c
			}
		}
	}
	bodyFrom := 0
	if len(ls) > 0 && strings.TrimSpace(ls[0]) == "---" {
		for i := 1; i < len(ls); i++ {
			if t := strings.TrimSpace(ls[i]); t == "---" || t == "..." {
				bodyFrom = i + 1
				break
			}
		}
	}
	// Paragraphs: runs of non-blank lines.
	bestScore, bestFrom, bestTo := 0, -1, -1
	for i := 0; i < len(ls); {
		if strings.TrimSpace(ls[i]) == "" {
			i++
			continue
		}
		j, score := i, 0
		distinct := map[string]bool{}
		for j < len(ls) && strings.TrimSpace(ls[j]) != "" && (j == i || j != bodyFrom) {
			score += lineScore[j]
			for _, t := range terms {
				if strings.Contains(lower[j], t) {
					distinct[t] = true
				}
			}
			j++
		}
		score += 100 * len(distinct)
		if score > bestScore {
			bestScore, bestFrom, bestTo = score, i, j-1
		}
		i = j
	}
	if bestScore > 0 {
		if bestTo-bestFrom >= 8 {
			best := bestFrom
			for k := bestFrom; k <= bestTo; k++ {
				if lineScore[k] > lineScore[best] {
					best = k
				}
			}
			from := max(bestFrom, best-3)
			to := min(bestTo, from+7)
			return from + 1, to + 1
		}
		return bestFrom + 1, bestTo + 1
	}
	plain := strings.NewReplacer("«", "", "»", "", "…", "").Replace(plainSnippet(snippet))
	plain = strings.ToLower(strings.TrimSpace(plain))
	if r := []rune(plain); len(r) > 30 {
		plain = string(r[:30])
	}
	if plain != "" {
		for i, l := range lower {
			if strings.Contains(l, plain) {
				return i + 1, i + 1
			}
		}
	}
	from := bodyFrom
	for from < len(ls)-1 && strings.TrimSpace(ls[from]) == "" {
		from++
	}
	return min(from, len(ls)-1) + 1, min(from+4, len(ls)-1) + 1
}

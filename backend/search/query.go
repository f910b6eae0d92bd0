// Package search holds the query syntax that every search shares: words,
// "phrases", -exclusions and a trailing prefix*. Measuring search quality
// is backend/evaluation's.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"secondbrain/backend"
)

// MaxQueryBytes bounds the query text.
const MaxQueryBytes = 4096

// Query is a parsed search text.
type Query struct {
	// Words are the free words, in order; any may match.
	Words []string
	// Phrases must each appear, word after word.
	Phrases []string
	// Excluded words and phrases must not appear.
	Excluded []string
	// PrefixLast says the last word is a prefix (it ended with * or the
	// search runs as you type).
	PrefixLast bool
}

// Positive reports whether the query has anything to look for.
func (q Query) Positive() bool { return len(q.Words) > 0 || len(q.Phrases) > 0 }

// Parse splits a search text into words, "phrases", -exclusions and a
// trailing word* prefix. With asYouType the last word is a prefix even
// without a star. Returns EINVALID when nothing is left to look for.
func Parse(text string, asYouType bool) (Query, error) {
	var q Query
	if !utf8.ValidString(text) {
		return q, backend.Errorf(backend.EINVALID, "the search text is not valid UTF-8")
	}
	if len(text) > MaxQueryBytes {
		return q, backend.Errorf(backend.EINVALID, "the search text is longer than %d bytes", MaxQueryBytes)
	}
	rs := []rune(text)
	lastIsWord := false
	starred := false
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			neg = true
			i++
		}
		if rs[i] == '"' {
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			p := strings.Join(strings.Fields(string(rs[i+1:j])), " ")
			i = j + 1
			if !hasWordChar(p) {
				continue
			}
			if neg {
				q.Excluded = append(q.Excluded, p)
			} else {
				q.Phrases = append(q.Phrases, p)
			}
			lastIsWord = false
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
			j++
		}
		w := string(rs[i:j])
		i = j
		star := strings.HasSuffix(w, "*")
		w = strings.TrimRight(w, "*")
		if !hasWordChar(w) {
			continue
		}
		if neg {
			q.Excluded = append(q.Excluded, w)
			continue
		}
		q.Words = append(q.Words, w)
		lastIsWord, starred = true, star
	}
	q.PrefixLast = lastIsWord && (starred || asYouType)
	if !q.Positive() {
		return q, backend.Errorf(backend.EINVALID, "the search has no word to look for")
	}
	return q, nil
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

package evaluation

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tokenize is the baseline's tokenizer: Unicode compatibility decomposition
// with the combining marks dropped ("Café" → "cafe"), lower case, and a
// split on everything that is not a letter or a digit. No stemming, no stop
// words, like the sb_simple configuration of the main path.
func Tokenize(s string) []string {
	var toks []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			toks = append(toks, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// an accent: dropped
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return toks
}

// BM25 is a plain in-memory Okapi BM25 index (Lucene's idf
// ln(1 + (N - df + 0.5) / (df + 0.5))), the baseline that lexical search is
// measured against.
type BM25 struct {
	K1, B    float64
	ids      []string
	lens     []float64
	avgdl    float64
	postings map[string][]posting
}

type posting struct {
	doc int
	tf  float64
}

// NewBM25 returns an empty index with the given parameters.
func NewBM25(k1, b float64) *BM25 {
	return &BM25{K1: k1, B: b, postings: map[string][]posting{}}
}

// Add indexes one document.
func (x *BM25) Add(id, text string) {
	doc := len(x.ids)
	x.ids = append(x.ids, id)
	tf := map[string]int{}
	toks := Tokenize(text)
	for _, t := range toks {
		tf[t]++
	}
	for t, n := range tf {
		x.postings[t] = append(x.postings[t], posting{doc, float64(n)})
	}
	x.lens = append(x.lens, float64(len(toks)))
	x.avgdl += (float64(len(toks)) - x.avgdl) / float64(len(x.ids))
}

// Search returns the ids of the k best documents for the query, best first
// (ties broken by id). Repeated query words count as often as they appear.
func (x *BM25) Search(query string, k int) []string {
	n := float64(len(x.ids))
	scores := map[int]float64{}
	for _, t := range Tokenize(query) {
		ps := x.postings[t]
		if len(ps) == 0 {
			continue
		}
		df := float64(len(ps))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for _, p := range ps {
			norm := x.K1 * (1 - x.B + x.B*x.lens[p.doc]/x.avgdl)
			scores[p.doc] += idf * p.tf * (x.K1 + 1) / (p.tf + norm)
		}
	}
	docs := make([]int, 0, len(scores))
	for d := range scores {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool {
		if scores[docs[i]] != scores[docs[j]] {
			return scores[docs[i]] > scores[docs[j]]
		}
		return x.ids[docs[i]] < x.ids[docs[j]]
	})
	if len(docs) > k {
		docs = docs[:k]
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = x.ids[d]
	}
	return out
}

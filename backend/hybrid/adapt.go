package hybrid

import (
	"unicode"

	"secondbrain/backend"
)

// shares returns the weights of the lexical and the semantic ranking for
// one query: fu.Lexical and fu.Semantic, the semantic one scaled by how
// much each side can be trusted on this query.
//
//   - Script: for a query written mostly in Chinese, Japanese or Korean the
//     semantic weight is multiplied by CJKSemantic (the built-in model
//     knows little of those scripts; a multilingual one may know more).
//   - Lexical confidence: a top word score far above the next one (a
//     sharp gap) is a sure match, so meaning counts less: the semantic
//     weight is divided by 1 + LexGap·gap, gap = (s₁ − s₂) / s₁.
//   - Semantic confidence: similarities that barely fall from the first
//     hit to the tenth say the model cannot tell the notes apart, so
//     meaning counts less: the semantic weight is multiplied by
//     min(1, spread / SemSpread), spread = s₁ − s₁₀ (0 turns this off).
func (fu Fusion) shares(query string, lex, sem []backend.SearchHit) (lexShare, semShare float64) {
	lexShare, semShare = fu.Lexical, fu.Semantic
	if len(lex) == 0 || len(sem) == 0 {
		return lexShare, semShare
	}
	if IsCJK(query) {
		semShare *= fu.CJKSemantic
	}
	if fu.LexGap > 0 {
		semShare /= 1 + fu.LexGap*topGap(lex)
	}
	if fu.SemSpread > 0 {
		semShare *= min(1, spread(sem, 10)/fu.SemSpread)
	}
	return lexShare, semShare
}

// topGap is (s₁ − s₂) / s₁ of the hits' scores: 1 for a single hit, 0 when
// the scores are not positive.
func topGap(hits []backend.SearchHit) float64 {
	if len(hits) == 0 || hits[0].Score <= 0 {
		return 0
	}
	if len(hits) == 1 {
		return 1
	}
	return max(0, (hits[0].Score-hits[1].Score)/hits[0].Score)
}

// spread is how far the scores fall from the first hit to the n-th (or
// the last when there are fewer).
func spread(hits []backend.SearchHit, n int) float64 {
	if len(hits) < 2 {
		return 0
	}
	return hits[0].Score - hits[min(n, len(hits))-1].Score
}

// IsCJK reports whether most of the words of text are written in Han,
// Hiragana, Katakana or Hangul. A word is a run of letters of one kind
// (CJK or not), so "tsconfig 파일을 찾을" is two CJK words to one.
func IsCJK(text string) bool {
	cjk, other := 0, 0
	prev := 0 // 0 no letter, 1 CJK, 2 other
	for _, r := range text {
		kind := 0
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			kind = 1
		case unicode.IsLetter(r):
			kind = 2
		}
		if kind != prev {
			switch kind {
			case 1:
				cjk++
			case 2:
				other++
			}
		}
		prev = kind
	}
	return cjk > 0 && cjk >= other
}

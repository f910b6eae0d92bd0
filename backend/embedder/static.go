// Package embedder turns text into vectors: the built-in static model (a
// model2vec model distilled from all-MiniLM-L6-v2, embedded in the binary,
// pure Go, offline) and an HTTP embedder for Ollama or OpenAI-compatible
// endpoints. Both implement backend.Embedder.
package embedder

import (
	"context"
	_ "embed" // the built-in model's files
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sync"

	"secondbrain/backend"
)

// The built-in model's files, read in place from the binary's data: the
// model keeps its tensor as stored (F16) and decodes it as it embeds, so
// the process holds no copy of the file nor a table of decoded vectors.
// Never written to.
var (
	//go:embed model/model.safetensors
	builtinSafetensors []byte
	//go:embed model/tokenizer.json
	builtinTokenizer []byte
)

// BuiltinModel is the id of the built-in model, stored beside every vector
// it made. Change it whenever the model files change, so that the indexer
// embeds everything again.
const BuiltinModel = "minilm-l6-tl-256@3"

// Static is a static embedding model in the model2vec layout: one vector per
// token; a text's vector is the mean of its tokens' vectors, made unit
// length. It is goroutine-safe.
type Static struct {
	id   string
	tok  Tokenizer
	dim  int
	rows int
	// raw holds rows × dim values as stored in the model file, F16 when
	// half, else F32, decoded as each text's tokens are summed: no table of
	// decoded rows (31 MB for the built-in model) is ever made.
	raw  []byte
	half bool
}

var _ backend.Embedder = (*Static)(nil)

var (
	builtinOnce sync.Once
	builtin     *Static
	builtinErr  error
)

// Builtin returns the built-in model, loaded once from the binary.
func Builtin() (*Static, error) {
	builtinOnce.Do(func() {
		builtin, builtinErr = LoadStatic(BuiltinModel, builtinSafetensors, builtinTokenizer)
	})
	return builtin, builtinErr
}

// LoadStatic builds a static model from a model.safetensors holding one
// "embeddings" tensor (F32 or F16, vocab × dim) and a tokenizer.json, WordPiece
// or SentencePiece unigram (see ParseTokenizer). The model refers to
// safetensors, which must not change afterwards.
func LoadStatic(id string, safetensors, tokenizerJSON []byte) (*Static, error) {
	tok, err := ParseTokenizer(tokenizerJSON)
	if err != nil {
		return nil, err
	}
	rows, dim, raw, half, err := readEmbeddings(safetensors)
	if err != nil {
		return nil, err
	}
	if rows < tok.VocabSize() {
		return nil, fmt.Errorf("embed: %d token vectors for a vocabulary of %d", rows, tok.VocabSize())
	}
	if half {
		halfOnce.Do(fillHalfTable)
	}
	return &Static{id: id, tok: tok, dim: dim, rows: rows, raw: raw, half: half}, nil
}

// addRow adds the vector of token id to v.
func (m *Static) addRow(v []float32, id int) {
	if m.half {
		src := m.raw[2*id*m.dim:][:2*len(v)]
		for j := range v {
			v[j] += halfTable[binary.LittleEndian.Uint16(src[2*j:])]
		}
		return
	}
	src := m.raw[4*id*m.dim:][:4*len(v)]
	for j := range v {
		v[j] += math.Float32frombits(binary.LittleEndian.Uint32(src[4*j:]))
	}
}

// halfTable maps every half-precision value to its float32 (256 kB), made
// once the first F16 model is loaded.
var (
	halfOnce  sync.Once
	halfTable *[1 << 16]float32
)

func fillHalfTable() {
	halfTable = new([1 << 16]float32)
	for h := range halfTable {
		halfTable[h] = halfToFloat(uint16(h))
	}
}

// readEmbeddings finds the "embeddings" tensor of a safetensors file:
// its shape and its bytes, F16 when half, else F32.
func readEmbeddings(b []byte) (rows, dim int, raw []byte, half bool, err error) {
	if len(b) < 8 {
		return 0, 0, nil, false, fmt.Errorf("embed: safetensors file too short")
	}
	n := binary.LittleEndian.Uint64(b)
	if n > uint64(len(b)-8) {
		return 0, 0, nil, false, fmt.Errorf("embed: safetensors header of %d bytes overruns the file", n)
	}
	var header map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &header); err != nil {
		return 0, 0, nil, false, fmt.Errorf("embed: safetensors header: %w", err)
	}
	var t struct {
		DType   string `json:"dtype"`
		Shape   []int  `json:"shape"`
		Offsets [2]int `json:"data_offsets"`
	}
	raw, ok := header["embeddings"]
	if !ok {
		return 0, 0, nil, false, fmt.Errorf("embed: safetensors has no embeddings tensor")
	}
	if err := json.Unmarshal(raw, &t); err != nil || len(t.Shape) != 2 {
		return 0, 0, nil, false, fmt.Errorf("embed: embeddings tensor header is not a matrix")
	}
	data := b[8+n:]
	rows, dim = t.Shape[0], t.Shape[1]
	size := map[string]int{"F32": 4, "F16": 2}[t.DType]
	if size == 0 {
		return 0, 0, nil, false, fmt.Errorf("embed: embeddings of dtype %s are not supported", t.DType)
	}
	if t.Offsets[0] < 0 || t.Offsets[1] > len(data) || t.Offsets[1]-t.Offsets[0] != rows*dim*size {
		return 0, 0, nil, false, fmt.Errorf("embed: embeddings tensor offsets do not match its shape")
	}
	return rows, dim, data[t.Offsets[0]:t.Offsets[1]], size == 2, nil
}

// halfToFloat converts an IEEE 754 half-precision value.
func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0 && mant == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal
		for mant&0x400 == 0 {
			mant <<= 1
			exp--
		}
		exp++
		mant &= 0x3ff
	case exp == 0x1f:
		return math.Float32frombits(sign | 0xff<<23 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
}

// Model returns the model id.
func (m *Static) Model() string { return m.id }

// Dim returns the vector length.
func (m *Static) Dim() int { return m.dim }

// Tokenizer returns the model's tokenizer.
func (m *Static) Tokenizer() Tokenizer { return m.tok }

// Embed returns one vector per text. A text without any known token (empty,
// emoji only) gets the zero vector, which is similar to nothing. Only ctx
// ends it early (ECANCELED).
func (m *Static) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	ids := make([]int32, 0, 256)
	for i, t := range texts {
		if i%64 == 0 && ctx.Err() != nil {
			return nil, backend.Errorf(backend.ECANCELED, "embedding canceled")
		}
		ids = m.tok.Encode(ids[:0], t)
		out[i] = m.vector(ids)
	}
	return out, nil
}

// vector is the normalised mean of the token vectors, unknown tokens left out.
func (m *Static) vector(ids []int32) []float32 {
	v := make([]float32, m.dim)
	n := 0
	unk := m.tok.Unknown()
	for _, id := range ids {
		if id == unk || id < 0 || int(id) >= m.rows {
			continue
		}
		m.addRow(v, int(id))
		n++
	}
	if n == 0 {
		return v
	}
	Normalize(v)
	return v
}

// Normalize scales v to unit length in place; the zero vector stays zero.
func Normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}

// Package embedder turns text into vectors: the built-in static model (a
// model2vec model distilled from all-MiniLM-L6-v2, embedded in the binary,
// pure Go, offline) and an HTTP embedder for Ollama or OpenAI-compatible
// endpoints. Both implement backend.Embedder.
package embedder

import (
	"context"
	"embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"secondbrain/backend"
)

//go:embed model/model.safetensors model/tokenizer.json model/config.json
var modelFS embed.FS

// BuiltinModel is the id of the built-in model, stored beside every vector
// it made. Change it whenever the model files change, so that the indexer
// embeds everything again.
const BuiltinModel = "minilm-l6-m2v-256@2"

// Static is a static embedding model in the model2vec layout: one vector per
// token; a text's vector is the mean of its tokens' vectors, made unit
// length. It is goroutine-safe.
type Static struct {
	id   string
	tok  Tokenizer
	dim  int
	rows int
	// vecs holds rows × dim values, each row decoded from raw (F32 or F16
	// when half) the first time a text holds its token (ready): a process
	// embedding one query decodes a few rows, not the whole table.
	vecs  []float32
	raw   []byte
	half  bool
	ready []atomic.Bool
	mu    sync.Mutex // held while a row is decoded
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
		st, err := modelFS.ReadFile("model/model.safetensors")
		if err != nil {
			builtinErr = err
			return
		}
		tj, err := modelFS.ReadFile("model/tokenizer.json")
		if err != nil {
			builtinErr = err
			return
		}
		builtin, builtinErr = LoadStatic(BuiltinModel, st, tj)
	})
	return builtin, builtinErr
}

// LoadStatic builds a static model from a model.safetensors holding one
// "embeddings" tensor (F32 or F16, vocab × dim) and a tokenizer.json, WordPiece
// or SentencePiece unigram (see ParseTokenizer).
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
	return &Static{id: id, tok: tok, dim: dim, rows: rows, vecs: make([]float32, rows*dim), raw: raw, half: half,
		ready: make([]atomic.Bool, rows)}, nil
}

// row returns the vector of token id, decoding it on first use.
func (m *Static) row(id int) []float32 {
	r := m.vecs[id*m.dim : (id+1)*m.dim]
	if m.ready[id].Load() {
		return r
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.ready[id].Load() {
		if m.half {
			src := m.raw[2*id*m.dim:]
			for j := range r {
				r[j] = halfToFloat(binary.LittleEndian.Uint16(src[2*j:]))
			}
		} else {
			src := m.raw[4*id*m.dim:]
			for j := range r {
				r[j] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*j:]))
			}
		}
		m.ready[id].Store(true)
	}
	return r
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
		for j, x := range m.row(int(id)) {
			v[j] += x
		}
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

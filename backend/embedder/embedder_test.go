package embedder

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"secondbrain/backend"
)

// TestTokenizerMatchesReference checks the Go WordPiece against the ids
// Hugging Face tokenizers gives for the same tokenizer.json
// (testdata/tokens.json, add_special_tokens=False).
func TestTokenizerMatchesReference(t *testing.T) {
	b, err := os.ReadFile("testdata/tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text string  `json:"text"`
		IDs  []int32 `json:"ids"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		got := m.Tokenizer().Encode(nil, c.Text)
		if len(got) == 0 && len(c.IDs) == 0 {
			continue
		}
		if !slices.Equal(got, c.IDs) {
			t.Errorf("Encode(%q) = %v; want %v", c.Text, got, c.IDs)
		}
	}
}

func TestHalfToFloat(t *testing.T) {
	for _, c := range []struct {
		h    uint16
		want float32
	}{{0x0000, 0}, {0x3c00, 1}, {0xc000, -2}, {0x3555, 0.33325195}, {0x0001, 5.9604645e-08}, {0x7bff, 65504}} {
		if got := halfToFloat(c.h); got != c.want {
			t.Errorf("halfToFloat(%#x) = %g; want %g", c.h, got, c.want)
		}
	}
}

func vnorm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

func cos(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// TestBuiltinEmbeds checks the built-in model: unit vectors, the zero vector
// for text without known tokens, and meaning (a paraphrase is nearer than an
// unrelated sentence).
func TestBuiltinEmbeds(t *testing.T) {
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if m.Dim() != 256 || m.Model() != BuiltinModel {
		t.Fatalf("model %s dim %d", m.Model(), m.Dim())
	}
	texts := []string{
		"How do I bake sourdough bread at home?",
		"A recipe for homemade sourdough loaves",
		"The stock market fell sharply on Tuesday",
		"",
		"🎉🚀",
		"中文文本 한국어 النص العربي",
	}
	vecs, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vecs[:3] {
		if n := vnorm(v); math.Abs(n-1) > 1e-5 {
			t.Errorf("norm of %q = %g; want 1", texts[i], n)
		}
	}
	for _, i := range []int{3, 4} {
		if vnorm(vecs[i]) != 0 {
			t.Errorf("%q: want the zero vector", texts[i])
		}
	}
	if vnorm(vecs[5]) == 0 {
		t.Errorf("CJK and Arabic text: got the zero vector")
	}
	if near, far := cos(vecs[0], vecs[1]), cos(vecs[0], vecs[2]); near <= far+0.1 {
		t.Errorf("similarity of paraphrases %.3f, of unrelated sentences %.3f; want the paraphrase clearly nearer", near, far)
	}
	if _, err := m.Embed(canceled(), texts); backend.ErrorCode(err) != backend.ECANCELED {
		t.Errorf("canceled Embed: err %v; want ECANCELED", err)
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestLoadStaticRejectsBadFiles(t *testing.T) {
	tj := builtinTokenizer
	for name, st := range map[string][]byte{
		"short":       {1, 2},
		"overrun":     {0xff, 0xff, 0, 0, 0, 0, 0, 0},
		"no tensor":   append([]byte{2, 0, 0, 0, 0, 0, 0, 0}, "{}"...),
		"small vocab": safetensors(`{"embeddings":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}`, 8),
	} {
		if _, err := LoadStatic("x", st, tj); err == nil {
			t.Errorf("%s: LoadStatic succeeded", name)
		}
	}
	if _, err := ParseWordPiece([]byte(`{"model":{"type":"BPE"}}`)); err == nil {
		t.Errorf("ParseWordPiece accepted a BPE tokenizer")
	}
}

func safetensors(header string, data int) []byte {
	b := make([]byte, 8, 8+len(header)+data)
	b[0] = byte(len(header))
	b = append(b, header...)
	return append(b, make([]byte, data)...)
}

// TestHTTPEmbedder runs both protocols against an httptest server, and the
// failures: endpoint down, 5xx, 4xx, a wrong dimension, a slow endpoint.
func TestHTTPEmbedder(t *testing.T) {
	var lastAuth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lastAuth = r.Header.Get("Authorization")
		var req struct {
			Model string   `json:"model"`
			Input []string `json:"input"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		vec := func(s string) []float32 { return []float32{float32(len(s)), 1, 0} }
		switch {
		case req.Model == "down":
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
		case req.Model == "refuse":
			http.Error(w, `{"error":"input too long"}`, http.StatusBadRequest)
		case req.Model == "slow":
			<-r.Context().Done() // never answers: the client gives up first
		case r.URL.Path == "/api/embed":
			out := map[string][][]float32{"embeddings": {}}
			for _, s := range req.Input {
				out["embeddings"] = append(out["embeddings"], vec(s))
			}
			json.NewEncoder(w).Encode(out)
		case r.URL.Path == "/v1/embeddings":
			type item struct {
				Index     int       `json:"index"`
				Embedding []float32 `json:"embedding"`
			}
			var data []item
			for i := len(req.Input) - 1; i >= 0; i-- { // out of order on purpose
				data = append(data, item{i, vec(req.Input[i])})
			}
			json.NewEncoder(w).Encode(map[string]any{"data": data})
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	for _, api := range []API{Ollama, OpenAI} {
		h, err := NewHTTP(HTTPOptions{API: api, BaseURL: srv.URL + "/", Model: "m", Dim: 3, APIKey: "sekret"})
		if err != nil {
			t.Fatal(err)
		}
		vecs, err := h.Embed(ctx, []string{"ab", "abcd"})
		if err != nil {
			t.Fatalf("%s: %v", api, err)
		}
		if len(vecs) != 2 || math.Abs(vnorm(vecs[0])-1) > 1e-6 || vecs[1][0] <= vecs[0][0] {
			t.Errorf("%s: vectors %v; want two unit vectors in order", api, vecs)
		}
		if lastAuth != "Bearer sekret" {
			t.Errorf("%s: Authorization %q", api, lastAuth)
		}
		if h.Model() != string(api)+":m" || h.Dim() != 3 {
			t.Errorf("%s: model %s dim %d", api, h.Model(), h.Dim())
		}
	}
	cases := []struct {
		name string
		o    HTTPOptions
		code string
	}{
		{"5xx", HTTPOptions{API: Ollama, BaseURL: srv.URL, Model: "down", Dim: 3}, backend.EUNAVAILABLE},
		{"4xx", HTTPOptions{API: OpenAI, BaseURL: srv.URL, Model: "refuse", Dim: 3}, backend.EINVALID},
		{"dimension", HTTPOptions{API: Ollama, BaseURL: srv.URL, Model: "m", Dim: 8}, backend.EINVALID},
		{"slow", HTTPOptions{API: Ollama, BaseURL: srv.URL, Model: "slow", Dim: 3, Timeout: 50 * time.Millisecond}, backend.EUNAVAILABLE},
		{"down", HTTPOptions{API: Ollama, BaseURL: "http://127.0.0.1:1", Model: "m", Dim: 3}, backend.EUNAVAILABLE},
	}
	for _, c := range cases {
		h, err := NewHTTP(c.o)
		if err != nil {
			t.Fatal(err)
		}
		_, err = h.Embed(ctx, []string{"x"})
		if got := backend.ErrorCode(err); got != c.code {
			t.Errorf("%s: code %s (%v); want %s", c.name, got, err, c.code)
		}
		if err != nil && strings.Contains(err.Error(), "sekret") {
			t.Errorf("%s: the error shows the API key", c.name)
		}
	}
	if _, err := NewHTTP(HTTPOptions{API: "grpc", BaseURL: srv.URL, Model: "m", Dim: 3}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("unknown API: %v; want EINVALID", err)
	}
}

// TestHTTPEmbedderSecrets checks that a URL with credentials and a key in
// its query reaches the endpoint whole (basic auth, the query kept after the
// API's path) and that no error shows them: not the connection error, not
// a 5xx, not a 4xx whose body echoes the request.
func TestHTTPEmbedderSecrets(t *testing.T) {
	const canary = "CANARY-7f3a"
	var gotUser, gotPass, gotQuery, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUser, gotPass, _ = r.BasicAuth()
		gotQuery, gotPath = r.URL.Query().Get("api-key"), r.URL.Path
		json.NewEncoder(w).Encode(map[string][][]float32{"embeddings": {{1, 0, 0}}})
	}))
	defer srv.Close()
	withSecrets := func(base string) string {
		return strings.Replace(base, "http://", "http://user:"+canary+"@", 1) + "/?api-key=" + canary
	}
	h, err := NewHTTP(HTTPOptions{API: Ollama, BaseURL: withSecrets(srv.URL), Model: "m", Dim: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Embed(context.Background(), []string{"x"}); err != nil {
		t.Fatal(err)
	}
	if gotUser != "user" || gotPass != canary || gotQuery != canary || gotPath != "/api/embed" {
		t.Errorf("request: user %q pass %q api-key %q path %q; want the URL's credentials, its query and /api/embed", gotUser, gotPass, gotQuery, gotPath)
	}

	fail := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/embeddings" {
			http.Error(w, "bad request for key "+canary+" at "+r.URL.String(), http.StatusBadRequest)
			return
		}
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer fail.Close()
	for _, c := range []struct {
		name string
		o    HTTPOptions
	}{
		{"unreachable", HTTPOptions{API: Ollama, BaseURL: withSecrets("http://127.0.0.1:1"), Model: "m", Dim: 3}},
		{"5xx", HTTPOptions{API: Ollama, BaseURL: withSecrets(fail.URL), Model: "m", Dim: 3}},
		{"4xx echoing the key", HTTPOptions{API: OpenAI, BaseURL: withSecrets(fail.URL), Model: "m", Dim: 3, APIKey: canary}},
	} {
		h, err := NewHTTP(c.o)
		if err != nil {
			t.Fatal(err)
		}
		_, err = h.Embed(context.Background(), []string{"x"})
		if err == nil {
			t.Fatalf("%s: no error", c.name)
		}
		if msg := err.Error(); strings.Contains(msg, canary) || !strings.Contains(msg, "127.0.0.1") {
			t.Errorf("%s: error %q; want it to name the host and no secret", c.name, msg)
		}
	}
	_, err = NewHTTP(HTTPOptions{API: Ollama, BaseURL: "http://user:" + canary + "@host:port/", Model: "m", Dim: 3})
	if backend.ErrorCode(err) != backend.EINVALID || strings.Contains(err.Error(), canary) {
		t.Errorf("a malformed URL: %v; want EINVALID without the password", err)
	}
}

// BenchmarkBuiltinEmbed measures the built-in model's throughput on
// paragraph-sized chunks (reported as chunks/s).
func BenchmarkBuiltinEmbed(b *testing.B) {
	m, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	para := strings.Repeat("Alterations of the architecture of cerebral white matter in the developing human brain can affect cortical development. ", 6)
	texts := make([]string, 256)
	for i := range texts {
		texts[i] = para
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.Embed(context.Background(), texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "chunks/s")
}

// The lazy built-in model names the same model and width as the loaded one
// and embeds the same vectors.
func TestLazyBuiltinMatchesBuiltin(t *testing.T) {
	lazy, err := LazyBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if lazy.Model() != m.Model() || lazy.Dim() != m.Dim() {
		t.Fatalf("lazy model %s/%d, loaded %s/%d", lazy.Model(), lazy.Dim(), m.Model(), m.Dim())
	}
	texts := []string{"the analytical engine", "하늘"}
	got, err := lazy.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := m.Embed(context.Background(), texts)
	if !slices.EqualFunc(got, want, slices.Equal[[]float32]) {
		t.Fatalf("lazy and loaded models embed differently")
	}
}

// TestStaticF16MatchesF32: the built-in model, embedding from its F16
// tensor in place, gives the same vectors as the model with that tensor
// widened to F32, and the same from many goroutines at once as alone
// (run with -race).
func TestStaticF16MatchesF32(t *testing.T) {
	texts := []string{"sourdough bread in a hot oven", "shares fell as rates rose", "pine forest trail",
		"violin concerto", "Ünïcödé accents and 中文", "the the the bread"}
	half, err := LoadStatic("h", builtinSafetensors, builtinTokenizer)
	if err != nil {
		t.Fatal(err)
	}
	if !half.half {
		t.Fatalf("the built-in model is not F16")
	}
	wide := make([]byte, 4*len(half.raw)/2)
	for i := 0; i < len(half.raw); i += 2 {
		binary.LittleEndian.PutUint32(wide[2*i:], math.Float32bits(halfToFloat(binary.LittleEndian.Uint16(half.raw[i:]))))
	}
	header := fmt.Sprintf(`{"embeddings":{"dtype":"F32","shape":[%d,%d],"data_offsets":[0,%d]}}`, half.rows, half.dim, len(wide))
	st := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	st = append(append(st, header...), wide...)
	full, err := LoadStatic("f", st, builtinTokenizer)
	if err != nil || full.half {
		t.Fatalf("F32 model: %v (half %v)", err, full != nil && full.half)
	}
	want, _ := full.Embed(context.Background(), texts)
	if got, _ := half.Embed(context.Background(), texts); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("the F16 tensor gives other vectors than the same tensor in F32")
	}
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			got, err := half.Embed(context.Background(), texts)
			if err != nil || !slices.EqualFunc(got, want, slices.Equal) {
				errs <- "concurrent Embed gave other vectors"
				return
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

package embedder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"secondbrain/backend"
)

// API is the protocol an HTTP endpoint speaks.
type API string

const (
	// Ollama is POST /api/embed {"model", "input": [...]} → {"embeddings": [[...]]}.
	Ollama API = "ollama"
	// OpenAI is POST /v1/embeddings {"model", "input": [...]} → {"data": [{"index", "embedding"}]},
	// as OpenAI, LM Studio, llama.cpp's server and vLLM answer it.
	OpenAI API = "openai"
)

// HTTPOptions configures an HTTP embedder.
type HTTPOptions struct {
	API API
	// BaseURL is the endpoint without the path, e.g. http://127.0.0.1:11434.
	BaseURL string
	// Model is the endpoint's model name, e.g. nomic-embed-text.
	Model string
	// Dim is the vector length the model returns; required, and every answer is checked against it.
	Dim int
	// APIKey is sent as a bearer token when set; it never appears in errors.
	APIKey string
	// Timeout bounds one request; 0 means 60 s.
	Timeout time.Duration
	// Client is the HTTP client; nil means a new one.
	Client *http.Client
}

// HTTP embeds through an Ollama or OpenAI-compatible endpoint. It is goroutine-safe.
type HTTP struct {
	o HTTPOptions
	// base is the parsed BaseURL; requests add the API's path to it and
	// keep its query (an api-key parameter some gateways want).
	base *url.URL
	// shown is BaseURL for messages, its secrets redacted.
	shown string
	// secrets are the API key and the URL's password, hidden in answers
	// quoted in errors.
	secrets []string
}

var _ backend.Embedder = (*HTTP)(nil)

// NewHTTP returns an HTTP embedder. Returns EINVALID for an unknown API, a
// missing or malformed URL or a missing model. Messages show the URL
// through backend.Redact.
func NewHTTP(o HTTPOptions) (*HTTP, error) {
	if o.API != Ollama && o.API != OpenAI {
		return nil, backend.Errorf(backend.EINVALID, "unknown embedding API %q; use ollama or openai", o.API)
	}
	if o.BaseURL == "" || o.Model == "" {
		return nil, backend.Errorf(backend.EINVALID, "an HTTP embedder needs a URL and a model")
	}
	if o.Dim <= 0 {
		return nil, backend.Errorf(backend.EINVALID, "an HTTP embedder needs the model's dimension")
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	u, err := url.Parse(strings.TrimSpace(o.BaseURL))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, backend.Errorf(backend.EINVALID, "the embedding endpoint URL %s is not an http(s) URL", backend.Redact(o.BaseURL))
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	h := &HTTP{o: o, base: u, shown: backend.Redact(u.String())}
	pass, _ := u.User.Password()
	for _, s := range []string{o.APIKey, pass} {
		if len(s) >= 4 { // shorter ones would blot out ordinary words
			h.secrets = append(h.secrets, s)
		}
	}
	return h, nil
}

// Model names the endpoint's model, prefixed with the API.
func (h *HTTP) Model() string { return string(h.o.API) + ":" + h.o.Model }

// Dim is the configured vector length.
func (h *HTTP) Dim() int { return h.o.Dim }

// Embed sends the texts in one request. Returns EUNAVAILABLE when the
// endpoint cannot be reached or answers 5xx or 429, EINVALID when it refuses
// the input (4xx) or returns vectors of another dimension, ECANCELED.
func (h *HTTP) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if len(texts) == 0 {
		return nil, nil
	}
	path := "/api/embed"
	if h.o.API == OpenAI {
		path = "/v1/embeddings"
	}
	body, _ := json.Marshal(map[string]any{"model": h.o.Model, "input": texts})
	ctx, cancel := context.WithTimeout(ctx, h.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base.JoinPath(path).String(), bytes.NewReader(body))
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "the embedding endpoint URL is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	if h.o.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+h.o.APIKey)
	}
	resp, err := h.o.Client.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, backend.Errorf(backend.ECANCELED, "embedding canceled")
		}
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint %s does not answer: %s", h.shown, backend.Cause(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint %s broke off its answer", h.shown)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint %s answered %s", h.shown, resp.Status)
	case resp.StatusCode >= 400:
		return nil, backend.Errorf(backend.EINVALID, "the embedding endpoint %s refused the input: %s %s", h.shown, resp.Status, snippet(h.hide(string(data[:min(len(data), 4096)]))))
	}
	vecs, err := h.decode(data, len(texts))
	if err != nil {
		return nil, err
	}
	for i, v := range vecs {
		if len(v) != h.o.Dim {
			return nil, backend.Errorf(backend.EINVALID,
				"model %s returned vectors of %d dimensions, the index holds %d; re-index to change models", h.o.Model, len(v), h.o.Dim)
		}
		Normalize(vecs[i])
	}
	return vecs, nil
}

func (h *HTTP) decode(data []byte, n int) ([][]float32, error) {
	var vecs [][]float32
	if h.o.API == Ollama {
		var r struct {
			Embeddings [][]float32 `json:"embeddings"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint answered something else than embeddings")
		}
		vecs = r.Embeddings
	} else {
		var r struct {
			Data []struct {
				Index     int       `json:"index"`
				Embedding []float32 `json:"embedding"`
			} `json:"data"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint answered something else than embeddings")
		}
		vecs = make([][]float32, len(r.Data))
		for _, d := range r.Data {
			if d.Index < 0 || d.Index >= len(vecs) || vecs[d.Index] != nil {
				return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint answered with bad indexes")
			}
			vecs[d.Index] = d.Embedding
		}
	}
	if len(vecs) != n {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "the embedding endpoint returned %d vectors for %d texts", len(vecs), n)
	}
	return vecs, nil
}

// hide redacts an endpoint's answer, which may quote the request's secrets.
func (h *HTTP) hide(s string) string {
	for _, secret := range h.secrets {
		s = strings.ReplaceAll(s, secret, backend.Redacted)
	}
	return backend.Redact(s)
}

func snippet(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return fmt.Sprintf("(%s)", s)
}

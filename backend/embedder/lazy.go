package embedder

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"

	"secondbrain/backend"
)

var _ backend.Embedder = (*Lazy)(nil)

// Lazy is the built-in model loaded on its first Embed. Model and Dim come
// from the model file's header, so a process that never embeds — a CLI
// command that lists or reads notes — does not pay the model's load (about
// 150 ms) or its memory.
type Lazy struct {
	dim int
}

// LazyBuiltin returns the built-in model, to be loaded by Builtin on first use.
func LazyBuiltin() (*Lazy, error) {
	dim, err := builtinDim()
	if err != nil {
		return nil, err
	}
	return &Lazy{dim: dim}, nil
}

// Model names the built-in model.
func (l *Lazy) Model() string { return BuiltinModel }

// Dim is the built-in model's vector length.
func (l *Lazy) Dim() int { return l.dim }

// Embed loads the built-in model (once per process) and embeds texts.
func (l *Lazy) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	m, err := Builtin()
	if err != nil {
		return nil, err
	}
	return m.Embed(ctx, texts)
}

// builtinDim reads the embeddings tensor's width from the header of the
// built-in safetensors file, without reading the tensor.
func builtinDim() (int, error) {
	f := bytes.NewReader(builtinSafetensors)
	var size [8]byte
	if _, err := io.ReadFull(f, size[:]); err != nil {
		return 0, fmt.Errorf("embed: safetensors file too short: %w", err)
	}
	n := binary.LittleEndian.Uint64(size[:])
	if n > 1<<20 {
		return 0, fmt.Errorf("embed: safetensors header of %d bytes is too large", n)
	}
	head := make([]byte, n)
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, fmt.Errorf("embed: safetensors header: %w", err)
	}
	var header struct {
		Embeddings struct {
			Shape []int `json:"shape"`
		} `json:"embeddings"`
	}
	if err := json.Unmarshal(head, &header); err != nil {
		return 0, fmt.Errorf("embed: safetensors header: %w", err)
	}
	if len(header.Embeddings.Shape) != 2 || header.Embeddings.Shape[1] <= 0 {
		return 0, fmt.Errorf("embed: the built-in model has no embeddings matrix")
	}
	return header.Embeddings.Shape[1], nil
}

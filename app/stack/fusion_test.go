package stack

import (
	"testing"

	"secondbrain/backend/embedder"
	"secondbrain/backend/embedder/onnx"
	"secondbrain/backend/hybrid"
)

// TestFusionFollowsTheModel: hybrid search fuses with the weights tuned for
// the embedding model in use, and the default ones for any other model.
func TestFusionFollowsTheModel(t *testing.T) {
	for model, want := range map[string]hybrid.Fusion{
		onnx.E5ModelID:            hybrid.E5Fusion,
		onnx.BGEModelID:           hybrid.BGEFusion,
		embedder.BuiltinModel:     hybrid.DefaultFusion,
		onnx.ModelID:              hybrid.DefaultFusion,
		"ollama:nomic-embed-text": hybrid.DefaultFusion,
	} {
		if got := fusionFor(model); got != want {
			t.Errorf("fusionFor(%q) = %+v; want %+v", model, got, want)
		}
	}
}

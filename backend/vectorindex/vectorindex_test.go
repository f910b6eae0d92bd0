package vectorindex_test

import (
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/vectorindex"
	"secondbrain/backend/vectortest"
)

func TestConformance(t *testing.T) {
	vectortest.Run(t, func(t *testing.T, dim int) backend.VectorIndex {
		return vectorindex.New(dim)
	})
}

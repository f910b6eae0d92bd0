//go:build !cgo

package onnx

import "secondbrain/backend"

// newRunner fails: ONNX Runtime is reached through cgo.
func newRunner(lib, model string, threads int) (runner, error) {
	return nil, backend.Errorf(backend.EUNAVAILABLE, "the onnx embedder is not available in this build (built without cgo); use the built-in model")
}

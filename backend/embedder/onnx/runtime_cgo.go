//go:build cgo

package onnx

import (
	ort "github.com/yalue/onnxruntime_go"
)

// session runs the model with ONNX Runtime. Run is goroutine-safe in ONNX
// Runtime, so one session serves every caller.
type session struct {
	s *ort.DynamicAdvancedSession
}

// newRunner loads the runtime library (once per process) and the model.
func newRunner(lib, model string, threads int) (runner, error) {
	env.mu.Lock()
	defer env.mu.Unlock()
	if err := checkLibrary(lib); err != nil {
		return nil, err
	}
	if !ort.IsInitialized() {
		ort.SetSharedLibraryPath(lib)
		if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
			return nil, errLibrary(lib, err)
		}
		env.lib = lib
	}
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, errLibrary(lib, err)
	}
	defer opts.Destroy()
	if err := opts.SetIntraOpNumThreads(threads); err != nil {
		return nil, errLibrary(lib, err)
	}
	if err := opts.SetInterOpNumThreads(1); err != nil {
		return nil, errLibrary(lib, err)
	}
	s, err := ort.NewDynamicAdvancedSession(model,
		[]string{"input_ids", "attention_mask", "token_type_ids"}, []string{"last_hidden_state"}, opts)
	if err != nil {
		return nil, errModel(model, err)
	}
	return &session{s: s}, nil
}

func (s *session) run(ids, mask, types []int64, batch, seq int, out []float32) error {
	shape := ort.NewShape(int64(batch), int64(seq))
	in := make([]ort.Value, 0, 3)
	defer func() {
		for _, v := range in {
			v.Destroy()
		}
	}()
	for _, data := range [][]int64{ids, mask, types} {
		t, err := ort.NewTensor(shape, data)
		if err != nil {
			return err
		}
		in = append(in, t)
	}
	hidden, err := ort.NewTensor(ort.NewShape(int64(batch), int64(seq), Dim), out)
	if err != nil {
		return err
	}
	defer hidden.Destroy()
	return s.s.Run(in, []ort.Value{hidden})
}

func (s *session) close() error { return s.s.Destroy() }

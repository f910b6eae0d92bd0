package stack_test

import (
	"context"
	"slices"
	"testing"

	"secondbrain/app/stack"
	"secondbrain/backend/config"
)

// TestOpenProgress: opening a new data dir tells each step in order (the
// embedded cluster's creation and start, the schema, the services), with
// growing fractions below 1 and a message each; opening it again skips the
// cluster's creation.
func TestOpenProgress(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	open := func() []stack.Progress {
		t.Helper()
		var got []stack.Progress
		s, err := stack.OpenWithProgress(ctx, cfg, nil, func(p stack.Progress) { got = append(got, p) })
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"first open", []string{"create", "sync", "start", "database", "migrate", "services"}},
		{"second open", []string{"start", "database", "migrate", "services"}},
	} {
		got := open()
		var phases []string
		for i, p := range got {
			phases = append(phases, p.Phase)
			if p.Message == "" {
				t.Errorf("%s: step %s has no message", tc.name, p.Phase)
			}
			if p.Fraction < 0 || p.Fraction >= 1 || i > 0 && p.Fraction < got[i-1].Fraction {
				t.Errorf("%s: fraction of %s = %v; want growing, in [0, 1)", tc.name, p.Phase, p.Fraction)
			}
		}
		if !slices.Equal(phases, tc.want) {
			t.Fatalf("%s: phases = %v; want %v", tc.name, phases, tc.want)
		}
	}
}

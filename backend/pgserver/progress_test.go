//go:build unix

package pgserver

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestProgress checks the steps Options.Progress is told: on a first start
// the cluster's creation and its sync, then the server start and the app's
// database, ending ready; on a later start only the last three. Fractions
// only grow and end at 1, every step has a message, and the first start
// creates the app's database before the server runs (offline), not in it.
func TestProgress(t *testing.T) {
	dataDir := newDataDir(t)
	start := func() ([]Progress, string) {
		t.Helper()
		var mu sync.Mutex
		var got []Progress
		var log bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		srv, err := Start(ctx, Options{
			DataDir: dataDir,
			Logger:  slog.New(slog.NewTextHandler(&log, nil)),
			Progress: func(p Progress) {
				mu.Lock()
				got = append(got, p)
				mu.Unlock()
			},
		})
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		mustStop(t, srv)
		return got, log.String()
	}
	check := func(name string, got []Progress, want []Phase) {
		t.Helper()
		var phases []Phase
		for i, p := range got {
			phases = append(phases, p.Phase)
			if p.Message == "" {
				t.Errorf("%s: step %s has no message", name, p.Phase)
			}
			if i > 0 && p.Fraction < got[i-1].Fraction {
				t.Errorf("%s: fraction of %s = %v, less than %v before it", name, p.Phase, p.Fraction, got[i-1].Fraction)
			}
		}
		if !slices.Equal(phases, want) {
			t.Fatalf("%s: phases = %v; want %v", name, phases, want)
		}
		if f := got[len(got)-1].Fraction; f != 1 {
			t.Errorf("%s: last fraction = %v; want 1", name, f)
		}
	}

	got, log := start()
	check("first start", got, []Phase{PhaseCreate, PhaseSync, PhaseStart, PhaseDatabase, PhaseReady})
	for _, bad := range []string{"app database not created before the first start", `msg="created database"`} {
		if strings.Contains(log, bad) {
			t.Errorf("first start logged %q; want the app's database made by initdb's step:\n%s", bad, log)
		}
	}
	got, _ = start()
	check("second start", got, []Phase{PhaseStart, PhaseDatabase, PhaseReady})
}

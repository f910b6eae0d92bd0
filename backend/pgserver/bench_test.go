//go:build unix

package pgserver

import (
	"context"
	"testing"
)

// BenchmarkColdStart measures a first start: initdb, pg_ctl start and the
// creation of the app's database.
func BenchmarkColdStart(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		dataDir := newDataDir(b)
		b.StartTimer()
		srv, err := Start(ctx, Options{DataDir: dataDir})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		mustStop(b, srv)
		b.StartTimer()
	}
}

// BenchmarkWarmStart measures starting an existing, cleanly stopped cluster
// until it accepts connections.
func BenchmarkWarmStart(b *testing.B) {
	ctx := context.Background()
	dataDir := newDataDir(b)
	srv, err := Start(ctx, Options{DataDir: dataDir})
	if err != nil {
		b.Fatal(err)
	}
	mustStop(b, srv)
	for b.Loop() {
		srv, err := Start(ctx, Options{DataDir: dataDir})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		mustStop(b, srv)
		b.StartTimer()
	}
}

package synchub_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/synchub"
)

// benchBatch is the number of changes per push or pull, and benchSize the
// size of a sealed 4 KiB note (padded to 8 KiB).
const benchBatch, benchSize = 500, 8192 + 41

// benchHub opens a hub with one registered device.
func benchHub(b *testing.B) (*synchub.Hub, devicesync.Device) {
	b.Helper()
	h, err := synchub.Open(context.Background(), pgtest.NewDatabase(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	d := devicesync.Device{ID: uuid.New(), Name: "bench", Token: "t"}
	if err := h.Register(context.Background(), d); err != nil {
		b.Fatal(err)
	}
	return h, d
}

// BenchmarkPush pushes batches of 500 sealed 4 KiB notes; ns/op is per
// batch (a first sync of 100k notes is 200 of them).
func BenchmarkPush(b *testing.B) {
	h, d := benchHub(b)
	sealed := bytes.Repeat([]byte{0xa5}, benchSize)
	next := int64(1)
	b.SetBytes(benchBatch * benchSize)
	for b.Loop() {
		es := make([]devicesync.Envelope, benchBatch)
		for i := range es {
			es[i] = devicesync.Envelope{Device: d.ID, DeviceSeq: next, Sealed: sealed}
			next++
		}
		if _, err := h.Push(context.Background(), d, es); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPull pulls batches of 500 sealed 4 KiB notes.
func BenchmarkPull(b *testing.B) {
	h, d := benchHub(b)
	sealed := bytes.Repeat([]byte{0xa5}, benchSize)
	es := make([]devicesync.Envelope, benchBatch)
	for i := range es {
		es[i] = devicesync.Envelope{Device: d.ID, DeviceSeq: int64(i + 1), Sealed: sealed}
	}
	if _, err := h.Push(context.Background(), d, es); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchBatch * benchSize)
	for b.Loop() {
		got, err := h.Pull(context.Background(), 0, benchBatch)
		if err != nil || len(got) != benchBatch {
			b.Fatalf("Pull = %d, %v", len(got), err)
		}
	}
}

package devicesync

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
)

// ErrHubDown is what a MemHub answers while Fail says so.
var ErrHubDown = errors.New("devicesync: hub unreachable (memhub partition)")

// MemHub is a Hub in memory, for tests and benchmarks: the same semantics
// as the PostgreSQL hub (idempotent pushes, DeviceSeq gap refusal, Wait).
// Fail, when set, is asked before each call and makes it fail, to simulate
// partitions. It is safe for concurrent use.
type MemHub struct {
	mu      sync.Mutex
	keyring *Keyring
	devices map[uuid.UUID]Device
	order   []uuid.UUID
	envs    []Envelope
	byKey   map[Key]int64
	last    map[uuid.UUID]int64
	blobs   map[string][]byte
	changed chan struct{}
	// Fail, if set, is called with the method's name before each call; a
	// true answer fails the call with ErrHubDown.
	Fail func(method string) bool
}

var _ Hub = (*MemHub)(nil)

// NewMemHub returns an empty hub.
func NewMemHub() *MemHub {
	return &MemHub{devices: map[uuid.UUID]Device{}, byKey: map[Key]int64{}, last: map[uuid.UUID]int64{}, blobs: map[string][]byte{}, changed: make(chan struct{})}
}

func (h *MemHub) down(method string) error {
	if h.Fail != nil && h.Fail(method) {
		return fmt.Errorf("%s: %w", method, ErrHubDown)
	}
	return nil
}

// Keyring implements Hub.
func (h *MemHub) Keyring(ctx context.Context) (Keyring, error) {
	if err := h.down("Keyring"); err != nil {
		return Keyring{}, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.keyring == nil {
		return Keyring{}, ErrNoVault
	}
	return Keyring{Blob: append([]byte(nil), h.keyring.Blob...)}, nil
}

// InitKeyring implements Hub.
func (h *MemHub) InitKeyring(ctx context.Context, k Keyring) error {
	if err := h.down("InitKeyring"); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.keyring != nil {
		return ErrVaultExists
	}
	h.keyring = &Keyring{Blob: append([]byte(nil), k.Blob...)}
	return nil
}

// Register implements Hub.
func (h *MemHub) Register(ctx context.Context, d Device) error {
	if err := h.down("Register"); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if old, ok := h.devices[d.ID]; ok {
		if old.Token != d.Token {
			return ErrDeviceTaken
		}
		old.Name = d.Name
		h.devices[d.ID] = old
		return nil
	}
	h.devices[d.ID] = d
	h.order = append(h.order, d.ID)
	return nil
}

// Devices implements Hub.
func (h *MemHub) Devices(ctx context.Context) ([]Device, error) {
	if err := h.down("Devices"); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Device, 0, len(h.order))
	for _, id := range h.order {
		d := h.devices[id]
		out = append(out, Device{ID: d.ID, Name: d.Name})
	}
	return out, nil
}

// Push implements Hub.
func (h *MemHub) Push(ctx context.Context, d Device, envs []Envelope) ([]int64, error) {
	if err := h.down("Push"); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if old, ok := h.devices[d.ID]; !ok || old.Token != d.Token {
		return nil, ErrDeviceTaken
	}
	last := h.last[d.ID]
	seqs := make([]int64, len(envs))
	var add []Envelope
	for i, e := range envs {
		if e.Device != d.ID {
			return nil, fmt.Errorf("devicesync: push of another device's change")
		}
		if s, ok := h.byKey[Key{e.Device, e.DeviceSeq}]; ok {
			seqs[i] = s
			continue
		}
		if e.DeviceSeq != last+1 {
			return nil, fmt.Errorf("devicesync: device seq %d after %d: a gap", e.DeviceSeq, last)
		}
		last = e.DeviceSeq
		e.Seq = int64(len(h.envs)+len(add)) + 1
		e.CreatedAt = time.Now()
		e.Sealed = append([]byte(nil), e.Sealed...)
		seqs[i] = e.Seq
		add = append(add, e)
	}
	if len(add) == 0 {
		return seqs, nil
	}
	// a failure after the commit: stored, but the caller sees an error
	for _, e := range add {
		h.envs = append(h.envs, e)
		h.byKey[Key{e.Device, e.DeviceSeq}] = e.Seq
	}
	h.last[d.ID] = last
	close(h.changed)
	h.changed = make(chan struct{})
	if h.Fail != nil && h.Fail("Push.reply") {
		return nil, fmt.Errorf("Push.reply: %w", ErrHubDown)
	}
	return seqs, nil
}

// Pull implements Hub.
func (h *MemHub) Pull(ctx context.Context, after int64, limit int) ([]Envelope, error) {
	if err := h.down("Pull"); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if after < 0 {
		after = 0
	}
	if after >= int64(len(h.envs)) {
		return nil, nil
	}
	end := min(int64(len(h.envs)), after+int64(limit))
	out := make([]Envelope, end-after)
	copy(out, h.envs[after:end])
	return out, nil
}

// Head implements Hub.
func (h *MemHub) Head(ctx context.Context) (int64, error) {
	if err := h.down("Head"); err != nil {
		return 0, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return int64(len(h.envs)), nil
}

// LastDeviceSeq implements Hub.
func (h *MemHub) LastDeviceSeq(ctx context.Context, id uuid.UUID) (int64, error) {
	if err := h.down("LastDeviceSeq"); err != nil {
		return 0, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last[id], nil
}

// Wait implements Hub.
func (h *MemHub) Wait(ctx context.Context, after int64) error {
	for {
		h.mu.Lock()
		n, ch := int64(len(h.envs)), h.changed
		h.mu.Unlock()
		if n > after {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// PutBlob implements Hub.
func (h *MemHub) PutBlob(ctx context.Context, id string, sealed []byte) error {
	if err := h.down("PutBlob"); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.blobs[id]; !ok {
		h.blobs[id] = append([]byte(nil), sealed...)
	}
	return nil
}

// Blob implements Hub.
func (h *MemHub) Blob(ctx context.Context, id string) ([]byte, error) {
	if err := h.down("Blob"); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	b, ok := h.blobs[id]
	if !ok {
		return nil, ErrNoBlob
	}
	return append([]byte(nil), b...), nil
}

// Envelopes returns a copy of every stored envelope, in Seq order (for
// tests that tamper with or inspect the hub).
func (h *MemHub) Envelopes() []Envelope {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Envelope(nil), h.envs...)
}

// Tamper replaces the sealed bytes of the envelope at seq (tests).
func (h *MemHub) Tamper(seq int64, sealed []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.envs[seq-1].Sealed = sealed
}

// Close implements Hub.
func (h *MemHub) Close() error { return nil }

// Package devicesync keeps several devices' vaults one brain through a hub:
// any PostgreSQL the user can reach, holding only sealed (encrypted)
// changes plus the ids, sizes and sequence numbers needed to order them.
// Each device keeps its own embedded cluster and works offline; a sync pass
// pushes the device's own changes from its event log and pulls the other
// devices' changes from the hub.
//
// # The protocol
//
// The hub gives every pushed change a sequence number (Envelope.Seq): one
// total order that every device reads the same way. Device clocks never
// order anything. A change names the note (its UUID, the same on every
// device), what it changed (body, title/path, trash, restore, attachment),
// and its base: the state the writing device's edit started from — either
// the canonical state after an earlier hub change (BaseCanon) or the raw
// text of the device's own earlier change (BaseRaw, for a second edit made
// before the first was pulled back).
//
// Every device computes the same canonical state by replaying the hub's
// changes in Seq order with deterministic rules (replay.go): a change whose
// base is the note's current head fast-forwards; otherwise its body is
// merged three-way (backend/merge) with the head against its base; when
// the merge overlaps, the head stays the note and the change's text becomes
// a conflict copy whose id and name are derived from the change, so every
// device makes the same copy. A trash whose base is not the head (someone
// edited meanwhile) keeps the note; an edit of a trashed note restores it.
//
// After a pull, a device writes the canonical state of each note it has no
// unpushed edits for through the same service as local edits, with origin
// "device:NAME" of the change's device (so links, search, graph and
// embeddings follow, and the push never echoes it back). A remote version
// that was merged rather than fast-forwarded is first written as a version
// of its own, so every version any device saved is in every device's
// history.
package devicesync

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Envelope is one change as the hub stores it: sealed, with only what the
// hub needs to order and deliver it in the clear.
type Envelope struct {
	// Seq is the hub's order, assigned by Push; 0 before.
	Seq int64
	// Device is the device that made the change.
	Device uuid.UUID
	// DeviceSeq numbers the device's own changes from 1 without gaps; a push
	// of a (Device, DeviceSeq) the hub holds already is a no-op.
	DeviceSeq int64
	// Sealed is the change, encrypted with the vault key; its additional
	// data binds it to Device and DeviceSeq (see AD).
	Sealed []byte
	// CreatedAt is when the hub stored the change (the hub's clock; shown,
	// never used for ordering).
	CreatedAt time.Time
}

// Device is one registered device of a vault.
type Device struct {
	ID   uuid.UUID
	Name string
	// Token is the device's secret, generated at setup and kept in the
	// device's config; the hub stores only its hash and refuses a push or
	// a registration for the device's id with another token (the same
	// device id on two machines).
	Token string
}

// Keyring is what the hub keeps of the vault key: the key wrapped by the
// passphrase and by the recovery code, with the KDF parameters. It is
// written once, by the first device, and read by every device that joins.
type Keyring struct {
	// Blob is the serialized, self-describing keyring (see
	// backend/syncseal); the hub stores it as opaque bytes.
	Blob []byte
}

// Hub is the shared store every device pushes to and pulls from. The
// PostgreSQL implementation is backend/synchub.
type Hub interface {
	// Keyring returns the vault's keyring; ErrNoVault before the first
	// device set one.
	Keyring(ctx context.Context) (Keyring, error)
	// InitKeyring stores the keyring once; ErrVaultExists when there is one.
	InitKeyring(ctx context.Context, k Keyring) error
	// Register adds the device, or confirms it when its id and token are
	// known; ErrDeviceTaken when the id is registered with another token.
	Register(ctx context.Context, d Device) error
	// Devices lists the registered devices (names sealed by the caller if
	// it wants them private; the hub sees what it is given).
	Devices(ctx context.Context) ([]Device, error)
	// Push stores envs (all of device d, DeviceSeq ascending) in one
	// transaction and returns their Seqs; envelopes already stored are
	// skipped and keep their Seq. A DeviceSeq gap is refused.
	Push(ctx context.Context, d Device, envs []Envelope) ([]int64, error)
	// Pull returns up to limit envelopes with Seq > after, in Seq order.
	Pull(ctx context.Context, after int64, limit int) ([]Envelope, error)
	// Head returns the highest Seq stored, 0 for none.
	Head(ctx context.Context) (int64, error)
	// LastDeviceSeq returns the highest DeviceSeq the hub holds of device
	// id (where a resumed push starts), 0 for none.
	LastDeviceSeq(ctx context.Context, id uuid.UUID) (int64, error)
	// Wait returns when the hub holds a Seq > after (woken by
	// LISTEN/NOTIFY, polling as a fallback), or when ctx ends.
	Wait(ctx context.Context, after int64) error
	// PutBlob stores a sealed attachment under id (a keyed hash of its
	// content, so the hub never sees the content's own hash); storing an
	// id twice is a no-op.
	PutBlob(ctx context.Context, id string, sealed []byte) error
	// Blob returns a sealed attachment; ErrNoBlob when missing.
	Blob(ctx context.Context, id string) ([]byte, error)
	// Close releases the hub's connections.
	Close() error
}

// Sealer encrypts and authenticates changes with the vault key. The
// implementation is backend/syncseal.
type Sealer interface {
	// Seal encrypts plain, binding it to ad.
	Seal(plain, ad []byte) ([]byte, error)
	// Open decrypts sealed; ErrTampered when it or ad was changed or the
	// key is wrong.
	Open(sealed, ad []byte) ([]byte, error)
	// BlobID returns the hub id of an attachment with the given content
	// hash: a keyed hash, the same on every device of the vault.
	BlobID(contentHash string) string
}

// AD returns the additional data a change's envelope is sealed with: its
// device and place in the device's order, so a sealed change cannot be
// moved or replayed elsewhere.
func AD(device uuid.UUID, deviceSeq int64) []byte {
	b := make([]byte, 0, 16+8)
	b = append(b, device[:]...)
	for i := 7; i >= 0; i-- {
		b = append(b, byte(deviceSeq>>(8*i)))
	}
	return b
}

// Errors of a Hub and a Sealer.
var (
	ErrNoVault         = errors.New("devicesync: the hub holds no vault yet")
	ErrVaultExists     = errors.New("devicesync: the hub holds a vault already")
	ErrDeviceTaken     = errors.New("devicesync: this device id is registered by another machine")
	ErrNoBlob          = errors.New("devicesync: attachment not on the hub")
	ErrTampered        = errors.New("devicesync: a sealed change failed authentication (tampered, or the wrong key)")
	ErrHubTooNew       = errors.New("devicesync: the hub's schema is newer than this app; update the app")
	ErrWrongPassphrase = errors.New("devicesync: wrong sync passphrase")
)

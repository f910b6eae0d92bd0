package devicesync

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// ChangeVersion is the version of the change encoding this app writes; a
// change of a higher version is refused (the app is older than the device
// that wrote it).
const ChangeVersion = 1

// ChangeKind says what a change did to its note.
type ChangeKind string

// The kinds of change.
const (
	KindCreate     ChangeKind = "create"
	KindUpdate     ChangeKind = "update"
	KindRename     ChangeKind = "rename"
	KindTrash      ChangeKind = "trash"
	KindRestore    ChangeKind = "restore"
	KindAttachment ChangeKind = "attachment"
)

// Key names a change by its device and place in the device's order: known
// before the hub orders it, the same on every device.
type Key struct {
	Device    uuid.UUID `json:"device"`
	DeviceSeq int64     `json:"device_seq"`
}

// String returns "device/seq".
func (k Key) String() string { return fmt.Sprintf("%s/%d", k.Device, k.DeviceSeq) }

// Base is the state a change's edit started from: the canonical state
// after a hub change (Canon, a hub Seq), or the raw text of the same
// device's earlier change (Raw); neither for a create.
type Base struct {
	Canon int64 `json:"canon,omitempty"`
	Raw   *Key  `json:"raw,omitempty"`
}

// IsZero reports whether the base names nothing.
func (b Base) IsZero() bool { return b.Canon == 0 && b.Raw == nil }

// Change is the plaintext of an envelope: one change of one note.
type Change struct {
	V    int        `json:"v"`
	Note uuid.UUID  `json:"note"`
	Kind ChangeKind `json:"kind"`
	Base Base       `json:"base"`
	// Title and Path are the note's after the change.
	Title string `json:"title"`
	Path  string `json:"path"`
	// Body is the note's body after the change, for create and update.
	Body *string `json:"body,omitempty"`
	// Author is the writing device's name.
	Author string `json:"author"`
	// Time is the writing device's clock: it names conflict copies, it
	// never orders anything.
	Time time.Time `json:"time"`
	// AttachmentHash and AttachmentPath describe an attachment change.
	AttachmentHash string `json:"attachment_hash,omitempty"`
	AttachmentPath string `json:"attachment_path,omitempty"`
}

// EncodeChange returns c's plaintext.
func EncodeChange(c Change) ([]byte, error) {
	c.V = ChangeVersion
	return json.Marshal(c)
}

// DecodeChange parses a change's plaintext.
func DecodeChange(b []byte) (Change, error) {
	var c Change
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("devicesync: decode change: %w", err)
	}
	if c.V > ChangeVersion {
		return c, fmt.Errorf("devicesync: a change of encoding version %d (this app reads %d): update the app", c.V, ChangeVersion)
	}
	switch c.Kind {
	case KindCreate, KindUpdate, KindRename, KindTrash, KindRestore, KindAttachment:
	default:
		return c, fmt.Errorf("devicesync: unknown change kind %q", c.Kind)
	}
	return c, nil
}

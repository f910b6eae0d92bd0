// Package syncseal seals a vault's sync traffic: it implements
// devicesync.Sealer with the vault key, and keeps that key in a keyring the
// hub can store without learning it.
//
// # The vault key and its keyring
//
// The vault key is 32 random bytes made by the first device (NewKeyring).
// The keyring (devicesync.Keyring.Blob, see keyring.go) holds it wrapped
// twice with XChaCha20-Poly1305: once by a key derived from the sync
// passphrase with Argon2id, once by a key derived the same way from a
// recovery code shown once at setup. A device that knows either unwraps
// the key (Unlock, UnlockRecovery) and may keep it locally (KeyBytes,
// FromKey) so it need not ask again.
//
// # Sealed changes
//
// Seal encrypts with XChaCha20-Poly1305 under a subkey of the vault key
// (HKDF-SHA256), a random 24-byte nonce per call. A sealed value is
//
//	version (1 byte, 1) | nonce (24 bytes) | ciphertext and tag
//
// and its additional data is the version byte followed by the caller's ad,
// so any change to the version, nonce, ciphertext or ad fails with
// devicesync.ErrTampered.
//
// Before sealing, the plaintext is framed as a 4-byte big-endian length and
// zero-padded, so the hub learns a size bucket rather than the exact size
// (PaddedSize): at least 256 bytes; the next power of two up to 64 KiB;
// above that, the next multiple of 1/16 of the size's power of two (at
// most 6.25% growth, so large attachments don't double).
//
// BlobID is HMAC-SHA256, under another HKDF subkey, of an attachment's
// content hash: the same on every device of the vault, meaningless to the
// hub.
package syncseal

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"

	"golang.org/x/crypto/chacha20poly1305"

	"secondbrain/backend/devicesync"
)

// KeySize is the size of the vault key in bytes.
const KeySize = 32

const (
	// sealVersion is the first byte of every sealed value.
	sealVersion = 1
	// lenPrefix is the size of the plaintext length that starts a padded
	// plaintext.
	lenPrefix = 4
	// minBucket is the smallest padded plaintext.
	minBucket = 256
	// pow2Limit is the largest padded size that is a power of two; above
	// it sizes grow in sixteenths.
	pow2Limit = 64 << 10
	// maxPlain is the largest plaintext Seal accepts.
	maxPlain = 1<<31 - 1<<20
	// overhead is what sealing adds beyond the padded plaintext.
	overhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
)

// HKDF labels of the vault key's subkeys.
const (
	infoSeal   = "secondbrain sync v1 seal"
	infoBlobID = "secondbrain sync v1 blob id"
	infoKeyID  = "secondbrain sync v1 key id"
)

// ErrPlainTooLarge is returned by Seal for a plaintext over 2 GiB - 1 MiB.
var ErrPlainTooLarge = errors.New("syncseal: the change is too large to seal")

// Sealer seals and opens a vault's changes with its vault key. It is safe
// for concurrent use.
type Sealer struct {
	key    [KeySize]byte
	blobID []byte
	keyID  string
	aead   aeadX
}

// aeadX is the XChaCha20-Poly1305 AEAD.
type aeadX interface {
	Seal(dst, nonce, plaintext, additionalData []byte) []byte
	Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error)
}

var _ devicesync.Sealer = (*Sealer)(nil)

// FromKey returns the Sealer of a vault key kept by the device (KeyBytes).
func FromKey(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("syncseal: a vault key has %d bytes; got %d", KeySize, len(key))
	}
	s := &Sealer{}
	copy(s.key[:], key)
	sealKey := subkey(key, infoSeal)
	aead, err := chacha20poly1305.NewX(sealKey)
	if err != nil {
		return nil, fmt.Errorf("syncseal: %w", err)
	}
	s.aead = aead
	s.blobID = subkey(key, infoBlobID)
	m := hmac.New(sha256.New, subkey(key, infoKeyID))
	s.keyID = hex.EncodeToString(m.Sum(nil)[:16])
	return s, nil
}

// subkey derives a 32-byte subkey of the vault key for one purpose.
func subkey(key []byte, info string) []byte {
	k, err := hkdf.Key(sha256.New, key, nil, info, KeySize)
	if err != nil {
		panic("syncseal: hkdf: " + err.Error()) // only for lengths over 255*32
	}
	return k
}

// KeyBytes returns a copy of the vault key, for the device to keep in a
// file only its user can read. Anyone holding it can read every change.
func (s *Sealer) KeyBytes() []byte {
	return append([]byte(nil), s.key[:]...)
}

// KeyID returns a public fingerprint of the vault key (32 hex digits), the
// same as the keyring's (KeyringKeyID): a device can check that the key it
// kept belongs to the hub's vault without unwrapping anything.
func (s *Sealer) KeyID() string { return s.keyID }

// PaddedSize returns the size a plaintext of n bytes is padded to before
// sealing (its 4-byte length included); the sealed value is 41 bytes
// longer.
func PaddedSize(n int) int {
	m := n + lenPrefix
	if m <= minBucket {
		return minBucket
	}
	if m <= pow2Limit {
		return 1 << bits.Len(uint(m-1))
	}
	step := 1 << (bits.Len(uint(m)) - 1 - 4)
	return (m + step - 1) / step * step
}

// Seal encrypts plain, padded, binding it to ad.
func (s *Sealer) Seal(plain, ad []byte) ([]byte, error) {
	if len(plain) > maxPlain {
		return nil, ErrPlainTooLarge
	}
	size := PaddedSize(len(plain))
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, overhead+size)
	out[0] = sealVersion
	nonce := out[1:]
	rand.Read(nonce) // never fails (crypto/rand)
	padded := out[len(out) : len(out)+size]
	binary.BigEndian.PutUint32(padded, uint32(len(plain)))
	copy(padded[lenPrefix:], plain)
	clear(padded[lenPrefix+len(plain):])
	return s.aead.Seal(out, nonce, padded, fullAD(ad)), nil
}

// Open decrypts a value Seal made with the same key and ad;
// devicesync.ErrTampered when any byte of it or of ad differs, or the key
// is another vault's.
func (s *Sealer) Open(sealed, ad []byte) ([]byte, error) {
	if len(sealed) < overhead+lenPrefix || sealed[0] != sealVersion {
		return nil, devicesync.ErrTampered
	}
	nonce := sealed[1 : 1+chacha20poly1305.NonceSizeX]
	padded, err := s.aead.Open(nil, nonce, sealed[1+chacha20poly1305.NonceSizeX:], fullAD(ad))
	if err != nil {
		return nil, devicesync.ErrTampered
	}
	n := binary.BigEndian.Uint32(padded)
	if uint64(n) > uint64(len(padded)-lenPrefix) {
		// Authentic yet malformed: only a buggy sealer makes this.
		return nil, fmt.Errorf("%w: its length field exceeds its size", devicesync.ErrTampered)
	}
	return padded[lenPrefix : lenPrefix+n : lenPrefix+n], nil
}

// fullAD is the additional data of a sealed value: the format version and
// the caller's ad.
func fullAD(ad []byte) []byte {
	b := make([]byte, 0, 1+len(ad))
	b = append(b, sealVersion)
	return append(b, ad...)
}

// BlobID returns the hub id of an attachment with the given content hash:
// HMAC-SHA256 of it under the vault's blob-id subkey, in hex.
func (s *Sealer) BlobID(contentHash string) string {
	m := hmac.New(sha256.New, s.blobID)
	m.Write([]byte(contentHash))
	return hex.EncodeToString(m.Sum(nil))
}

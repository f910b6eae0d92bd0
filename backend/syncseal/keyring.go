package syncseal

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"secondbrain/backend/devicesync"
)

// The keyring's serialized form (devicesync.Keyring.Blob) is JSON, so any
// tool can tell what it is:
//
//	{"format": "secondbrain-sync-keyring", "version": 1,
//	 "key_id": "<32 hex digits, KeyID>",
//	 "wraps": [
//	   {"kind": "passphrase", "kdf": "argon2id", "time": 3, "memory_kib": 131072,
//	    "threads": 2, "salt": "<base64>", "sealed": "<base64 nonce|ciphertext|tag>"},
//	   {"kind": "recovery", ...}]}
//
// Each wrap is the vault key sealed with XChaCha20-Poly1305 under the
// Argon2id key of its secret; its additional data is the format, version,
// key id, kind, KDF parameters and salt, so none of them can be altered
// without the unwrap failing.
const (
	keyringFormat  = "secondbrain-sync-keyring"
	keyringVersion = 1
	kindPassphrase = "passphrase"
	kindRecovery   = "recovery"
	kdfArgon2id    = "argon2id"
	saltSize       = 16
)

// Params are the Argon2id parameters of a keyring wrap; they are stored in
// the keyring, so a device unlocks with whatever the wrap was made with.
type Params struct {
	// Time is the number of passes.
	Time uint32
	// MemoryKiB is the memory used, in KiB.
	MemoryKiB uint32
	// Threads is the parallelism.
	Threads uint8
}

// DefaultParams are the Argon2id parameters of new keyrings: 3 passes over
// 128 MiB with 2 lanes. On an idle 2-core machine (2026) a derivation takes
// about 0.45 s of CPU, 0.25 s of wall time; setup derives twice (passphrase
// and recovery code), about 0.4–0.5 s; joining derives once.
var DefaultParams = Params{Time: 3, MemoryKiB: 128 << 10, Threads: 2}

// Bounds a keyring read from the hub must respect, so a hostile or broken
// keyring cannot make a device allocate gigabytes or spin for minutes.
const (
	maxTime      = 64
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxThreads   = 64
)

var (
	// ErrWrongRecoveryCode is returned by UnlockRecovery for a code that
	// does not unwrap the vault key, or is not a recovery code at all.
	ErrWrongRecoveryCode = errors.New("syncseal: wrong recovery code")
	// ErrBadKeyring is returned for a keyring blob this version cannot
	// read (not a keyring, a newer version, or damaged).
	ErrBadKeyring = errors.New("syncseal: unreadable keyring")
	// ErrKeyMismatch is returned by Rewrap when the sealer holds another
	// vault's key than the keyring.
	ErrKeyMismatch = errors.New("syncseal: the vault key does not belong to this keyring")
)

// keyring is the JSON form of a keyring.
type keyring struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	KeyID   string `json:"key_id"`
	Wraps   []wrap `json:"wraps"`
}

// wrap is the vault key wrapped by one secret.
type wrap struct {
	Kind      string `json:"kind"`
	KDF       string `json:"kdf"`
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
	Salt      []byte `json:"salt"`
	Sealed    []byte `json:"sealed"`
}

// NewKeyring makes a vault key and its keyring with DefaultParams; see
// NewKeyringParams.
func NewKeyring(passphrase string) (devicesync.Keyring, *Sealer, string, error) {
	return NewKeyringParams(passphrase, DefaultParams)
}

// NewKeyringParams makes a random vault key and its keyring, wrapped by
// passphrase and by a fresh recovery code, with Argon2id parameters p. It
// returns the keyring for the hub, the key's Sealer and the recovery code
// to show the user once (FormatRecoveryCode's form). An empty passphrase is
// refused.
func NewKeyringParams(passphrase string, p Params) (devicesync.Keyring, *Sealer, string, error) {
	if passphrase == "" {
		return devicesync.Keyring{}, nil, "", errors.New("syncseal: the sync passphrase is empty")
	}
	if err := p.check(); err != nil {
		return devicesync.Keyring{}, nil, "", err
	}
	key := make([]byte, KeySize)
	rand.Read(key)
	s, err := FromKey(key)
	if err != nil {
		return devicesync.Keyring{}, nil, "", err
	}
	code := newRecoveryCode()
	kr := keyring{Format: keyringFormat, Version: keyringVersion, KeyID: s.KeyID()}
	kr.Wraps = []wrap{
		kr.wrapKey(kindPassphrase, passphrase, key, p),
		kr.wrapKey(kindRecovery, normalizeRecovery(code), key, p),
	}
	blob, err := json.Marshal(kr)
	if err != nil {
		return devicesync.Keyring{}, nil, "", fmt.Errorf("syncseal: %w", err)
	}
	return devicesync.Keyring{Blob: blob}, s, FormatRecoveryCode(code), nil
}

// Unlock unwraps the vault key with the passphrase;
// devicesync.ErrWrongPassphrase when it is not the keyring's.
func Unlock(k devicesync.Keyring, passphrase string) (*Sealer, error) {
	kr, err := parse(k)
	if err != nil {
		return nil, err
	}
	s, err := kr.unwrap(kindPassphrase, passphrase)
	if errors.Is(err, errUnwrap) {
		return nil, devicesync.ErrWrongPassphrase
	}
	return s, err
}

// UnlockRecovery unwraps the vault key with the recovery code, typed in
// any case, with or without spaces and dashes; ErrWrongRecoveryCode when it
// is not the keyring's.
func UnlockRecovery(k devicesync.Keyring, code string) (*Sealer, error) {
	kr, err := parse(k)
	if err != nil {
		return nil, err
	}
	norm := normalizeRecovery(code)
	if err := checkRecovery(norm); err != nil {
		return nil, err
	}
	s, err := kr.unwrap(kindRecovery, norm)
	if errors.Is(err, errUnwrap) {
		return nil, ErrWrongRecoveryCode
	}
	return s, err
}

// Rewrap returns the keyring with its passphrase wrap replaced by one of
// newPassphrase, with DefaultParams (to change the passphrase, after
// Unlock or UnlockRecovery gave s). The recovery code keeps working.
// ErrKeyMismatch when s holds another vault's key.
func Rewrap(k devicesync.Keyring, s *Sealer, newPassphrase string) (devicesync.Keyring, error) {
	return RewrapParams(k, s, newPassphrase, DefaultParams)
}

// RewrapParams is Rewrap with Argon2id parameters p.
func RewrapParams(k devicesync.Keyring, s *Sealer, newPassphrase string, p Params) (devicesync.Keyring, error) {
	if newPassphrase == "" {
		return devicesync.Keyring{}, errors.New("syncseal: the sync passphrase is empty")
	}
	if err := p.check(); err != nil {
		return devicesync.Keyring{}, err
	}
	kr, err := parse(k)
	if err != nil {
		return devicesync.Keyring{}, err
	}
	if kr.KeyID != s.KeyID() {
		return devicesync.Keyring{}, ErrKeyMismatch
	}
	w := kr.wrapKey(kindPassphrase, newPassphrase, s.key[:], p)
	replaced := false
	for i := range kr.Wraps {
		if kr.Wraps[i].Kind == kindPassphrase {
			kr.Wraps[i], replaced = w, true
		}
	}
	if !replaced {
		kr.Wraps = append(kr.Wraps, w)
	}
	blob, err := json.Marshal(kr)
	if err != nil {
		return devicesync.Keyring{}, fmt.Errorf("syncseal: %w", err)
	}
	return devicesync.Keyring{Blob: blob}, nil
}

// KeyringKeyID returns the KeyID of the vault key a keyring wraps.
func KeyringKeyID(k devicesync.Keyring) (string, error) {
	kr, err := parse(k)
	if err != nil {
		return "", err
	}
	return kr.KeyID, nil
}

// parse reads and checks a keyring blob.
func parse(k devicesync.Keyring) (*keyring, error) {
	var kr keyring
	if err := json.Unmarshal(k.Blob, &kr); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKeyring, err)
	}
	if kr.Format != keyringFormat {
		return nil, fmt.Errorf("%w: not a Second Brain sync keyring", ErrBadKeyring)
	}
	if kr.Version != keyringVersion {
		return nil, fmt.Errorf("%w: version %d, this app reads version %d; update the app", ErrBadKeyring, kr.Version, keyringVersion)
	}
	return &kr, nil
}

// errUnwrap marks a wrap the secret did not open.
var errUnwrap = errors.New("syncseal: unwrap failed")

// unwrap opens the wrap of kind with secret.
func (kr *keyring) unwrap(kind, secret string) (*Sealer, error) {
	for _, w := range kr.Wraps {
		if w.Kind != kind {
			continue
		}
		if w.KDF != kdfArgon2id {
			return nil, fmt.Errorf("%w: unknown key derivation %q", ErrBadKeyring, w.KDF)
		}
		p := Params{Time: w.Time, MemoryKiB: w.MemoryKiB, Threads: w.Threads}
		if err := p.check(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadKeyring, err)
		}
		if len(w.Sealed) < chacha20poly1305.NonceSizeX {
			return nil, fmt.Errorf("%w: a wrapped key is too short", ErrBadKeyring)
		}
		aead, err := chacha20poly1305.NewX(p.derive(secret, w.Salt))
		if err != nil {
			return nil, fmt.Errorf("syncseal: %w", err)
		}
		nonce, ct := w.Sealed[:chacha20poly1305.NonceSizeX], w.Sealed[chacha20poly1305.NonceSizeX:]
		key, err := aead.Open(nil, nonce, ct, kr.wrapAD(w))
		if err != nil {
			return nil, errUnwrap
		}
		s, err := FromKey(key)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadKeyring, err)
		}
		if s.KeyID() != kr.KeyID {
			return nil, fmt.Errorf("%w: the key id does not match the key", ErrBadKeyring)
		}
		return s, nil
	}
	return nil, fmt.Errorf("%w: no %s wrap", ErrBadKeyring, kind)
}

// wrapKey wraps key by secret with parameters p.
func (kr *keyring) wrapKey(kind, secret string, key []byte, p Params) wrap {
	w := wrap{Kind: kind, KDF: kdfArgon2id, Time: p.Time, MemoryKiB: p.MemoryKiB, Threads: p.Threads,
		Salt: make([]byte, saltSize)}
	rand.Read(w.Salt)
	aead, err := chacha20poly1305.NewX(p.derive(secret, w.Salt))
	if err != nil {
		panic("syncseal: " + err.Error()) // the derived key has the right size
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+KeySize+chacha20poly1305.Overhead)
	rand.Read(nonce)
	w.Sealed = aead.Seal(nonce, nonce, key, kr.wrapAD(w))
	return w
}

// wrapAD is the additional data of a wrap: everything about it but the
// sealed key.
func (kr *keyring) wrapAD(w wrap) []byte {
	return []byte(strings.Join([]string{
		keyringFormat, strconv.Itoa(keyringVersion), kr.KeyID, w.Kind, w.KDF,
		strconv.FormatUint(uint64(w.Time), 10), strconv.FormatUint(uint64(w.MemoryKiB), 10),
		strconv.FormatUint(uint64(w.Threads), 10), string(w.Salt),
	}, "\x00"))
}

// derive returns the 32-byte Argon2id key of secret.
func (p Params) derive(secret string, salt []byte) []byte {
	return argon2.IDKey([]byte(secret), salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
}

// check refuses parameters outside the bounds a device accepts.
func (p Params) check() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("syncseal: Argon2id time %d out of range 1–%d", p.Time, maxTime)
	case p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxMemoryKiB:
		return fmt.Errorf("syncseal: Argon2id memory %d KiB out of range %d–%d", p.MemoryKiB, 8*uint32(p.Threads), maxMemoryKiB)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("syncseal: Argon2id threads %d out of range 1–%d", p.Threads, maxThreads)
	}
	return nil
}

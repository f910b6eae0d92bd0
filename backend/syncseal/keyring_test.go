package syncseal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/syncseal"
)

// sealedBy seals a probe with s and returns a function that checks
// another sealer opens it.
func sealedBy(t *testing.T, s *syncseal.Sealer) func(other *syncseal.Sealer) {
	t.Helper()
	probe, err := s.Seal([]byte("probe"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	return func(other *syncseal.Sealer) {
		t.Helper()
		if got, err := other.Open(probe, []byte("ad")); err != nil || string(got) != "probe" {
			t.Errorf("the unlocked key does not open what the original sealed: %q, %v", got, err)
		}
	}
}

func TestKeyringUnlock(t *testing.T) {
	k, s, code, err := syncseal.NewKeyringParams("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	check := sealedBy(t, s)
	u, err := syncseal.Unlock(k, "correct horse battery")
	if err != nil {
		t.Fatalf("Unlock with the passphrase: %v", err)
	}
	check(u)
	if !bytes.Equal(u.KeyBytes(), s.KeyBytes()) {
		t.Error("Unlock returned another key")
	}
	if bytes.Contains(k.Blob, s.KeyBytes()) {
		t.Error("the keyring holds the vault key in the clear")
	}
	if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){5}$`).MatchString(code) {
		t.Errorf("recovery code = %q; want 6 dash-separated groups of 5 Crockford base32 symbols", code)
	}
	id, err := syncseal.KeyringKeyID(k)
	if err != nil || id != s.KeyID() {
		t.Errorf("KeyringKeyID = %q, %v; want %q", id, err, s.KeyID())
	}
}

func TestKeyringWrongPassphrase(t *testing.T) {
	k, _, _, err := syncseal.NewKeyringParams("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(k.Blob)
	for _, pw := range []string{"", "correct horse batter", "Correct horse battery", "correct horse battery "} {
		if s, err := syncseal.Unlock(k, pw); !errors.Is(err, devicesync.ErrWrongPassphrase) || s != nil {
			t.Errorf("Unlock(%q) = %v, %v; want nil, ErrWrongPassphrase", pw, s, err)
		}
	}
	if !bytes.Equal(k.Blob, before) {
		t.Error("a failed Unlock changed the keyring")
	}
}

func TestKeyringRecoveryCode(t *testing.T) {
	k, s, code, err := syncseal.NewKeyringParams("pw", fast)
	if err != nil {
		t.Fatal(err)
	}
	check := sealedBy(t, s)
	plain := strings.ReplaceAll(code, "-", "")
	typed := map[string]string{
		"as shown":      code,
		"lower case":    strings.ToLower(code),
		"spaces":        strings.ReplaceAll(code, "-", " "),
		"no separators": plain,
		"padded, mixed": "  " + strings.ToLower(plain[:10]) + " - " + plain[10:] + "\n",
		"O and I and L": strings.NewReplacer("0", "O", "1", "l").Replace(code),
	}
	for name, c := range typed {
		u, err := syncseal.UnlockRecovery(k, c)
		if err != nil {
			t.Errorf("UnlockRecovery (%s): %v", name, err)
			continue
		}
		check(u)
	}
	// A wrong code of the right shape, and malformed ones.
	sym := "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	i := strings.IndexByte(sym, plain[0])
	wrong := string(sym[(i+1)%32]) + plain[1:]
	for name, c := range map[string]string{
		"one symbol off": wrong,
		"too short":      plain[:29],
		"too long":       plain + "0",
		"bad character":  "U" + plain[1:],
		"passphrase":     "pw",
	} {
		if u, err := syncseal.UnlockRecovery(k, c); !errors.Is(err, syncseal.ErrWrongRecoveryCode) || u != nil {
			t.Errorf("UnlockRecovery (%s) = %v, %v; want ErrWrongRecoveryCode", name, u, err)
		}
	}
	if _, err := syncseal.Unlock(k, code); !errors.Is(err, devicesync.ErrWrongPassphrase) {
		t.Errorf("Unlock with the recovery code as passphrase: err = %v; want ErrWrongPassphrase", err)
	}
}

func TestRewrap(t *testing.T) {
	k, s, code, err := syncseal.NewKeyringParams("old passphrase", fast)
	if err != nil {
		t.Fatal(err)
	}
	check := sealedBy(t, s)
	k2, err := syncseal.RewrapParams(k, s, "new passphrase", fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncseal.Unlock(k2, "old passphrase"); !errors.Is(err, devicesync.ErrWrongPassphrase) {
		t.Errorf("Unlock of the rewrapped keyring with the old passphrase: err = %v; want ErrWrongPassphrase", err)
	}
	u, err := syncseal.Unlock(k2, "new passphrase")
	if err != nil {
		t.Fatalf("Unlock with the new passphrase: %v", err)
	}
	check(u)
	r, err := syncseal.UnlockRecovery(k2, code)
	if err != nil {
		t.Fatalf("UnlockRecovery after Rewrap: %v", err)
	}
	check(r)
	if _, err := syncseal.Unlock(k, "old passphrase"); err != nil {
		t.Errorf("Rewrap changed the keyring it was given: %v", err)
	}
	other := newSealer(t)
	if _, err := syncseal.RewrapParams(k, other, "x", fast); !errors.Is(err, syncseal.ErrKeyMismatch) {
		t.Errorf("Rewrap with another vault's key: err = %v; want ErrKeyMismatch", err)
	}
}

func TestKeyringTampering(t *testing.T) {
	k, _, _, err := syncseal.NewKeyringParams("pw", fast)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func(m map[string]any)) devicesync.Keyring {
		var m map[string]any
		if err := json.Unmarshal(k.Blob, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return devicesync.Keyring{Blob: b}
	}
	pass := func(m map[string]any) map[string]any { return m["wraps"].([]any)[0].(map[string]any) }
	tests := []struct {
		name string
		k    devicesync.Keyring
		want error
	}{
		{"not json", devicesync.Keyring{Blob: []byte("hello")}, syncseal.ErrBadKeyring},
		{"empty", devicesync.Keyring{}, syncseal.ErrBadKeyring},
		{"other format", edit(func(m map[string]any) { m["format"] = "x" }), syncseal.ErrBadKeyring},
		{"newer version", edit(func(m map[string]any) { m["version"] = 2 }), syncseal.ErrBadKeyring},
		{"huge memory", edit(func(m map[string]any) { pass(m)["memory_kib"] = 1 << 30 }), syncseal.ErrBadKeyring},
		{"other kdf", edit(func(m map[string]any) { pass(m)["kdf"] = "scrypt" }), syncseal.ErrBadKeyring},
		{"time changed", edit(func(m map[string]any) { pass(m)["time"] = 2 }), devicesync.ErrWrongPassphrase},
		{"salt changed", edit(func(m map[string]any) { pass(m)["salt"] = "AAAAAAAAAAAAAAAAAAAAAA==" }), devicesync.ErrWrongPassphrase},
		{"key id changed", edit(func(m map[string]any) { m["key_id"] = strings.Repeat("0", 32) }), devicesync.ErrWrongPassphrase},
		{"no passphrase wrap", edit(func(m map[string]any) { m["wraps"] = m["wraps"].([]any)[1:] }), syncseal.ErrBadKeyring},
	}
	for _, tt := range tests {
		if _, err := syncseal.Unlock(tt.k, "pw"); !errors.Is(err, tt.want) {
			t.Errorf("Unlock of a keyring with %s: err = %v; want %v", tt.name, err, tt.want)
		}
	}
}

func TestNewKeyringRefusesEmptyPassphrase(t *testing.T) {
	if _, _, _, err := syncseal.NewKeyringParams("", fast); err == nil {
		t.Error("NewKeyring with an empty passphrase succeeded; want an error")
	}
}

// TestDefaultParams makes a keyring with the real parameters once, so the
// default cost is exercised and its time visible in -v output.
func TestDefaultParams(t *testing.T) {
	start := time.Now()
	k, s, code, err := syncseal.NewKeyring("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	setup := time.Since(start)
	start = time.Now()
	u, err := syncseal.UnlockRecovery(k, code)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("setup %v, unlock %v with %+v", setup, time.Since(start), syncseal.DefaultParams)
	if !bytes.Equal(u.KeyBytes(), s.KeyBytes()) {
		t.Error("UnlockRecovery returned another key")
	}
}

// BenchmarkNewKeyring measures setup with DefaultParams: two Argon2id
// derivations (passphrase and recovery code).
func BenchmarkNewKeyring(b *testing.B) {
	for b.Loop() {
		if _, _, _, err := syncseal.NewKeyring("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnlock measures joining a device: one Argon2id derivation.
func BenchmarkUnlock(b *testing.B) {
	k, _, _, err := syncseal.NewKeyring("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := syncseal.Unlock(k, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

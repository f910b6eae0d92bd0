package syncseal_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/syncseal"
)

// fast are cheap Argon2id parameters, so tests don't spend seconds on
// derivations; the format is the same.
var fast = syncseal.Params{Time: 1, MemoryKiB: 1024, Threads: 1}

// newSealer returns a sealer with a fresh random key.
func newSealer(tb testing.TB) *syncseal.Sealer {
	tb.Helper()
	_, s, _, err := syncseal.NewKeyringParams("correct horse", fast)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestSealOpenRoundTrip(t *testing.T) {
	s := newSealer(t)
	ad := devicesync.AD(uuid.New(), 7)
	for _, n := range []int{0, 1, 252, 253, 1000, 4096, 70000} {
		plain := bytes.Repeat([]byte("x"), n)
		sealed, err := s.Seal(plain, ad)
		if err != nil {
			t.Fatal(err)
		}
		if want := syncseal.PaddedSize(n) + 41; len(sealed) != want {
			t.Errorf("len(Seal(%d bytes)) = %d; want %d", n, len(sealed), want)
		}
		got, err := s.Open(sealed, ad)
		if err != nil {
			t.Fatalf("Open(Seal(%d bytes)): %v", n, err)
		}
		if !bytes.Equal(got, plain) {
			t.Errorf("Open(Seal(%d bytes)) = %d bytes; want the plaintext back", n, len(got))
		}
	}
}

func TestPaddedSize(t *testing.T) {
	tests := []struct{ n, want int }{
		{0, 256}, {252, 256}, {253, 512}, {4092, 4096}, {4093, 8192},
		{65532, 65536}, {65533, 65536 + 4096}, {100000, 102400}, {1 << 20, 1<<20 + 65536},
	}
	for _, tt := range tests {
		if got := syncseal.PaddedSize(tt.n); got != tt.want {
			t.Errorf("PaddedSize(%d) = %d; want %d", tt.n, got, tt.want)
		}
	}
	for n := 0; n < 1<<21; n += 997 {
		p := syncseal.PaddedSize(n)
		if p < n+4 {
			t.Fatalf("PaddedSize(%d) = %d; want room for the plaintext and its length", n, p)
		}
		if n+4 > 65536 && float64(p) > float64(n+4)*1.0625 {
			t.Fatalf("PaddedSize(%d) = %d; want at most 6.25%% growth above 64 KiB", n, p)
		}
	}
}

func TestOpenDetectsTampering(t *testing.T) {
	s := newSealer(t)
	dev := uuid.New()
	ad := devicesync.AD(dev, 3)
	sealed, err := s.Seal([]byte("the quarterly plan: buy more lamps"), ad)
	if err != nil {
		t.Fatal(err)
	}
	// Flip one bit in each region: version, nonce, ciphertext, tag.
	regions := map[string][]int{
		"version":    {0},
		"nonce":      {1, 12, 24},
		"ciphertext": {25, 100, len(sealed) - 17},
		"tag":        {len(sealed) - 16, len(sealed) - 1},
	}
	for name, idx := range regions {
		for _, i := range idx {
			bad := bytes.Clone(sealed)
			bad[i] ^= 0x01
			if _, err := s.Open(bad, ad); !errors.Is(err, devicesync.ErrTampered) {
				t.Errorf("Open with %s byte %d flipped: err = %v; want ErrTampered", name, i, err)
			}
		}
	}
	cases := map[string]struct {
		sealed, ad []byte
	}{
		"truncated":    {sealed[:len(sealed)-1], ad},
		"extended":     {append(bytes.Clone(sealed), 0), ad},
		"empty":        {nil, ad},
		"other seq":    {sealed, devicesync.AD(dev, 4)},
		"other device": {sealed, devicesync.AD(uuid.New(), 3)},
		"no ad":        {sealed, nil},
	}
	for name, c := range cases {
		if _, err := s.Open(c.sealed, c.ad); !errors.Is(err, devicesync.ErrTampered) {
			t.Errorf("Open %s: err = %v; want ErrTampered", name, err)
		}
	}
	if _, err := newSealer(t).Open(sealed, ad); !errors.Is(err, devicesync.ErrTampered) {
		t.Errorf("Open with another vault's key: err = %v; want ErrTampered", err)
	}
	if got, err := s.Open(sealed, ad); err != nil || string(got) != "the quarterly plan: buy more lamps" {
		t.Errorf("Open of the untouched value = %q, %v; want the plaintext", got, err)
	}
}

func TestSealUsesDistinctNonces(t *testing.T) {
	s := newSealer(t)
	seen := map[string]bool{}
	for range 1000 {
		sealed, err := s.Seal([]byte("same text"), nil)
		if err != nil {
			t.Fatal(err)
		}
		nonce := string(sealed[1:25])
		if seen[nonce] {
			t.Fatal("Seal reused a nonce")
		}
		seen[nonce] = true
	}
}

func TestSealHidesPlaintext(t *testing.T) {
	s := newSealer(t)
	plain := []byte(strings.Repeat("marmalade ", 50))
	sealed, err := s.Seal(plain, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("marmalade")) {
		t.Error("the sealed value contains the plaintext")
	}
}

func TestBlobID(t *testing.T) {
	a, b := newSealer(t), newSealer(t)
	h := "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	if a.BlobID(h) != a.BlobID(h) {
		t.Error("BlobID is not deterministic")
	}
	a2, err := syncseal.FromKey(a.KeyBytes())
	if err != nil {
		t.Fatal(err)
	}
	if a.BlobID(h) != a2.BlobID(h) {
		t.Error("BlobID differs between two sealers of the same key")
	}
	if a.BlobID(h) == b.BlobID(h) {
		t.Error("BlobID is the same under two vault keys")
	}
	if a.BlobID(h) == a.BlobID(h+"0") {
		t.Error("BlobID is the same for two hashes")
	}
	if id := a.BlobID(h); len(id) != 64 || strings.Contains(id, strings.TrimPrefix(h, "sha256:")[:16]) {
		t.Errorf("BlobID = %q; want 64 hex digits that don't show the hash", id)
	}
}

func TestFromKey(t *testing.T) {
	s := newSealer(t)
	sealed, err := s.Seal([]byte("kept key"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	key := s.KeyBytes()
	key2 := s.KeyBytes()
	key2[0] ^= 1 // KeyBytes returns a copy
	s2, err := syncseal.FromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s2.Open(sealed, []byte("ad")); err != nil || string(got) != "kept key" {
		t.Errorf("Open with FromKey(KeyBytes()) = %q, %v; want the plaintext", got, err)
	}
	if s2.KeyID() != s.KeyID() {
		t.Errorf("KeyID = %s; want %s", s2.KeyID(), s.KeyID())
	}
	if _, err := syncseal.FromKey(key[:31]); err == nil {
		t.Error("FromKey of 31 bytes succeeded; want an error")
	}
}

// FuzzOpen feeds Open random sealed values and additional data: it must
// never panic and never accept a value it did not seal.
func FuzzOpen(f *testing.F) {
	s := newSealer(f)
	good, err := s.Seal([]byte("seed"), []byte("ad"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, []byte("ad"))
	f.Add([]byte{}, []byte{})
	f.Add([]byte{1}, []byte("ad"))
	f.Add(good[:41], []byte("ad"))
	f.Fuzz(func(t *testing.T, sealed, ad []byte) {
		got, err := s.Open(sealed, ad)
		if err != nil {
			if !errors.Is(err, devicesync.ErrTampered) {
				t.Fatalf("Open: err = %v; want ErrTampered", err)
			}
			return
		}
		if !bytes.Equal(sealed, good) || string(ad) != "ad" || string(got) != "seed" {
			t.Fatalf("Open accepted a value it did not seal: %x", sealed)
		}
	})
}

// BenchmarkSeal4KiB seals a 4 KiB note.
func BenchmarkSeal4KiB(b *testing.B) {
	s := newSealer(b)
	plain := bytes.Repeat([]byte("note text "), 410)[:4096]
	ad := devicesync.AD(uuid.New(), 1)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		if _, err := s.Seal(plain, ad); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen4KiB opens a sealed 4 KiB note.
func BenchmarkOpen4KiB(b *testing.B) {
	s := newSealer(b)
	plain := bytes.Repeat([]byte("note text "), 410)[:4096]
	ad := devicesync.AD(uuid.New(), 1)
	sealed, err := s.Seal(plain, ad)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		if _, err := s.Open(sealed, ad); err != nil {
			b.Fatal(err)
		}
	}
}

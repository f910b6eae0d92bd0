package cli_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"secondbrain/app/stack"
	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver/pgtest"
)

// cliKeys is a KeyScheme for the CLI's tests (AES-GCM under
// sha256(passphrase)); the app links backend/syncseal.
type cliKeys struct{}

func (cliKeys) NewKeyring(pass string) (devicesync.Keyring, []byte, string, error) {
	key := make([]byte, 32)
	rand.Read(key)
	s, _ := cliKeys{}.Sealer(passHash(pass))
	blob, err := s.Seal(key, nil)
	return devicesync.Keyring{Blob: blob}, key, "TEST-RECOVERY-CODE", err
}

func (cliKeys) Unlock(k devicesync.Keyring, pass string) ([]byte, error) {
	s, _ := cliKeys{}.Sealer(passHash(pass))
	key, err := s.Open(k.Blob, nil)
	if err != nil {
		return nil, devicesync.ErrWrongPassphrase
	}
	return key, nil
}

func (cliKeys) Sealer(key []byte) (devicesync.Sealer, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	a, err := cipher.NewGCM(b)
	return gcm{a}, err
}

func passHash(p string) []byte { h := sha256.Sum256([]byte(p)); return h[:] }

type gcm struct{ a cipher.AEAD }

func (g gcm) Seal(p, ad []byte) ([]byte, error) {
	n := make([]byte, g.a.NonceSize())
	rand.Read(n)
	return g.a.Seal(n, n, p, ad), nil
}

func (g gcm) Open(s, ad []byte) ([]byte, error) {
	if len(s) < g.a.NonceSize() {
		return nil, devicesync.ErrTampered
	}
	p, err := g.a.Open(nil, s[:g.a.NonceSize()], s[g.a.NonceSize():], ad)
	if err != nil {
		return nil, devicesync.ErrTampered
	}
	return p, nil
}

func (g gcm) BlobID(h string) string { x := sha256.Sum256([]byte(h)); return hex.EncodeToString(x[:]) }

// TestSyncCommands drives `sync setup|run|status` and doctor's sync entry
// for two devices (two databases, two data dirs) over an in-memory hub.
func TestSyncCommands(t *testing.T) {
	hub := devicesync.NewMemHub()
	stack.OpenSyncHub = func(ctx context.Context, dsn string) (devicesync.Hub, error) { return hub, nil }
	stack.SyncKeys = cliKeys{}
	t.Cleanup(func() { stack.OpenSyncHub, stack.SyncKeys = nil, nil })
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	a := []string{"--data-dir", filepath.Join(t.TempDir(), "a"), "--postgres", pgtest.NewDatabase(t)}
	b := []string{"--data-dir", filepath.Join(t.TempDir(), "b"), "--postgres", pgtest.NewDatabase(t)}
	const dsn = "postgres://me:hunter2@hub.example/brain?sslmode=require"

	var st map[string]any
	if code := runJSON(t, &st, append([]string{"sync", "status"}, a...)...); code != 0 {
		t.Fatalf("status before setup: exit %d", code)
	}
	keys := []string{"hub", "device", "pushed_seq", "pulled_seq", "pending_out", "pending_in", "conflicts", "last_error", "last_sync_at"}
	gotKeys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	want := slices.Sorted(slices.Values(keys))
	if !slices.Equal(gotKeys(st), want) {
		t.Fatalf("status keys: got %v; want %v", gotKeys(st), want)
	}

	t.Setenv("SECONDBRAIN_SYNC_PASSPHRASE", "open sesame")
	out, errOut, code := run(t, append([]string{"sync", "setup", "--hub", dsn, "--device", "laptop"}, a...)...)
	if code != 0 || !strings.Contains(out, "TEST-RECOVERY-CODE") || strings.Contains(out+errOut, "hunter2") {
		t.Fatalf("setup: exit %d\n%s%s", code, out, errOut)
	}
	t.Setenv("SECONDBRAIN_SYNC_PASSPHRASE", "wrong")
	var bad errorJSON
	if code := runJSON(t, &bad, append([]string{"sync", "setup", "--hub", dsn, "--device", "desktop"}, b...)...); code == 0 || bad.Error.Code != "invalid" || !strings.Contains(bad.Error.Message, "passphrase") {
		t.Fatalf("setup with a wrong passphrase: %+v (exit %d)", bad, code)
	}
	t.Setenv("SECONDBRAIN_SYNC_PASSPHRASE", "open sesame")
	if out, errOut, code := run(t, append([]string{"sync", "setup", "--hub", dsn, "--device", "desktop"}, b...)...); code != 0 || strings.Contains(out, "TEST-RECOVERY-CODE") {
		t.Fatalf("join: exit %d\n%s%s", code, out, errOut)
	}
	var n noteJSON
	if code := runJSON(t, &n, append([]string{"note", "new", "--title", "Synced"}, a...)...); code != 0 {
		t.Fatalf("note new: exit %d", code)
	}
	for _, d := range [][]string{a, b} {
		if out, errOut, code := run(t, append([]string{"sync", "run"}, d...)...); code != 0 {
			t.Fatalf("sync run: exit %d\n%s%s", code, out, errOut)
		}
	}
	var shown noteJSON
	if code := runJSON(t, &shown, append([]string{"note", "show", n.ID}, b...)...); code != 0 || shown.Title != "Synced" {
		t.Fatalf("the note on the other device: %+v (exit %d)", shown, code)
	}
	st = nil
	if code := runJSON(t, &st, append([]string{"sync", "status"}, b...)...); code != 0 || !slices.Equal(gotKeys(st), want) ||
		st["device"] != "desktop" || st["pulled_seq"] != float64(1) || st["hub"] != "postgres://me@hub.example/brain?sslmode=require" || st["last_sync_at"] == nil {
		t.Fatalf("status: %v (exit %d)", st, code)
	}
	var doc struct {
		Sync json.RawMessage `json:"sync"`
	}
	runJSON(t, &doc, append([]string{"doctor"}, b...)...)
	if !strings.Contains(string(doc.Sync), `"configured": true`) || !strings.Contains(string(doc.Sync), `"pending_out": 0`) {
		t.Fatalf("doctor's sync entry: %s", doc.Sync)
	}
}

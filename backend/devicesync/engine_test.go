package devicesync_test

import (
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"sync"

	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	_ "github.com/jackc/pgx/v5/stdlib"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/vault"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain())
	}
	pgtest.Main(m)
}

// testKeys is a KeyScheme for tests: AES-256-GCM, the keyring being the
// vault key sealed with sha256(passphrase). The real one is
// backend/syncseal (Argon2id, XChaCha20-Poly1305).
type testKeys struct{}

func (testKeys) NewKeyring(pass string) (devicesync.Keyring, []byte, string, error) {
	key := make([]byte, 32)
	rand.Read(key)
	s, _ := newSealer(passKey(pass))
	blob, err := s.Seal(key, []byte("keyring"))
	return devicesync.Keyring{Blob: blob}, key, "RECOVERY-TEST-CODE", err
}

func (testKeys) Unlock(k devicesync.Keyring, pass string) ([]byte, error) {
	s, _ := newSealer(passKey(pass))
	key, err := s.Open(k.Blob, []byte("keyring"))
	if err != nil {
		return nil, devicesync.ErrWrongPassphrase
	}
	return key, nil
}

func (testKeys) Sealer(key []byte) (devicesync.Sealer, error) { return newSealer(key) }

func passKey(p string) []byte { h := sha256.Sum256([]byte(p)); return h[:] }

type gcmSealer struct {
	aead cipher.AEAD
	key  []byte
}

func newSealer(key []byte) (*gcmSealer, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	a, err := cipher.NewGCM(b)
	return &gcmSealer{aead: a, key: key}, err
}

func (s *gcmSealer) Seal(plain, ad []byte) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plain, ad), nil
}

func (s *gcmSealer) Open(sealed, ad []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, devicesync.ErrTampered
	}
	p, err := s.aead.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, devicesync.ErrTampered
	}
	return p, nil
}

func (s *gcmSealer) BlobID(h string) string {
	m := sha256.Sum256(append(append([]byte{}, s.key...), h...))
	return hex.EncodeToString(m[:])
}

// clusters starts n PostgreSQL clusters at once, one per device (each
// device's embedded one), and returns their DSNs. Commits skip the wait
// for the disk (synchronous_commit off): this test is about sync, not
// durability, and the machine's disk is shared.
func clusters(tb testing.TB, n int) []string {
	tb.Helper()
	dsns := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dsns[i], errs[i] = startCluster(tb)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			tb.Fatalf("start a device cluster: %v", err)
		}
	}
	return dsns
}

func startCluster(tb testing.TB) (string, error) {
	dir, err := os.MkdirTemp("", "devsync-pg-")
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: dir, BinDir: os.Getenv("SECONDBRAIN_PG_BIN"), Logger: logger})
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		srv.Stop(ctx)
		os.RemoveAll(dir)
	})
	dsn := srv.DSNFor("postgres")
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `ALTER SYSTEM SET synchronous_commit = off`); err != nil {
		return "", err
	}
	_, err = db.ExecContext(ctx, `SELECT pg_reload_conf()`)
	return dsn, err
}

// device is one device: its own cluster, store, note service and engine.
type device struct {
	name    string
	dataDir string
	att     *service.Attachments
	st      *pgstore.Store
	notes   *service.Notes
	eng     *devicesync.Engine
}

func newDevice(tb testing.TB, name string, hub *devicesync.MemHub, dsn string) *device {
	tb.Helper()
	open := func(ctx context.Context, dsn string) (devicesync.Hub, error) { return hub, nil }
	return newDeviceWith(tb, name, dsn, open, testKeys{})
}

// newDeviceWith is newDevice with the hub open reaches and the key scheme
// given: the real hub and syncseal, say.
func newDeviceWith(tb testing.TB, name, dsn string, open devicesync.OpenHubFunc, keys devicesync.KeyScheme) *device {
	tb.Helper()
	ctx := context.Background()
	st, err := pgstore.Open(ctx, dsn, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	notes := service.NewNotes(st, nil)
	dataDir := tb.TempDir()
	blobs, err := blobstore.New(filepath.Join(dataDir, "attachments"))
	if err != nil {
		tb.Fatal(err)
	}
	att := service.NewAttachments(st, blobs)
	eng := devicesync.New(st.DB(), notes, devicesync.Options{
		DataDir:     dataDir,
		Listen:      st.ListenEvents,
		Attachments: attachments{att},
		OpenHub:     open,
		Keys:        keys,
		Logger:      debugLogger(name),
		Now:         func() time.Time { return time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC) },
		Batch:       64,
	})
	tb.Cleanup(func() { eng.Close() })
	return &device{name: name, dataDir: dataDir, att: att, st: st, notes: notes, eng: eng}
}

// attachments gives the engine a device's attachments use case (as
// app/stack does).
type attachments struct{ a *service.Attachments }

func (x attachments) Read(ctx context.Context, hash string) ([]byte, error) {
	return x.a.ReadHash(hash)
}

func (x attachments) Write(ctx context.Context, p string, data []byte) error {
	_, err := x.a.PutAt(ctx, p, data)
	return err
}

const hubDSN = "postgres://sync:secret@hub.example:5432/brain?sslmode=require"

func (d *device) setup(tb testing.TB, pass string) devicesync.SetupResult {
	tb.Helper()
	res, err := d.eng.Setup(context.Background(), hubDSN, d.name, pass)
	if err != nil {
		tb.Fatalf("%s: setup: %v", d.name, err)
	}
	return res
}

func (d *device) run(tb testing.TB) {
	tb.Helper()
	if err := d.eng.RunOnce(context.Background()); err != nil {
		tb.Fatalf("%s: sync: %v", d.name, err)
	}
}

// snapshot is every note of a device, live and trashed, as comparable text.
func (d *device) snapshot(tb testing.TB) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, trashed := range []bool{false, true} {
		page, err := d.notes.List(context.Background(), backend.ListOptions{Trashed: trashed, Limit: 100000})
		if err != nil {
			tb.Fatal(err)
		}
		for _, s := range page.Notes {
			n, err := d.notes.Get(context.Background(), s.ID.String())
			if err != nil {
				tb.Fatal(err)
			}
			out[n.ID.String()] = fmt.Sprintf("%s|%s|%v|%s", n.Title, n.Path, n.TrashedAt != nil, n.Body)
		}
	}
	return out
}

// bodies returns every body in the history of every note of the device.
func (d *device) bodies(tb testing.TB) map[string]bool {
	tb.Helper()
	out := map[string]bool{}
	rows, err := d.st.DB().Query(`SELECT payload->>'body' FROM events WHERE payload ? 'body'`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			tb.Fatal(err)
		}
		out[b] = true
	}
	return out
}

func TestSetupJoinAndWrongPassphrase(t *testing.T) {
	hub := devicesync.NewMemHub()
	a := newDevice(t, "laptop", hub, pgtest.NewDatabase(t))
	b := newDevice(t, "desktop", hub, pgtest.NewDatabase(t))
	res := a.setup(t, "correct horse")
	if !res.Created || res.RecoveryCode == "" {
		t.Fatalf("first device: got created=%v code=%q; want a new vault with a recovery code", res.Created, res.RecoveryCode)
	}
	ctx := context.Background()
	if _, err := b.eng.Setup(ctx, hubDSN, "desktop", "wrong"); !errors.Is(err, devicesync.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: got %v; want ErrWrongPassphrase", err)
	}
	if st, _ := b.eng.Status(ctx); st.Configured {
		t.Fatal("a refused setup left the device configured")
	}
	if res := b.setup(t, "correct horse"); res.Created || res.RecoveryCode != "" {
		t.Fatalf("joining device: got created=%v code=%q; want a join without a code", res.Created, res.RecoveryCode)
	}
	n, err := a.notes.Create(ctx, "Plan", "work", "one\ntwo\nthree\n")
	if err != nil {
		t.Fatal(err)
	}
	a.run(t)
	b.run(t)
	got, err := b.notes.Get(ctx, n.ID.String())
	if err != nil {
		t.Fatalf("the note did not reach the other device: %v", err)
	}
	if got.Body != n.Body || got.Path != "work/Plan.md" {
		t.Fatalf("got %q at %q; want %q at work/Plan.md", got.Body, got.Path, n.Body)
	}
	h, _ := b.notes.History(ctx, n.ID.String())
	if len(h) == 0 || h[0].Origin != "device:laptop" {
		t.Fatalf("pulled write's origin: got %+v; want device:laptop", h)
	}
	// nothing echoes back: the pulled write is not pushed again
	before := len(hub.Envelopes())
	b.run(t)
	a.run(t)
	if after := len(hub.Envelopes()); after != before {
		t.Fatalf("hub grew from %d to %d changes after a pull: an echo", before, after)
	}
	st, err := b.eng.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(st.Hub, "secret") || st.Device != "desktop" || st.PulledSeq != int64(before) || st.PendingOut != 0 || st.PendingIn != 0 || st.LastError != "" || st.LastSyncAt == nil {
		t.Fatalf("status: got %+v", st)
	}
}

func TestConcurrentEditsMergeOrCopy(t *testing.T) {
	hub := devicesync.NewMemHub()
	a := newDevice(t, "a", hub, pgtest.NewDatabase(t))
	b := newDevice(t, "b", hub, pgtest.NewDatabase(t))
	a.setup(t, "pw")
	b.setup(t, "pw")
	ctx := context.Background()
	n, _ := a.notes.Create(ctx, "Shared", "", "l1\nl2\nl3\nl4\n")
	a.run(t)
	b.run(t)
	// different lines merge; a rename on one side and an edit on the other both apply
	na, _ := a.notes.Save(ctx, n.ID.String(), n.Version, "l1 by a\nl2\nl3\nl4\n")
	nb, _ := b.notes.Get(ctx, n.ID.String())
	nb, _ = b.notes.Save(ctx, nb.ID.String(), nb.Version, "l1\nl2\nl3\nl4 by b\n")
	if _, err := b.notes.Rename(ctx, nb.ID.String(), nb.Version, "Renamed", false); err != nil {
		t.Fatal(err)
	}
	a.run(t)
	b.run(t)
	a.run(t)
	for _, d := range []*device{a, b} {
		got, _ := d.notes.Get(ctx, n.ID.String())
		if got.Body != "l1 by a\nl2\nl3\nl4 by b\n" || got.Title != "Renamed" {
			t.Fatalf("%s: got %q titled %q; want both edits merged under the new title", d.name, got.Body, got.Title)
		}
	}
	// overlapping edits: the hub's first stays the note, the other a copy
	na, _ = a.notes.Get(ctx, n.ID.String())
	a.notes.Save(ctx, na.ID.String(), na.Version, "l1 from a again\nl2\nl3\nl4 by b\n")
	nb, _ = b.notes.Get(ctx, n.ID.String())
	b.notes.Save(ctx, nb.ID.String(), nb.Version, "l1 from b\nl2\nl3\nl4 by b\n")
	a.run(t)
	b.run(t)
	a.run(t)
	sa, sb := a.snapshot(t), b.snapshot(t)
	if fmt.Sprint(sa) != fmt.Sprint(sb) {
		t.Fatalf("devices differ:\n%v\n%v", sa, sb)
	}
	var copies int
	for _, v := range sa {
		if strings.Contains(v, " (conflict 20") && strings.Contains(v, "l1 from b") {
			copies++
		}
	}
	if copies != 1 {
		t.Fatalf("got %d conflict copies holding b's text; want 1: %v", copies, sa)
	}
	if got, _ := a.notes.Get(ctx, n.ID.String()); !strings.HasPrefix(got.Body, "l1 from a again") {
		t.Fatalf("the note: got %q; want a's text (first on the hub)", got.Body)
	}
	if st, _ := a.eng.Status(ctx); st.Conflicts != 1 {
		t.Fatalf("status conflicts: got %d; want 1", st.Conflicts)
	}
	// the conflict is in the vault's one conflicts list; "keep other"
	// makes b's text the note's and trashes the copy, on every device
	m := vault.New(a.st.DB(), a.notes, vault.Options{})
	cs, err := m.Conflicts(ctx)
	if err != nil || len(cs) != 1 || cs[0].Source != "device:b" || cs[0].NoteID != n.ID || !strings.HasPrefix(cs[0].FileText, "l1 from b") {
		t.Fatalf("conflicts list: got %+v, %v; want b's conflict", cs, err)
	}
	if err := m.Resolve(ctx, cs[0].ID.String(), vault.KeepFile); err != nil {
		t.Fatal(err)
	}
	a.run(t)
	b.run(t)
	for _, d := range []*device{a, b} {
		got, _ := d.notes.Get(ctx, n.ID.String())
		cp, _ := d.notes.Get(ctx, cs[0].CopyNoteID.String())
		if !strings.HasPrefix(got.Body, "l1 from b") || cp.TrashedAt == nil {
			t.Fatalf("%s after keeping the other text: note %q, copy trashed %v", d.name, got.Body, cp.TrashedAt != nil)
		}
	}
	if st, _ := a.eng.Status(ctx); st.Conflicts != 0 {
		t.Fatalf("status conflicts after resolving: got %d; want 0", st.Conflicts)
	}
	// a trash on one side with an unseen edit on the other keeps the note
	na, _ = a.notes.Get(ctx, n.ID.String())
	a.notes.Save(ctx, na.ID.String(), na.Version, na.Body+"more\n")
	b.notes.Trash(ctx, n.ID.String())
	a.run(t)
	b.run(t)
	a.run(t)
	for _, d := range []*device{a, b} {
		got, _ := d.notes.Get(ctx, n.ID.String())
		if got.TrashedAt != nil || !strings.HasSuffix(got.Body, "more\n") {
			t.Fatalf("%s: a trash over an unseen edit: got trashed=%v body %q; want the note kept with the edit", d.name, got.TrashedAt != nil, got.Body)
		}
	}
}

func TestTamperedChangeIsNeverApplied(t *testing.T) {
	hub := devicesync.NewMemHub()
	a := newDevice(t, "a", hub, pgtest.NewDatabase(t))
	b := newDevice(t, "b", hub, pgtest.NewDatabase(t))
	a.setup(t, "pw")
	b.setup(t, "pw")
	ctx := context.Background()
	a.notes.Create(ctx, "Secret", "", "the plan\n")
	a.run(t)
	env := hub.Envelopes()[0]
	bad := append([]byte(nil), env.Sealed...)
	bad[len(bad)-1] ^= 1
	hub.Tamper(env.Seq, bad)
	if err := b.eng.RunOnce(ctx); !errors.Is(err, devicesync.ErrTampered) {
		t.Fatalf("got %v; want ErrTampered", err)
	}
	st, _ := b.eng.Status(ctx)
	if st.PulledSeq != 0 || !strings.Contains(st.LastError, "tampered") {
		t.Fatalf("status after tampering: got %+v", st)
	}
	if len(b.snapshot(t)) != 0 {
		t.Fatal("a tampered change was applied")
	}
	if strings.Contains(string(env.Sealed), "the plan") {
		t.Fatal("the hub holds plaintext")
	}
}

func TestAttachmentsSyncSealed(t *testing.T) {
	hub := devicesync.NewMemHub()
	a := newDevice(t, "a", hub, pgtest.NewDatabase(t))
	b := newDevice(t, "b", hub, pgtest.NewDatabase(t))
	a.setup(t, "pw")
	b.setup(t, "pw")
	ctx := context.Background()
	data := []byte("PNG pretend picture of the secret plan")
	att, err := a.att.Attach(ctx, "plan.png", data)
	if err != nil {
		t.Fatal(err)
	}
	a.run(t)
	b.run(t)
	got, rc, err := b.att.Open(ctx, att.Path)
	if err != nil {
		t.Fatalf("the attachment did not reach the other device: %v", err)
	}
	defer rc.Close()
	body, _ := io.ReadAll(rc)
	if string(body) != string(data) || got.ContentHash != att.ContentHash {
		t.Fatalf("got %q (%s); want %q (%s)", body, got.ContentHash, data, att.ContentHash)
	}
	for _, env := range hub.Envelopes() {
		if strings.Contains(string(env.Sealed), "plan") {
			t.Fatal("the hub holds an attachment's name in the clear")
		}
	}
	before := len(hub.Envelopes())
	b.run(t)
	if len(hub.Envelopes()) != before {
		t.Fatal("a pulled attachment was pushed back")
	}
}

func TestMassTrashWaitsForConfirmation(t *testing.T) {
	hub := devicesync.NewMemHub()
	a := newDevice(t, "a", hub, pgtest.NewDatabase(t))
	b := newDevice(t, "b", hub, pgtest.NewDatabase(t))
	a.setup(t, "pw")
	b.setup(t, "pw")
	ctx := context.Background()
	var ids []string
	for i := range 10 {
		n, _ := a.notes.Create(ctx, fmt.Sprint("n", i), "", "x\n")
		ids = append(ids, n.ID.String())
	}
	a.run(t)
	b.run(t)
	for _, id := range ids[:5] {
		a.notes.Trash(ctx, id)
	}
	a.run(t)
	b.run(t)
	if st, _ := b.eng.Status(ctx); st.PendingTrash != 5 {
		t.Fatalf("pending trash: got %d; want 5", st.PendingTrash)
	}
	if n, _ := b.notes.Get(ctx, ids[0]); n.TrashedAt != nil {
		t.Fatal("a mass trash was applied without confirmation")
	}
	if err := b.eng.ConfirmTrash(ctx, false); err != nil {
		t.Fatal(err)
	}
	b.run(t)
	a.run(t)
	for _, d := range []*device{a, b} {
		if n, _ := d.notes.Get(ctx, ids[0]); n.TrashedAt != nil {
			t.Fatalf("%s: a rejected mass trash: note still trashed", d.name)
		}
	}
}

func debugLogger(name string) *slog.Logger {
	if os.Getenv("SYNC_DEBUG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})).With("dev", name)
}

// A merged change keeps the other device's own text in every device's
// history; when the hub had to rename the note (its new name was taken
// meanwhile), a device holding the other note under that name writes the
// text under the hub's name rather than wait for ever.
func TestMergedRenameOntoTakenNameApplies(t *testing.T) {
	hub := devicesync.NewMemHub()
	a := newDevice(t, "a", hub, pgtest.NewDatabase(t))
	b := newDevice(t, "b", hub, pgtest.NewDatabase(t))
	c := newDevice(t, "c", hub, pgtest.NewDatabase(t))
	for _, d := range []*device{a, b, c} {
		d.setup(t, "pw")
	}
	ctx := context.Background()
	n, err := a.notes.Create(ctx, "Old", "", "l1\nl2\nl3\nl4\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*device{a, b, c} {
		d.run(t)
	}
	// b edits the note and makes another one named "Taken"
	nb, _ := b.notes.Get(ctx, n.ID.String())
	if _, err := b.notes.Save(ctx, nb.ID.String(), nb.Version, "l1\nl2\nl3\nl4 by b\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.notes.Create(ctx, "Taken", "", "b's own note\n"); err != nil {
		t.Fatal(err)
	}
	b.run(t)
	// a, not having seen either, renames the note "Taken" and edits it
	na, _ := a.notes.Save(ctx, n.ID.String(), n.Version, "l1 by a\nl2\nl3\nl4\n")
	if _, err := a.notes.Rename(ctx, na.ID.String(), na.Version, "Taken", false); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		for _, d := range []*device{a, b, c} {
			d.run(t)
		}
	}
	sa := a.snapshot(t)
	for _, d := range []*device{b, c} {
		if s := d.snapshot(t); fmt.Sprint(s) != fmt.Sprint(sa) {
			t.Fatalf("%s differs from a:\n%v\n%v", d.name, s, sa)
		}
		if st, _ := d.eng.Status(ctx); st.PendingIn != 0 || st.PendingOut != 0 {
			t.Fatalf("%s not quiescent: %+v", d.name, st)
		}
		if !d.bodies(t)["l1 by a\nl2\nl3\nl4\n"] {
			t.Fatalf("%s: a's own text is not in its history", d.name)
		}
	}
	got, _ := c.notes.Get(ctx, n.ID.String())
	if got.Body != "l1 by a\nl2\nl3\nl4 by b\n" || got.Title == "Taken" {
		t.Fatalf("c: the note is %q titled %q; want both edits under a name other than the taken one", got.Body, got.Title)
	}
}

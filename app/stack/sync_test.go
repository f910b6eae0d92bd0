package stack_test

import (
	"context"
	"strings"
	"testing"

	"secondbrain/app/stack"
	"secondbrain/backend/config"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/syncseal"
)

// syncStack opens a stack on a database of its own, as one device.
func syncStack(t *testing.T) *stack.Stack {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PostgresDSN = pgtest.NewDatabase(t)
	s, err := stack.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// TestSyncTwoDevices links the real parts — the PostgreSQL hub, the
// sealing, the engine and the note service — as the app does: a note
// written on one device reaches the other, an edit comes back, and a wrong
// passphrase is refused.
func TestSyncTwoDevices(t *testing.T) {
	old := stack.SyncKeys
	stack.SyncKeys = syncseal.Scheme{Params: syncseal.Params{Time: 1, MemoryKiB: 1 << 10, Threads: 1}}
	t.Cleanup(func() { stack.SyncKeys = old })
	ctx := context.Background()
	hub := pgtest.NewDatabase(t)
	a, b := syncStack(t), syncStack(t)
	res, err := a.SetupSync(ctx, hub, "Laptop", "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.RecoveryCode == "" {
		t.Fatalf("first device: %+v", res)
	}
	n, err := a.Notes.Create(ctx, "Shopping", "", "- milk\n- eggs\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Sync().RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetupSync(ctx, hub, "Desktop", "wrong"); err == nil || !strings.Contains(err.Error(), "passphrase") {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	if st, _ := b.Sync().Status(ctx); st.Configured {
		t.Fatal("a wrong passphrase set the device up")
	}
	if _, err := b.SetupSync(ctx, hub, "Desktop", "correct horse"); err != nil {
		t.Fatal(err)
	}
	if err := b.Sync().RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := b.Notes.Get(ctx, n.ID.String())
	if err != nil {
		t.Fatalf("the note on the second device: %v", err)
	}
	if got.Body != n.Body || got.Title != "Shopping" {
		t.Fatalf("second device holds %q %q", got.Title, got.Body)
	}
	if _, err := b.Notes.Save(ctx, got.ID.String(), got.Version, got.Body+"- bread\n"); err != nil {
		t.Fatal(err)
	}
	if err := b.Sync().RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Sync().RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	back, err := a.Notes.Get(ctx, n.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if back.Body != "- milk\n- eggs\n- bread\n" {
		t.Fatalf("first device after the edit: %q", back.Body)
	}
	for _, s := range []*stack.Stack{a, b} {
		st, err := s.Sync().Status(ctx)
		if err != nil || st.PendingOut != 0 || st.LastError != "" {
			t.Fatalf("status %+v %v", st, err)
		}
	}
}

package synchub_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/syncseal"
)

// notes are the plaintext a device syncs; none of their words may reach
// the hub.
var notes = []string{
	"# Grocery list\n\nbuy marmalade, quinoa and a new kettle\n",
	"# Meeting with Hortensia\n\nDiscussed the zeppelin budget; follow up on Thursday.\n",
	"---\ntitle: Secret recipe\n---\nSaffron risotto with gorgonzola and walnuts.\n",
}

// hubDump returns every value of every table of the hub database, text
// columns as text and bytea columns as their raw bytes (a pg_dump would
// show bytea in hex, where a plaintext word would hide).
func hubDump(t *testing.T, dsn string) []byte {
	t.Helper()
	ctx := testCtx(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	type column struct{ Table, Name, Type string }
	cols, err := pgx.CollectRows(rows, pgx.RowToStructByPos[column])
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]bool{}
	var dump bytes.Buffer
	for _, c := range cols {
		tables[c.Table] = true
		expr := pgx.Identifier{c.Name}.Sanitize() + "::text"
		if c.Type == "bytea" {
			expr = pgx.Identifier{c.Name}.Sanitize()
		}
		rows, err := conn.Query(ctx, "SELECT "+expr+" FROM "+pgx.Identifier{c.Table}.Sanitize())
		if err != nil {
			t.Fatal(err)
		}
		var v []byte
		if _, err := pgx.ForEachRow(rows, []any{&v}, func() error {
			dump.Write(v)
			dump.WriteByte('\n')
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"sb_changes", "sb_blobs", "sb_devices", "sb_keyring", "sb_sync_schema"} {
		if !tables[want] {
			t.Fatalf("the dump misses table %s", want)
		}
	}
	return dump.Bytes()
}

// leaked returns the words of notes found in dump.
func leaked(dump []byte) []string {
	var found []string
	for _, n := range notes {
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
			if len(w) >= 5 && bytes.Contains(bytes.ToLower(dump), []byte(strings.ToLower(w))) {
				found = append(found, w)
			}
		}
	}
	return found
}

// TestHubHoldsNoPlaintext syncs sealed notes and an attachment through a
// hub and looks for their words in everything the hub stores.
func TestHubHoldsNoPlaintext(t *testing.T) {
	ctx := testCtx(t)
	k, s, _, err := syncseal.NewKeyringParams("a passphrase", syncseal.Params{Time: 1, MemoryKiB: 1024, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The scan finds plaintext where there is some: a hub holding the
	// notes unsealed (and the device name, which the hub stores as given).
	control := pgtest.NewDatabase(t)
	ch := openHub(t, control)
	cd := newDevice(t, ch, "control-laptop")
	for i, n := range notes {
		if _, err := ch.Push(ctx, cd, []devicesync.Envelope{{Device: cd.ID, DeviceSeq: int64(i + 1), Sealed: []byte(n)}}); err != nil {
			t.Fatal(err)
		}
	}
	dump := hubDump(t, control)
	if got := leaked(dump); len(got) < 10 {
		t.Fatalf("the scan of an unsealed hub found only %v; the scan is blind", got)
	}
	if !bytes.Contains(dump, []byte("control-laptop")) {
		t.Fatal("the scan misses the device names")
	}

	dsn := pgtest.NewDatabase(t)
	h := openHub(t, dsn)
	if err := h.InitKeyring(ctx, k); err != nil {
		t.Fatal(err)
	}
	d := newDevice(t, h, "laptop")
	for i, n := range notes {
		seq := int64(i + 1)
		sealed, err := s.Seal([]byte(n), devicesync.AD(d.ID, seq))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Push(ctx, d, []devicesync.Envelope{{Device: d.ID, DeviceSeq: seq, Sealed: sealed}}); err != nil {
			t.Fatal(err)
		}
	}
	attachment := []byte("PDF scan: marmalade invoice from Hortensia")
	sealed, err := s.Seal(attachment, []byte("blob"))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.PutBlob(ctx, s.BlobID("sha256:0123abcd"), sealed); err != nil {
		t.Fatal(err)
	}
	if got := leaked(hubDump(t, dsn)); len(got) > 0 {
		t.Errorf("the hub holds words of the notes: %v", got)
	}
	// And the hub's changes still open on the device.
	es, err := h.Pull(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range es {
		plain, err := s.Open(e.Sealed, devicesync.AD(e.Device, e.DeviceSeq))
		if err != nil || string(plain) != notes[i] {
			t.Errorf("Open of pulled change %d = %q, %v; want note %d", i, plain, err, i)
		}
	}
}

// TestPassphraseChange stores a real keyring, changes its passphrase
// through ReplaceKeyring and joins with the new one.
func TestPassphraseChange(t *testing.T) {
	ctx := testCtx(t)
	fast := syncseal.Params{Time: 1, MemoryKiB: 1024, Threads: 1}
	h := openHub(t, pgtest.NewDatabase(t))
	k, s, _, err := syncseal.NewKeyringParams("old passphrase", fast)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.InitKeyring(ctx, k); err != nil {
		t.Fatal(err)
	}
	stored, err := h.Keyring(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := syncseal.Unlock(stored, "old passphrase")
	if err != nil {
		t.Fatal(err)
	}
	next, err := syncseal.RewrapParams(stored, u, "new passphrase", fast)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.ReplaceKeyring(ctx, stored, next); err != nil {
		t.Fatal(err)
	}
	joined, err := h.Keyring(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncseal.Unlock(joined, "old passphrase"); !errors.Is(err, devicesync.ErrWrongPassphrase) {
		t.Errorf("Unlock with the old passphrase: err = %v; want ErrWrongPassphrase", err)
	}
	j, err := syncseal.Unlock(joined, "new passphrase")
	if err != nil {
		t.Fatalf("Unlock with the new passphrase: %v", err)
	}
	if j.KeyID() != s.KeyID() {
		t.Error("the passphrase change changed the vault key")
	}
}

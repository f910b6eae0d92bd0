//go:build linux

package devicesync_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver/pgtest"
)

// smallDisk mounts a tmpfs of size bytes owned by uid:gid and returns its
// folder; it is unmounted when the test ends. It needs root (CI runs as
// root here): elsewhere the test is skipped, under CI it fails.
func smallDisk(t *testing.T, size int64, uid, gid uint32) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "smalldisk-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,uid=%d,gid=%d,mode=0700", size, uid, gid), "tmpfs", dir).CombinedOutput()
	if err != nil {
		os.Remove(dir)
		if os.Getenv("CI") != "" {
			t.Fatalf("mount a small disk: %v: %s (CI runs as root and must run this test)", err, out)
		}
		t.Skipf("mount a small disk (needs root): %v: %s", err, out)
	}
	t.Cleanup(func() {
		exec.Command("umount", dir).Run()
		os.Remove(dir)
	})
	return dir
}

// randomText is n bytes of lines of random hex digits: text that does not
// compress, so it takes its room on disk.
func randomText(n int) string {
	b := make([]byte, n/2)
	rand.Read(b)
	h := hex.EncodeToString(b)
	var sb strings.Builder
	for len(h) > 64 {
		sb.WriteString(h[:64] + "\n")
		h = h[64:]
	}
	return sb.String()
}

// TestDiskFullOnDevice fills the disk a device's sync ledger lives on in
// the middle of pulling: the pass fails with a message that says the disk
// is full, applies nothing of the failed batch and loses nothing; once
// space is freed the next pass brings every note and version.
func TestDiskFullOnDevice(t *testing.T) {
	ctx := context.Background()
	hub := devicesync.NewMemHub()
	a := newDevice(t, "a", hub, pgtest.NewDatabase(t))
	b := newDevice(t, "b", hub, pgtest.NewDatabase(t))
	a.setup(t, "pw")
	b.setup(t, "pw")
	for i := range 3 {
		if _, err := a.notes.Create(ctx, fmt.Sprintf("Before %d", i), "", "text\n"); err != nil {
			t.Fatal(err)
		}
	}
	a.run(t)
	b.run(t)

	// b's ledger tables move to a tablespace on a 1 MB disk, which a
	// filler table then fills.
	db := b.st.DB()
	var dataDir string
	if err := db.QueryRow(`SHOW data_directory`).Scan(&dataDir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	owner := fi.Sys().(*syscall.Stat_t)
	disk := smallDisk(t, 1<<20, owner.Uid, owner.Gid)
	space := "small_" + strings.ReplaceAll(t.Name(), "/", "_")
	if _, err := db.Exec(fmt.Sprintf(`CREATE TABLESPACE %s LOCATION '%s'`, space, disk)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec(`ALTER TABLE sync_changes SET TABLESPACE pg_default`)
		db.Exec(`ALTER TABLE sync_canons SET TABLESPACE pg_default`)
		db.Exec(`DROP TABLE IF EXISTS filler`)
		db.Exec(`DROP TABLESPACE ` + space)
	})
	for _, table := range []string{"sync_changes", "sync_canons"} {
		if _, err := db.Exec(fmt.Sprintf(`ALTER TABLE %s SET TABLESPACE %s`, table, space)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`CREATE TABLE filler (x text) TABLESPACE ` + space); err != nil {
		t.Fatal(err)
	}
	full := false
	for range 200 {
		if _, err := db.Exec(`INSERT INTO filler SELECT repeat(md5(random()::text), 20) FROM generate_series(1, 200)`); err != nil {
			if !strings.Contains(err.Error(), "No space left on device") {
				t.Fatalf("filling the small disk: %v", err)
			}
			full = true
			break
		}
	}
	if !full {
		t.Fatal("the small disk never filled")
	}

	// a writes on; b pulls onto a full disk.
	for i := range 20 {
		if _, err := a.notes.Create(ctx, fmt.Sprintf("During %d", i), "", randomText(10000)); err != nil {
			t.Fatal(err)
		}
	}
	a.run(t)
	var pulledBefore int64
	db.QueryRow(`SELECT pulled_seq FROM sync_states`).Scan(&pulledBefore)
	before := b.snapshot(t)
	err = b.eng.RunOnce(ctx)
	if err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("a pass onto a full disk returned %v; want an error that says the disk is full", err)
	}
	st, serr := b.eng.Status(ctx)
	if serr != nil || !strings.Contains(st.LastError, "disk is full") {
		t.Errorf("status after the failed pass: %+v, %v; want the disk-full error as the last error", st, serr)
	}
	var pulledAfter int64
	db.QueryRow(`SELECT pulled_seq FROM sync_states`).Scan(&pulledAfter)
	if pulledAfter != pulledBefore {
		t.Errorf("the failed pass moved the pull checkpoint %d -> %d", pulledBefore, pulledAfter)
	}
	if after := b.snapshot(t); !reflect.DeepEqual(before, after) {
		t.Errorf("the failed pass changed b's notes")
	}

	// Space is freed: the next pass brings everything.
	if _, err := db.Exec(`DROP TABLE filler`); err != nil {
		t.Fatal(err)
	}
	b.run(t)
	if x, y := a.snapshot(t), b.snapshot(t); !reflect.DeepEqual(x, y) {
		t.Errorf("after space was freed b holds %d notes; want a's %d, the same", len(y), len(x))
	}
	if st, err := b.eng.Status(ctx); err != nil || st.LastError != "" || st.PendingIn != 0 {
		t.Errorf("status after space was freed: %+v, %v; want no error, nothing pending", st, err)
	}
}

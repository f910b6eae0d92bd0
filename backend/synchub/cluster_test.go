//go:build unix

package synchub_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver"
	"secondbrain/backend/synchub"
)

// startCluster starts a private cluster on dataDir (the shared test
// cluster must not be killed).
func startCluster(t *testing.T, dataDir string) *pgserver.Server {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := pgserver.Start(testCtx(t), pgserver.Options{DataDir: dataDir, BinDir: os.Getenv("SECONDBRAIN_PG_BIN"), Logger: logger})
	if err != nil {
		t.Fatalf("start the hub's cluster: %v", err)
	}
	return srv
}

// killPostmaster kills the cluster's postmaster with SIGKILL.
func killPostmaster(t *testing.T, srv *pgserver.Server) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(srv.DataDir(), "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		t.Fatalf("postmaster.pid: %q", b)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
}

// TestHubKilledMidPush kills the hub's postmaster while a push is inside
// its transaction, its changes inserted and seqs drawn but not committed,
// then restarts the hub: the push is gone as a whole, and the device
// resumes from LastDeviceSeq without a duplicate or a hole.
func TestHubKilledMidPush(t *testing.T) {
	dataDir := t.TempDir()
	srv := startCluster(t, dataDir)
	t.Cleanup(func() { srv.Stop(context.Background()) })
	dsn := srv.DSN()
	h, err := synchub.Open(testCtx(t), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	d := newDevice(t, h, "laptop")
	ctx := testCtx(t)

	const rounds, batch = 3, 5
	next := int64(1)
	for round := range rounds {
		if _, err := h.Push(ctx, d, envs(d, next, next+batch-1)); err != nil {
			t.Fatalf("round %d: Push: %v", round, err)
		}
		next += batch

		// Hold the device row so the push blocks in its foreign-key check,
		// after inserting its rows; then kill the postmaster.
		blocker, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		tx, err := blocker.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM sb_devices WHERE id = $1 FOR UPDATE`, d.ID); err != nil {
			t.Fatal(err)
		}
		pushed := make(chan error, 1)
		go func() {
			_, err := h.Push(ctx, d, envs(d, next, next+batch-1))
			pushed <- err
		}()
		waitForLockedInsert(t, dsn)
		killPostmaster(t, srv)
		if err := <-pushed; err == nil {
			t.Fatalf("round %d: a push whose hub died mid-transaction succeeded", round)
		}
		blocker.Close(context.Background())
		srv = startCluster(t, dataDir)

		last, err := h.LastDeviceSeq(ctx, d.ID)
		if err != nil {
			t.Fatalf("round %d: LastDeviceSeq after the restart: %v", round, err)
		}
		if last != next-1 {
			t.Fatalf("round %d: LastDeviceSeq = %d; want %d (the killed push rolled back)", round, last, next-1)
		}
		if _, err := h.Push(ctx, d, envs(d, last+1, last+batch)); err != nil {
			t.Fatalf("round %d: resumed Push: %v", round, err)
		}
		next = last + batch + 1
	}
	all, err := h.Pull(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(all)) != next-1 {
		t.Fatalf("the hub holds %d changes; want %d", len(all), next-1)
	}
	for i, e := range all {
		if e.DeviceSeq != int64(i+1) || string(e.Sealed) != string(envs(d, e.DeviceSeq, e.DeviceSeq)[0].Sealed) {
			t.Errorf("change %d: device seq %d, sealed %q; want every change once, in order", i, e.DeviceSeq, e.Sealed)
		}
	}
	var _ devicesync.Hub = h
}

// waitForLockedInsert waits until some session waits for a row lock on
// sb_devices: the push's foreign-key check, after its insert.
func waitForLockedInsert(t *testing.T, dsn string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(testCtx(t), time.Minute)
	defer cancel()
	// A connection of its own: pg_stat_activity is a snapshot per
	// transaction, so the blocker's transaction would never see a change.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for {
		var n int
		err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO sb_changes%'`).Scan(&n)
		if err != nil {
			t.Fatalf("waiting for the push to block: %v", err)
		}
		if n > 0 {
			return
		}
	}
}

// TestLoginErrorsHidePassword makes a cluster ask a role for its password
// (scram-sha-256) and opens a hub with a wrong one, in both DSN forms: the
// server refuses, and the error shows neither the wrong password nor the
// right one. The right password opens the hub.
func TestLoginErrorsHidePassword(t *testing.T) {
	srv := startCluster(t, t.TempDir())
	t.Cleanup(func() { srv.Stop(context.Background()) })
	ctx := testCtx(t)
	const right, wrong = "Right-pw-7f3e9a", "Wrong-pw-2b8c1d"
	sql(t, srv.DSN(), `CREATE ROLE syncer LOGIN PASSWORD '`+right+`'`)
	sql(t, srv.DSN(), `CREATE DATABASE hub OWNER syncer`)
	hba := filepath.Join(srv.DataDir(), "pg_hba.conf")
	old, err := os.ReadFile(hba)
	if err != nil {
		t.Fatal(err)
	}
	// The first matching line wins: the role must give a password.
	if err := os.WriteFile(hba, append([]byte("local all syncer scram-sha-256\n"), old...), 0o600); err != nil {
		t.Fatal(err)
	}
	sql(t, srv.DSN(), `SELECT pg_reload_conf()`)

	cfg, err := pgx.ParseConfig(srv.DSN())
	if err != nil {
		t.Fatal(err)
	}
	kv := func(pw string) string { return srv.DSNFor("hub") + " user=syncer password=" + pw }
	url := func(pw string) string {
		return "postgres://syncer:" + pw + "@/hub?sslmode=disable&host=" + cfg.Host + "&port=" + strconv.Itoa(int(cfg.Port))
	}
	for _, dsn := range []string{kv(wrong), url(wrong)} {
		_, err := synchub.Open(ctx, dsn, nil)
		if err == nil {
			t.Fatalf("Open with a wrong password succeeded (%s)", synchub.Redact(dsn))
		}
		t.Logf("wrong password: %v", err)
		if !strings.Contains(err.Error(), "password authentication failed") {
			t.Errorf("Open with a wrong password: %v; want the server's refusal", err)
		}
		if strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), right) {
			t.Errorf("Open error shows a password: %v", err)
		}
	}
	for _, dsn := range []string{kv(right), url(right)} {
		h, err := synchub.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatalf("Open with the right password (%s): %v", synchub.Redact(dsn), err)
		}
		h.Close()
	}
}

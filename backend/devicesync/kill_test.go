//go:build unix

package devicesync_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/synchub"
)

// childEnv makes the test binary a device process: one sync pass of the
// device whose database, data folder and hub the other variables name.
const childEnv = "SECONDBRAIN_DEVICESYNC_CHILD"

// killBatch is the batch size of the killed device: small, so a push or a
// pull is many transactions and a kill lands between and inside them.
const killBatch = 4

// childMain is one device in a process of its own: one RunOnce.
func childMain() int {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, os.Getenv("SB_CHILD_DSN"), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	eng := realEngine(st, os.Getenv("SB_CHILD_DATA"), os.Getenv("SB_CHILD_HUB"), killBatch)
	defer eng.Close()
	if err := eng.RunOnce(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "child sync:", err)
		return 1
	}
	return 0
}

// realEngine is a device's engine on the real hub at hubDSN.
func realEngine(st *pgstore.Store, dataDir, hubDSN string, batch int) *devicesync.Engine {
	return devicesync.New(st.DB(), service.NewNotes(st, nil), devicesync.Options{
		HubDSN:  hubDSN,
		DataDir: dataDir,
		OpenHub: func(ctx context.Context, dsn string) (devicesync.Hub, error) { return synchub.Open(ctx, dsn, nil) },
		Keys:    cheapKeys,
		Batch:   batch,
	})
}

// killIterations is how many times each kill test kills: 20, 3 under -short.
func killIterations() int {
	if testing.Short() {
		return 3
	}
	return 20
}

// startChild runs device d's pass in a child process.
func startChild(t *testing.T, dsn, dataDir, hubDSN string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", "SB_CHILD_DSN="+dsn, "SB_CHILD_DATA="+dataDir, "SB_CHILD_HUB="+hubDSN)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// queryInt reads one integer from db.
func queryInt(t *testing.T, db *sql.DB, q string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// hubBodies counts, per body, the hub's changes that carry it.
func hubBodies(t *testing.T, hubDSN string, d *device) map[string]int {
	t.Helper()
	s, err := cheapKeys.Sealer(readKey(t, d))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, env := range allEnvelopes(t, hubDSN) {
		plain, err := s.Open(env.Sealed, devicesync.AD(env.Device, env.DeviceSeq))
		if err != nil {
			t.Fatal(err)
		}
		ch, err := devicesync.DecodeChange(plain)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Body != nil {
			out[*ch.Body]++
		}
	}
	return out
}

// checkConverged runs passes until nothing moves, then checks both devices
// hold the same notes and every saved body is on the hub exactly once.
func checkConverged(t *testing.T, hubDSN string, saved map[string]bool, devs ...*device) {
	t.Helper()
	for round := 0; ; round++ {
		head := len(allEnvelopes(t, hubDSN))
		for _, d := range devs {
			d.run(t)
		}
		if len(allEnvelopes(t, hubDSN)) == head && round > 0 {
			break
		}
		if round == 10 {
			t.Fatal("no quiescence after 10 rounds")
		}
	}
	want := devs[0].snapshot(t)
	for _, d := range devs[1:] {
		got := d.snapshot(t)
		if len(got) != len(want) {
			t.Fatalf("%s holds %d notes; %s holds %d", d.name, len(got), devs[0].name, len(want))
		}
		for id, v := range want {
			if got[id] != v {
				t.Fatalf("note %s differs:\n%s: %q\n%s: %q", id, devs[0].name, v, d.name, got[id])
			}
		}
	}
	on := hubBodies(t, hubDSN, devs[0])
	for b := range saved {
		if on[b] != 1 {
			t.Fatalf("saved text %q is on the hub %d times; want once", b, on[b])
		}
	}
}

// TestDeviceKilledMidPushAndPull kills a device's process with SIGKILL in
// the middle of a push (its batches half on the hub) and in the middle of
// a pull (half replayed), 20 times each (3 under -short), restarting it
// each time: no change is pushed twice or lost, and the devices converge.
func TestDeviceKilledMidPushAndPull(t *testing.T) {
	ctx := context.Background()
	hubDSN := pgtest.NewDatabase(t)
	pre := func(ctx context.Context, dsn string) (devicesync.Hub, error) { return synchub.Open(ctx, hubDSN, nil) }
	aDSN := pgtest.NewDatabase(t)
	a := newDeviceWith(t, "child", aDSN, pre, cheapKeys)
	b := newDeviceWith(t, "peer", pgtest.NewDatabase(t), pre, cheapKeys)
	a.setup(t, "pw")
	b.setup(t, "pw")
	a.eng.Close() // from here on device a runs only in child processes
	saved := map[string]bool{}
	const perRound = 24
	var midPush, midPull int
	for it := range killIterations() {
		// mid-push: a's process pushes perRound new changes in batches
		for j := range perRound {
			body := fmt.Sprintf("a %d %d\n", it, j)
			if _, err := a.notes.Create(ctx, fmt.Sprintf("a %d %d", it, j), "a", body); err != nil {
				t.Fatal(err)
			}
			saved[body] = true
		}
		before := int64(len(allEnvelopes(t, hubDSN)))
		hub, err := pgx.Connect(ctx, hubDSN)
		if err != nil {
			t.Fatal(err)
		}
		cmd := startChild(t, aDSN, a.dataDir, hubDSN)
		for {
			var head int64
			if err := hub.QueryRow(ctx, `SELECT count(*) FROM sb_changes`).Scan(&head); err != nil {
				t.Fatal(err)
			}
			if head > before {
				break
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		var after int64
		hub.QueryRow(ctx, `SELECT count(*) FROM sb_changes`).Scan(&after)
		hub.Close(ctx)
		if after < before+perRound {
			midPush++
		}
		// mid-pull: the peer pushes perRound changes; a's process pulls
		b.run(t)
		for j := range perRound {
			body := fmt.Sprintf("b %d %d\n", it, j)
			if _, err := b.notes.Create(ctx, fmt.Sprintf("b %d %d", it, j), "b", body); err != nil {
				t.Fatal(err)
			}
			saved[body] = true
		}
		b.run(t)
		pulled := queryInt(t, a.st.DB(), `SELECT pulled_seq FROM sync_states`)
		head := int64(len(allEnvelopes(t, hubDSN)))
		cmd = startChild(t, aDSN, a.dataDir, hubDSN)
		for queryInt(t, a.st.DB(), `SELECT pulled_seq FROM sync_states`) == pulled {
		}
		cmd.Process.Kill()
		cmd.Wait()
		if queryInt(t, a.st.DB(), `SELECT pulled_seq FROM sync_states`) < head {
			midPull++
		}
		// restart: a full pass in a process of its own
		cmd = startChild(t, aDSN, a.dataDir, hubDSN)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("iteration %d: the restarted device's pass: %v", it, err)
		}
	}
	checkConverged(t, hubDSN, saved, b, a) // a's engine reconnects: it is the same device

	t.Logf("%d iterations: %d kills landed mid-push, %d mid-pull; %d texts", killIterations(), midPush, midPull, len(saved))
	if midPush == 0 || midPull == 0 {
		t.Fatalf("no kill landed mid-push (%d) or mid-pull (%d): the test tests nothing", midPush, midPull)
	}
}

// startHubCluster starts a private cluster for the hub on dataDir (the
// shared test cluster must not be killed).
func startHubCluster(t *testing.T, dataDir string) *pgserver.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: dataDir, BinDir: os.Getenv("SECONDBRAIN_PG_BIN"), Logger: logger})
	if err != nil {
		t.Fatalf("start the hub's cluster: %v", err)
	}
	return srv
}

// killPostmaster kills the cluster's postmaster with SIGKILL (as
// synchub's TestHubKilledMidPush does).
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

// TestHubKilledMidTransaction kills the hub's postmaster while a device's
// push is inside its transaction (held on the device row, so the kill
// lands after its inserts and before its commit), 20 times (3 under
// -short), restarting the hub each time: the devices converge with every
// change on the hub once.
func TestHubKilledMidTransaction(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	srv := startHubCluster(t, dataDir)
	t.Cleanup(func() { srv.Stop(context.Background()) })
	hubDSN := srv.DSN()
	open := func(ctx context.Context, _ string) (devicesync.Hub, error) { return synchub.Open(ctx, hubDSN, nil) }
	a := newDeviceWith(t, "laptop", pgtest.NewDatabase(t), open, cheapKeys)
	b := newDeviceWith(t, "desktop", pgtest.NewDatabase(t), open, cheapKeys)
	a.setup(t, "pw")
	b.setup(t, "pw")
	saved := map[string]bool{}
	for it := range killIterations() {
		for j := range 6 {
			body := fmt.Sprintf("laptop %d %d\n", it, j)
			if _, err := a.notes.Create(ctx, fmt.Sprintf("l %d %d", it, j), "", body); err != nil {
				t.Fatal(err)
			}
			saved[body] = true
		}
		var devID string
		a.st.DB().QueryRow(`SELECT device_id::text FROM sync_states`).Scan(&devID)
		blocker, err := pgx.Connect(ctx, hubDSN)
		if err != nil {
			t.Fatal(err)
		}
		tx, err := blocker.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM sb_devices WHERE id = $1 FOR UPDATE`, devID); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- a.eng.RunOnce(ctx) }()
		waitForLockedInsert(t, hubDSN)
		killPostmaster(t, srv)
		if err := <-done; err == nil {
			t.Fatalf("iteration %d: a pass whose hub died mid-push succeeded", it)
		}
		blocker.Close(context.Background())
		srv = startHubCluster(t, dataDir)
		body := fmt.Sprintf("desktop %d\n", it)
		if _, err := b.notes.Create(ctx, fmt.Sprintf("d %d", it), "", body); err != nil {
			t.Fatal(err)
		}
		saved[body] = true
		if err := b.eng.RunOnce(ctx); err != nil {
			// its connections died with the hub: the pass fails, the next reconnects
			t.Logf("iteration %d: desktop's first pass after the restart: %v", it, err)
			b.run(t)
		}
	}
	checkConverged(t, hubDSN, saved, a, b)
}

// waitForLockedInsert waits until some session waits for a row lock while
// inserting changes: the push's foreign-key check, after its insert.
func waitForLockedInsert(t *testing.T, dsn string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
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

package synchub_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"secondbrain/backend"
	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/synchub"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testCtx returns a context bounded so a hang fails the test instead of
// stalling it.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// openHub opens a hub on dsn, closed at cleanup.
func openHub(t *testing.T, dsn string) *synchub.Hub {
	t.Helper()
	h, err := synchub.Open(testCtx(t), dsn, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// sql runs one statement on the database of dsn.
func sql(t *testing.T, dsn, stmt string, args ...any) {
	t.Helper()
	conn, err := pgx.Connect(testCtx(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(testCtx(t), stmt, args...); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// newDevice registers a device on h.
func newDevice(t *testing.T, h *synchub.Hub, name string) devicesync.Device {
	t.Helper()
	d := devicesync.Device{ID: uuid.New(), Name: name, Token: uuid.NewString()}
	if err := h.Register(testCtx(t), d); err != nil {
		t.Fatalf("Register %s: %v", name, err)
	}
	return d
}

// envs returns changes from..to of device d, their sealed bytes naming
// them.
func envs(d devicesync.Device, from, to int64) []devicesync.Envelope {
	var es []devicesync.Envelope
	for s := from; s <= to; s++ {
		es = append(es, devicesync.Envelope{Device: d.ID, DeviceSeq: s, Sealed: fmt.Appendf(nil, "%s/%d", d.ID, s)})
	}
	return es
}

func TestMigrationsIdempotentAndRaceFree(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	// Four devices set up the same empty hub at once.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			h, err := synchub.Open(testCtx(t), dsn, nil)
			if err == nil {
				h.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent Open %d: %v", i, err)
		}
	}
	h := openHub(t, dsn) // and once more on a current schema
	d := newDevice(t, h, "laptop")
	if _, err := h.Push(testCtx(t), d, envs(d, 1, 2)); err != nil {
		t.Fatal(err)
	}
	h2 := openHub(t, dsn)
	if head, err := h2.Head(testCtx(t)); err != nil || head == 0 {
		t.Errorf("Head after reopening = %d, %v; want the pushed changes kept", head, err)
	}
	conn, err := pgx.Connect(testCtx(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n, maxV int
	if err := conn.QueryRow(testCtx(t), `SELECT count(*), max(version) FROM sb_sync_schema`).Scan(&n, &maxV); err != nil {
		t.Fatal(err)
	}
	if n != synchub.SchemaVersion || maxV != synchub.SchemaVersion {
		t.Errorf("sb_sync_schema holds %d rows up to version %d; want %d each applied once", n, maxV, synchub.SchemaVersion)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	openHub(t, dsn).Close()
	newer := synchub.SchemaVersion + 7
	sql(t, dsn, `INSERT INTO sb_sync_schema (version) VALUES ($1)`, newer)
	_, err := synchub.Open(testCtx(t), dsn, nil)
	if !errors.Is(err, devicesync.ErrHubTooNew) {
		t.Fatalf("Open of a hub at version %d: err = %v; want ErrHubTooNew", newer, err)
	}
	for _, v := range []int{newer, synchub.SchemaVersion} {
		if !strings.Contains(err.Error(), fmt.Sprint(v)) {
			t.Errorf("error %q does not name version %d", err, v)
		}
	}
}

func TestKeyring(t *testing.T) {
	h := openHub(t, pgtest.NewDatabase(t))
	ctx := testCtx(t)
	if _, err := h.Keyring(ctx); !errors.Is(err, devicesync.ErrNoVault) {
		t.Errorf("Keyring of a new hub: err = %v; want ErrNoVault", err)
	}
	k := devicesync.Keyring{Blob: []byte(`{"format":"test","n":1}`)}
	if err := h.InitKeyring(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := h.InitKeyring(ctx, devicesync.Keyring{Blob: []byte("other")}); !errors.Is(err, devicesync.ErrVaultExists) {
		t.Errorf("second InitKeyring: err = %v; want ErrVaultExists", err)
	}
	got, err := h.Keyring(ctx)
	if err != nil || string(got.Blob) != string(k.Blob) {
		t.Errorf("Keyring = %q, %v; want %q", got.Blob, err, k.Blob)
	}
	k2 := devicesync.Keyring{Blob: []byte(`{"format":"test","n":2}`)}
	if err := h.ReplaceKeyring(ctx, k, k2); err != nil {
		t.Fatalf("ReplaceKeyring: %v", err)
	}
	if err := h.ReplaceKeyring(ctx, k, devicesync.Keyring{Blob: []byte("stale")}); !errors.Is(err, devicesync.ErrKeyringChanged) {
		t.Errorf("ReplaceKeyring from a stale keyring: err = %v; want ErrKeyringChanged", err)
	}
	if got, err := h.Keyring(ctx); err != nil || string(got.Blob) != string(k2.Blob) {
		t.Errorf("Keyring after replace = %q, %v; want %q", got.Blob, err, k2.Blob)
	}
}

func TestRegisterAndDeviceTokens(t *testing.T) {
	h := openHub(t, pgtest.NewDatabase(t))
	ctx := testCtx(t)
	d := newDevice(t, h, "laptop")
	d.Name = "work laptop"
	if err := h.Register(ctx, d); err != nil {
		t.Errorf("Register again with the same token: %v", err)
	}
	other := devicesync.Device{ID: d.ID, Name: "impostor", Token: "another token"}
	if err := h.Register(ctx, other); !errors.Is(err, devicesync.ErrDeviceTaken) {
		t.Errorf("Register of the id with another token: err = %v; want ErrDeviceTaken", err)
	}
	if _, err := h.Push(ctx, other, envs(other, 1, 1)); !errors.Is(err, devicesync.ErrDeviceTaken) {
		t.Errorf("Push with another token: err = %v; want ErrDeviceTaken", err)
	}
	stranger := devicesync.Device{ID: uuid.New(), Token: "t"}
	if _, err := h.Push(ctx, stranger, envs(stranger, 1, 1)); !errors.Is(err, synchub.ErrNotRegistered) {
		t.Errorf("Push of an unregistered device: err = %v; want ErrNotRegistered", err)
	}
	d2 := newDevice(t, h, "desktop")
	ds, err := h.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].ID != d.ID || ds[0].Name != "work laptop" || ds[1].ID != d2.ID || ds[0].Token != "" {
		t.Errorf("Devices = %+v; want the laptop (renamed) then the desktop, without tokens", ds)
	}
	if head, _ := h.Head(ctx); head != 0 {
		t.Errorf("Head = %d after refused pushes; want 0", head)
	}
}

func TestPushIdempotentAndGapRefused(t *testing.T) {
	h := openHub(t, pgtest.NewDatabase(t))
	ctx := testCtx(t)
	d := newDevice(t, h, "laptop")
	first, err := h.Push(ctx, d, envs(d, 1, 3))
	if err != nil {
		t.Fatal(err)
	}
	again, err := h.Push(ctx, d, envs(d, 1, 3))
	if err != nil {
		t.Fatalf("repeated Push: %v", err)
	}
	if fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("repeated Push = %v; want the first seqs %v", again, first)
	}
	overlap, err := h.Push(ctx, d, envs(d, 2, 5))
	if err != nil {
		t.Fatalf("overlapping Push: %v", err)
	}
	if overlap[0] != first[1] || overlap[1] != first[2] || overlap[2] <= first[2] || overlap[3] != overlap[2]+1 {
		t.Errorf("overlapping Push = %v; want %v then two new seqs", overlap, first[1:])
	}
	if _, err := h.Push(ctx, d, envs(d, 7, 7)); !errors.Is(err, synchub.ErrSeqGap) {
		t.Errorf("Push of change 7 after 5: err = %v; want ErrSeqGap", err)
	}
	gappy := append(envs(d, 6, 6), envs(d, 8, 8)...)
	if _, err := h.Push(ctx, d, gappy); !errors.Is(err, synchub.ErrSeqGap) {
		t.Errorf("Push of changes 6 and 8: err = %v; want ErrSeqGap", err)
	}
	wrongDevice := envs(devicesync.Device{ID: uuid.New()}, 6, 6)
	if _, err := h.Push(ctx, d, wrongDevice); err == nil {
		t.Error("Push of another device's change succeeded; want an error")
	}
	if last, err := h.LastDeviceSeq(ctx, d.ID); err != nil || last != 5 {
		t.Errorf("LastDeviceSeq = %d, %v; want 5", last, err)
	}
	if last, err := h.LastDeviceSeq(ctx, uuid.New()); err != nil || last != 0 {
		t.Errorf("LastDeviceSeq of an unknown device = %d, %v; want 0", last, err)
	}
	got, err := h.Pull(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("Pull returned %d changes; want 5", len(got))
	}
	for i, e := range got {
		want := fmt.Sprintf("%s/%d", d.ID, i+1)
		if e.Device != d.ID || e.DeviceSeq != int64(i+1) || string(e.Sealed) != want || e.CreatedAt.IsZero() ||
			(i > 0 && e.Seq <= got[i-1].Seq) {
			t.Errorf("Pull[%d] = %+v; want device seq %d, sealed %q, seqs ascending", i, e, i+1, want)
		}
	}
	if head, err := h.Head(ctx); err != nil || head != got[4].Seq {
		t.Errorf("Head = %d, %v; want %d", head, err, got[4].Seq)
	}
	page, err := h.Pull(ctx, got[1].Seq, 2)
	if err != nil || len(page) != 2 || page[0].Seq != got[2].Seq || page[1].Seq != got[3].Seq {
		t.Errorf("Pull(after %d, limit 2) = %+v, %v; want changes 3 and 4", got[1].Seq, page, err)
	}
}

// TestConcurrentPushersNeverSkipASeq runs pushers on several devices
// against a puller that moves its checkpoint to the last seq it saw, as a
// device does: it must see every change, in the hub's order.
func TestConcurrentPushersNeverSkipASeq(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	h := openHub(t, dsn)
	ctx := testCtx(t)
	const devices, pushes = 4, 60
	var pushers sync.WaitGroup
	pushErr := make(chan error, devices)
	for i := range devices {
		// Each pusher has its own hub connection pool, as devices do.
		hd := openHub(t, dsn)
		d := newDevice(t, hd, fmt.Sprint("device ", i))
		pushers.Go(func() {
			next := int64(1)
			for p := range pushes {
				n := int64(1 + p%3)
				if _, err := hd.Push(ctx, d, envs(d, next, next+n-1)); err != nil {
					pushErr <- err
					return
				}
				next += n
			}
		})
	}
	done := make(chan struct{})
	go func() { pushers.Wait(); close(done) }()

	var seen []int64
	pulled := func() error {
		after := int64(0)
		if len(seen) > 0 {
			after = seen[len(seen)-1]
		}
		es, err := h.Pull(ctx, after, 0)
		for _, e := range es {
			seen = append(seen, e.Seq)
		}
		return err
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		if err := pulled(); err != nil {
			t.Fatal(err)
		}
	}
	close(pushErr)
	for err := range pushErr {
		t.Fatalf("Push: %v", err)
	}
	if err := pulled(); err != nil {
		t.Fatal(err)
	}
	all, err := h.Pull(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != devices*pushes*2 {
		t.Fatalf("the hub holds %d changes; want %d", len(all), devices*pushes*2)
	}
	if len(seen) != len(all) {
		t.Fatalf("the incremental puller saw %d changes of %d: it skipped some", len(seen), len(all))
	}
	for i := range all {
		if seen[i] != all[i].Seq {
			t.Fatalf("the puller's %dth change is seq %d; want %d", i, seen[i], all[i].Seq)
		}
	}
}

func TestWaitWakesOnNotify(t *testing.T) {
	h := openHub(t, pgtest.NewDatabase(t))
	ctx := testCtx(t)
	d := newDevice(t, h, "laptop")
	// Neither polling nor rechecks within the test: only NOTIFY can wake it.
	h.SetWait(true, time.Hour, time.Hour)
	listening := make(chan struct{}, 1)
	h.SetListening(func() { listening <- struct{}{} })
	woke := make(chan error, 1)
	go func() { woke <- h.Wait(ctx, 0) }()
	select {
	case <-listening:
	case err := <-woke:
		t.Fatalf("Wait returned %v before any push", err)
	}
	if _, err := h.Push(ctx, d, envs(d, 1, 1)); err != nil {
		t.Fatal(err)
	}
	if err := <-woke; err != nil {
		t.Fatalf("Wait after a push: %v", err)
	}
}

func TestWaitPollsWithoutListen(t *testing.T) {
	h := openHub(t, pgtest.NewDatabase(t))
	ctx := testCtx(t)
	d := newDevice(t, h, "laptop")
	h.SetWait(false, 5*time.Millisecond, time.Hour)
	woke := make(chan error, 1)
	go func() { woke <- h.Wait(ctx, 0) }()
	if _, err := h.Push(ctx, d, envs(d, 1, 1)); err != nil {
		t.Fatal(err)
	}
	if err := <-woke; err != nil {
		t.Fatalf("polling Wait after a push: %v", err)
	}
}

func TestWaitReturnsAtOnceOrOnCancel(t *testing.T) {
	h := openHub(t, pgtest.NewDatabase(t))
	d := newDevice(t, h, "laptop")
	if _, err := h.Push(testCtx(t), d, envs(d, 1, 2)); err != nil {
		t.Fatal(err)
	}
	head, _ := h.Head(testCtx(t))
	h.SetWait(true, time.Hour, time.Hour)
	if err := h.Wait(testCtx(t), head-1); err != nil {
		t.Errorf("Wait(after head-1) = %v; want nil at once", err)
	}
	ctx, cancel := context.WithCancel(testCtx(t))
	h.SetListening(cancel) // cancel once it blocks
	if err := h.Wait(ctx, head); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait canceled = %v; want context.Canceled", err)
	}
	// The pool still works after a wait was cut short.
	if got, err := h.Head(testCtx(t)); err != nil || got != head {
		t.Errorf("Head after a canceled Wait = %d, %v; want %d", got, err, head)
	}
}

func TestBlobs(t *testing.T) {
	h := openHub(t, pgtest.NewDatabase(t))
	ctx := testCtx(t)
	if _, err := h.Blob(ctx, "abc"); !errors.Is(err, devicesync.ErrNoBlob) {
		t.Errorf("Blob of a missing id: err = %v; want ErrNoBlob", err)
	}
	if err := h.PutBlob(ctx, "abc", []byte("sealed one")); err != nil {
		t.Fatal(err)
	}
	if err := h.PutBlob(ctx, "abc", []byte("sealed two")); err != nil {
		t.Errorf("PutBlob of a stored id: %v; want a no-op", err)
	}
	if got, err := h.Blob(ctx, "abc"); err != nil || string(got) != "sealed one" {
		t.Errorf("Blob = %q, %v; want the first", got, err)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://bob:s3cret@db.example:5432/brain?sslmode=verify-full", "postgres://bob:***@db.example:5432/brain?sslmode=verify-full"},
		{"postgresql://bob@db.example/brain?password=s3cret&sslmode=require", "postgresql://bob@db.example/brain?password=***&sslmode=require"},
		{"host=db.example user=bob password=s3cret dbname=brain sslmode=require", "host=db.example user=bob password=*** dbname=brain sslmode=require"},
		{"host=db.example password='it''s s3cret' dbname=brain", "host=db.example password=*** dbname=brain"},
		{"host=/run/pg dbname=brain", "host=/run/pg dbname=brain"},
	}
	for _, tt := range tests {
		if got := synchub.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestOpenErrorsHidePassword opens hubs that cannot be reached or parsed,
// with a password in each form of DSN: no error may show it.
func TestOpenErrorsHidePassword(t *testing.T) {
	const pw = "Zq8-hunter2-secret"
	tests := []struct {
		dsn, code string
	}{
		{"postgres://bob:" + pw + "@127.0.0.1:1/brain?sslmode=disable&connect_timeout=5", backend.EUNAVAILABLE},
		{"host=127.0.0.1 port=1 user=bob password=" + pw + " dbname=brain sslmode=disable connect_timeout=5", backend.EUNAVAILABLE},
		{"postgres://bob:" + pw + "@127.0.0.1:notaport/brain", backend.EINVALID},
		{"host=127.0.0.1 password=" + pw + " sslmode=bogus", backend.EINVALID},
		{"postgres://bob:" + pw + "@127.0.0.1:1/brain?sslmode=require&connect_timeout=5", backend.EUNAVAILABLE},
	}
	for _, tt := range tests {
		_, err := synchub.Open(testCtx(t), tt.dsn, nil)
		if err == nil {
			t.Fatalf("Open(%s) succeeded; want an error", synchub.Redact(tt.dsn))
		}
		if strings.Contains(err.Error(), pw) || strings.Contains(fmt.Sprintf("%+v", err), pw) {
			t.Errorf("Open error shows the password: %v", err)
		}
		if got := backend.ErrorCode(err); got != tt.code {
			t.Errorf("Open(%s): code %q (%v); want %q", synchub.Redact(tt.dsn), got, err, tt.code)
		}
	}
}

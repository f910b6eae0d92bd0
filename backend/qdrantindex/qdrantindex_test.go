package qdrantindex_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"secondbrain/backend"
	"secondbrain/backend/qdrantindex"
	"secondbrain/backend/qdrantindex/qdrantdouble"
	"secondbrain/backend/testwait"
	"secondbrain/backend/vectortest"
)

// Environment of the suite against a real Qdrant; unset, it is skipped.
const (
	envAddr   = "SECONDBRAIN_TEST_QDRANT_ADDR"
	envAPIKey = "SECONDBRAIN_TEST_QDRANT_API_KEY"
)

// fastReconnect makes the client retry a lost connection within tens of
// milliseconds, so that fault tests are quick.
var fastReconnect = []grpc.DialOption{grpc.WithConnectParams(grpc.ConnectParams{
	Backoff:           backoff.Config{BaseDelay: 10 * time.Millisecond, Multiplier: 1.5, MaxDelay: 50 * time.Millisecond},
	MinConnectTimeout: time.Second,
})}

// startDouble starts a double for one test.
func startDouble(t testing.TB, opts qdrantdouble.Options) *qdrantdouble.Server {
	t.Helper()
	srv, err := qdrantdouble.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// vaultID returns a vault id no other test uses.
func vaultID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "test-" + hex.EncodeToString(b)
}

// open opens an index and drops its collection when the test ends.
func open(t testing.TB, opts qdrantindex.Options) *qdrantindex.Index {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ix, err := qdrantindex.Open(ctx, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := ix.Drop(ctx); err != nil {
			t.Errorf("Drop: %v", err)
		}
		_ = ix.Close()
	})
	return ix
}

func TestConformanceDouble(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	vectortest.Run(t, func(t *testing.T, dim int) backend.VectorIndex {
		return open(t, qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "test-model", Dim: dim})
	})
	if got := srv.Collections(); len(got) != 0 {
		t.Errorf("collections left behind: %v", got)
	}
}

// realQdrant returns the address and API key of the real server the
// opt-in suite runs against, or skips.
func realQdrant(t *testing.T) (addr, apiKey string) {
	addr = os.Getenv(envAddr)
	if addr == "" {
		t.Skipf("%s is not set: no real Qdrant to test against (the double covers the adapter)", envAddr)
	}
	return addr, os.Getenv(envAPIKey)
}

func TestConformanceQdrant(t *testing.T) {
	addr, key := realQdrant(t)
	vectortest.Run(t, func(t *testing.T, dim int) backend.VectorIndex {
		return open(t, qdrantindex.Options{Addr: addr, APIKey: key, Vault: vaultID(), Model: "test-model", Dim: dim})
	})
}

// TestDimensionMismatchQdrant checks the wrong-dimension error on a real server.
func TestDimensionMismatchQdrant(t *testing.T) {
	addr, key := realQdrant(t)
	testDimensionMismatch(t, qdrantindex.Options{Addr: addr, APIKey: key})
}

func TestDimensionMismatchDouble(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	testDimensionMismatch(t, qdrantindex.Options{Addr: srv.Addr()})
}

func testDimensionMismatch(t *testing.T, base qdrantindex.Options) {
	ctx := context.Background()
	base.Vault, base.Model = vaultID(), "model-a"
	opts := base
	opts.Dim = 4
	ix := open(t, opts)
	if err := ix.Upsert(ctx, []backend.VectorPoint{{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{1, 0, 0, 0}}}); err != nil {
		t.Fatal(err)
	}

	opts.Dim = 8
	_, err := qdrantindex.Open(ctx, opts)
	if got := backend.ErrorCode(err); got != backend.EINVALID {
		t.Fatalf("Open with another dimension: got %v (code %q); want code %q", err, got, backend.EINVALID)
	}
	msg := backend.ErrorMessage(err)
	for _, want := range []string{ix.Collection(), "4 dimensions", "8 dimensions", "re-index"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	if n, err := ix.Count(ctx); err != nil || n != 1 {
		t.Errorf("after the refused Open: got Count %d, %v; want 1, nil (nothing dropped)", n, err)
	}

	// Vectors of the wrong length against the open index say re-index too.
	err = ix.Upsert(ctx, []backend.VectorPoint{{ID: uuid.New(), NoteID: uuid.New(), Vector: make([]float32, 8)}})
	if got := backend.ErrorCode(err); got != backend.EINVALID || !strings.Contains(backend.ErrorMessage(err), "re-index") {
		t.Errorf("Upsert of 8 dimensions into 4: got %v (code %q); want EINVALID suggesting a re-index", err, got)
	}

	opts.Recreate = true
	re := open(t, opts)
	if n, err := re.Count(ctx); err != nil || n != 0 {
		t.Errorf("after Recreate: got Count %d, %v; want 0, nil", n, err)
	}
	if err := re.Upsert(ctx, []backend.VectorPoint{{ID: uuid.New(), NoteID: uuid.New(), Vector: make([]float32, 8)}}); err != nil {
		t.Errorf("Upsert of 8 dimensions after Recreate: %v", err)
	}
}

func TestServerStopsMidUpsert(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	ctx := context.Background()
	ix := open(t, qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 4, DialOptions: fastReconnect})

	const total = 1000 // four batches
	points := make([]backend.VectorPoint, total)
	for i := range points {
		points[i] = backend.VectorPoint{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{1, float32(i), 0, 0}}
	}
	var upserts atomic.Int32
	srv.Intercept(func(ctx context.Context, method string) error {
		if method == qdrant.Points_Upsert_FullMethodName && upserts.Add(1) == 2 {
			// The server dies while the second batch is in flight.
			go srv.Stop()
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	})
	err := ix.Upsert(ctx, points)
	if got := backend.ErrorCode(err); got != backend.EUNAVAILABLE {
		t.Fatalf("Upsert while the server stops: got %v (code %q); want code %q", err, got, backend.EUNAVAILABLE)
	}
	if !strings.Contains(err.Error(), "256 of 1000 points written") {
		t.Errorf("error %q does not say how far the upsert got", err)
	}
	if _, err := ix.Count(ctx); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Errorf("Count while the server is down: got %v; want code %q", err, backend.EUNAVAILABLE)
	}
	if _, err := ix.Search(ctx, []float32{1, 0, 0, 0}, 5, backend.VectorFilter{}); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Errorf("Search while the server is down: got %v; want code %q", err, backend.EUNAVAILABLE)
	}

	srv.Intercept(nil)
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	// Only the first batch was applied: nothing reported written that was not.
	n := eventually(t, func() (int, error) { return ix.Count(ctx) })
	if n != 256 {
		t.Errorf("Count after restart: got %d; want 256 (the one batch applied)", n)
	}
	// A retry of the whole upsert converges.
	if err := ix.Upsert(ctx, points); err != nil {
		t.Fatalf("retried Upsert: %v", err)
	}
	if n, err := ix.Count(ctx); err != nil || n != total {
		t.Errorf("Count after the retry: got %d, %v; want %d", n, err, total)
	}
}

// eventually retries f until the client has reconnected.
func eventually(t *testing.T, f func() (int, error)) int {
	t.Helper()
	var n int
	testwait.Eventually(t, "the client to reconnect after the restart", func() bool {
		var err error
		n, err = f()
		return err == nil
	})
	return n
}

// TestOpenUnavailable: Open of a stopped server fails at once with
// EUNAVAILABLE naming the server. With neither a deadline nor a call
// timeout to wait for (an hour), an Open that waited for the server instead
// of failing fast would never return; how fast it fails is measured by
// BenchmarkOpenUnavailable.
func TestOpenUnavailable(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	addr := srv.Addr()
	srv.Close()
	_, err := qdrantindex.Open(context.Background(), qdrantindex.Options{Addr: addr, Vault: "v", Model: "m", Dim: 4, CallTimeout: time.Hour})
	if got := backend.ErrorCode(err); got != backend.EUNAVAILABLE {
		t.Errorf("Open of a stopped server: got %v (code %q); want code %q", err, got, backend.EUNAVAILABLE)
	}
	if !strings.Contains(backend.ErrorMessage(err), addr) {
		t.Errorf("message %q does not name the server %s", backend.ErrorMessage(err), addr)
	}
}

// BenchmarkOpenUnavailable measures how long Open of a stopped server takes
// to fail.
func BenchmarkOpenUnavailable(b *testing.B) {
	srv := startDouble(b, qdrantdouble.Options{})
	addr := srv.Addr()
	srv.Close()
	for b.Loop() {
		if _, err := qdrantindex.Open(context.Background(), qdrantindex.Options{Addr: addr, Vault: "v", Model: "m", Dim: 4}); err == nil {
			b.Fatal("Open of a stopped server succeeded")
		}
	}
}

func TestOpenInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opts qdrantindex.Options
	}{
		{"no address", qdrantindex.Options{Vault: "v", Model: "m", Dim: 4}},
		{"bad address", qdrantindex.Options{Addr: "ftp://x:1", Vault: "v", Model: "m", Dim: 4}},
		{"bad port", qdrantindex.Options{Addr: "localhost:99999", Vault: "v", Model: "m", Dim: 4}},
		{"no dimension", qdrantindex.Options{Addr: "localhost:6334", Vault: "v", Model: "m"}},
		{"no vault", qdrantindex.Options{Addr: "localhost:6334", Model: "m", Dim: 4}},
		{"no model", qdrantindex.Options{Addr: "localhost:6334", Vault: "v", Dim: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := qdrantindex.Open(context.Background(), tt.opts)
			if got := backend.ErrorCode(err); got != backend.EINVALID {
				t.Errorf("got %v (code %q); want code %q", err, got, backend.EINVALID)
			}
		})
	}
}

func TestAPIKey(t *testing.T) {
	const secret = "s3cret-key-0123456789"
	const wrong = "wrong-key-9876543210"
	srv := startDouble(t, qdrantdouble.Options{APIKey: secret})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	base := qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 4, Logger: logger}

	tests := []struct {
		name, key, msg string
	}{
		{"missing", "", "wants an API key"},
		{"wrong", wrong, "refused the API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := base
			opts.APIKey = tt.key
			_, err := qdrantindex.Open(context.Background(), opts)
			if got := backend.ErrorCode(err); got != backend.EUNAVAILABLE {
				t.Fatalf("got %v (code %q); want code %q", err, got, backend.EUNAVAILABLE)
			}
			if !strings.Contains(backend.ErrorMessage(err), tt.msg) {
				t.Errorf("message %q; want it to say %q", backend.ErrorMessage(err), tt.msg)
			}
			if tt.key != "" && strings.Contains(fmt.Sprintf("%v %+v", err, err), tt.key) {
				t.Errorf("error %q shows the API key", err)
			}
		})
	}

	opts := base
	opts.APIKey = secret
	ix := open(t, opts)
	ctx := context.Background()
	if err := ix.Upsert(ctx, []backend.VectorPoint{{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{1, 0, 0, 0}}}); err != nil {
		t.Fatalf("Upsert with the right key: %v", err)
	}
	if n, err := ix.Count(ctx); err != nil || n != 1 {
		t.Errorf("Count with the right key: got %d, %v; want 1, nil", n, err)
	}
	for _, key := range []string{secret, wrong} {
		if strings.Contains(logs.String(), key) {
			t.Errorf("the log shows an API key:\n%s", logs.String())
		}
	}
	if !strings.Contains(logs.String(), "qdrant collection ready") {
		t.Errorf("log %q; want a line saying the collection is ready", logs.String())
	}
}

func TestPayloadIndexes(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	opts := qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 4}
	ix := open(t, opts)
	client, err := qdrant.NewClient(&qdrant.Config{Host: "127.0.0.1", Port: port(t, srv.Addr()), SkipCompatibilityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	info, err := client.GetCollectionInfo(context.Background(), ix.Collection())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for k, v := range info.GetPayloadSchema() {
		got = append(got, k+":"+v.GetDataType().String())
	}
	slices.Sort(got)
	want := []string{"folders:Keyword", "note_id:Keyword", "tags:Keyword", "type:Keyword"}
	if !slices.Equal(got, want) {
		t.Errorf("payload indexes: got %v; want %v", got, want)
	}
	if p := info.GetConfig().GetParams().GetVectorsConfig().GetParams(); p.GetSize() != 4 || p.GetDistance() != qdrant.Distance_Cosine {
		t.Errorf("vectors: got size %d distance %v; want 4 Cosine", p.GetSize(), p.GetDistance())
	}

	// A second Open finds the indexes and creates none.
	before := srv.Calls(qdrant.Points_CreateFieldIndex_FullMethodName)
	again, err := qdrantindex.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if after := srv.Calls(qdrant.Points_CreateFieldIndex_FullMethodName); after != before {
		t.Errorf("second Open created %d payload indexes; want 0", after-before)
	}

	// The payload as stored: folder ancestors for the prefix filter.
	pid := uuid.New()
	note := uuid.New()
	if err := ix.Upsert(context.Background(), []backend.VectorPoint{{ID: pid, NoteID: note, Chunk: 2, Vector: []float32{1, 0, 0, 0}, Tags: []string{"x", "y"}, Folder: "/a/b/c/", Type: "idea"}}); err != nil {
		t.Fatal(err)
	}
	res, err := client.Query(context.Background(), &qdrant.QueryPoints{CollectionName: ix.Collection(), Query: qdrant.NewQueryDense([]float32{1, 0, 0, 0}), WithPayload: qdrant.NewWithPayload(true)})
	if err != nil || len(res) != 1 {
		t.Fatalf("Query: got %d points, %v; want 1", len(res), err)
	}
	if got := res[0].GetId().GetUuid(); got != pid.String() {
		t.Errorf("point id: got %s; want %s", got, pid)
	}
	pl := res[0].GetPayload()
	strs := func(key string) []string {
		var out []string
		for _, v := range pl[key].GetListValue().GetValues() {
			out = append(out, v.GetStringValue())
		}
		return out
	}
	checks := []struct {
		key  string
		got  any
		want any
	}{
		{"note_id", pl["note_id"].GetStringValue(), note.String()},
		{"chunk", pl["chunk"].GetIntegerValue(), int64(2)},
		{"tags", strs("tags"), []string{"x", "y"}},
		{"folder", pl["folder"].GetStringValue(), "a/b/c"},
		{"folders", strs("folders"), []string{"a", "a/b", "a/b/c"}},
		{"type", pl["type"].GetStringValue(), "idea"},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("payload %s: got %v; want %v", c.key, c.got, c.want)
		}
	}
}

func port(t *testing.T, addr string) int {
	t.Helper()
	_, p, _, err := qdrantindex.ParseAddr(addr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestErrorCodes(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	ix := open(t, qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 4, CallTimeout: 200 * time.Millisecond})
	tests := []struct {
		name string
		fail error // what the server answers; nil stalls until the call's deadline
		want string
	}{
		{"unavailable", status.Error(codes.Unavailable, "down"), backend.EUNAVAILABLE},
		{"invalid argument", status.Error(codes.InvalidArgument, "Wrong input: bad"), backend.EINVALID},
		{"failed precondition", status.Error(codes.FailedPrecondition, "no"), backend.EINVALID},
		{"not found", status.Error(codes.NotFound, "Not found: Collection `x` doesn't exist!"), backend.ENOTFOUND},
		{"already exists", status.Error(codes.AlreadyExists, "exists"), backend.ECONFLICT},
		{"resource exhausted", status.Error(codes.ResourceExhausted, "slow down"), backend.EUNAVAILABLE},
		{"aborted", status.Error(codes.Aborted, "again"), backend.EUNAVAILABLE},
		{"unauthenticated", status.Error(codes.Unauthenticated, "who are you"), backend.EUNAVAILABLE},
		{"permission denied", status.Error(codes.PermissionDenied, "no"), backend.EUNAVAILABLE},
		{"internal", status.Error(codes.Internal, "boom"), backend.EINTERNAL},
		{"unimplemented", status.Error(codes.Unimplemented, "no such call"), backend.EINTERNAL},
		{"timeout", nil, backend.EUNAVAILABLE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Intercept(func(ctx context.Context, method string) error {
				if tt.fail == nil {
					<-ctx.Done()
					return ctx.Err()
				}
				return tt.fail
			})
			defer srv.Intercept(nil)
			calls := []struct {
				name string
				f    func(context.Context) error
			}{
				{"Upsert", func(ctx context.Context) error {
					return ix.Upsert(ctx, []backend.VectorPoint{{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{1, 0, 0, 0}}})
				}},
				{"DeleteNote", func(ctx context.Context) error { return ix.DeleteNote(ctx, uuid.New()) }},
				{"Search", func(ctx context.Context) error {
					_, err := ix.Search(ctx, []float32{1, 0, 0, 0}, 3, backend.VectorFilter{})
					return err
				}},
				{"Count", func(ctx context.Context) error { _, err := ix.Count(ctx); return err }},
			}
			for _, c := range calls {
				err := c.f(context.Background())
				if got := backend.ErrorCode(err); got != tt.want {
					t.Errorf("%s: got %v (code %q); want code %q", c.name, err, got, tt.want)
				}
				var be *backend.Error
				if errors.As(err, &be) && be.Op != "qdrantindex."+c.name {
					t.Errorf("%s: got op %q; want %q", c.name, be.Op, "qdrantindex."+c.name)
				}
			}
		})
	}
}

func TestCanceled(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	ix := open(t, qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 4})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ix.Search(ctx, []float32{1, 0, 0, 0}, 3, backend.VectorFilter{})
	if got := backend.ErrorCode(err); got != backend.ECANCELED {
		t.Errorf("Search with a canceled context: got %v (code %q); want code %q", err, got, backend.ECANCELED)
	}
	// A caller's deadline that expires is the caller's: ECANCELED too.
	srv.Intercept(func(ctx context.Context, _ string) error { <-ctx.Done(); return ctx.Err() })
	defer srv.Intercept(nil)
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = ix.Count(ctx)
	if got := backend.ErrorCode(err); got != backend.ECANCELED {
		t.Errorf("Count past the caller's deadline: got %v (code %q); want code %q", err, got, backend.ECANCELED)
	}
}

func TestInvalidPoints(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	ix := open(t, qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 2})
	nan := float32(0)
	nan = nan / nan
	tests := []struct {
		name string
		p    backend.VectorPoint
	}{
		{"nil id", backend.VectorPoint{NoteID: uuid.New(), Vector: []float32{1, 0}}},
		{"NaN", backend.VectorPoint{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{nan, 0}}},
	}
	for _, tt := range tests {
		err := ix.Upsert(context.Background(), []backend.VectorPoint{tt.p})
		if got := backend.ErrorCode(err); got != backend.EINVALID {
			t.Errorf("%s: got %v (code %q); want code %q", tt.name, err, got, backend.EINVALID)
		}
	}
	if got := srv.Calls(qdrant.Points_Upsert_FullMethodName); got != 0 {
		t.Errorf("invalid points: got %d upsert calls; want 0 (checked before sending)", got)
	}
}

func TestConcurrentOpen(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	opts := qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 4}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			ix, err := qdrantindex.Open(context.Background(), opts)
			if err == nil {
				ix.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Open of one collection: %v", err)
		}
	}
	if got := srv.Collections(); len(got) != 1 || got[0] != qdrantindex.CollectionName(opts.Vault, opts.Model) {
		t.Errorf("collections: got %v; want the one of the vault and model", got)
	}
}

func TestReset(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{})
	ctx := context.Background()
	ix := open(t, qdrantindex.Options{Addr: srv.Addr(), Vault: vaultID(), Model: "m", Dim: 4})
	if err := ix.Upsert(ctx, []backend.VectorPoint{{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{1, 0, 0, 0}}}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Reset(ctx); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if n, err := ix.Count(ctx); err != nil || n != 0 {
		t.Errorf("Count after Reset: got %d, %v; want 0, nil", n, err)
	}
	if err := ix.Upsert(ctx, []backend.VectorPoint{{ID: uuid.New(), NoteID: uuid.New(), Vector: []float32{1, 0, 0, 0}}}); err != nil {
		t.Errorf("Upsert after Reset: %v", err)
	}
}

func TestCheck(t *testing.T) {
	srv := startDouble(t, qdrantdouble.Options{APIKey: "right"})
	ctx := context.Background()
	if v, err := qdrantindex.Check(ctx, srv.Addr(), "right"); err != nil || v == "" {
		t.Fatalf("Check = %q, %v; want a version", v, err)
	}
	if len(srv.Collections()) != 0 {
		t.Errorf("Check created collections %v; want none", srv.Collections())
	}
	if _, err := qdrantindex.Check(ctx, srv.Addr(), "wrong"); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Errorf("wrong key: got %v; want unavailable", err)
	} else if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q shows the API key", err)
	}
	if _, err := qdrantindex.Check(ctx, "http://user:pw@host:1", ""); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("address with credentials: got %v; want invalid", err)
	}
	srv.Stop()
	if _, err := qdrantindex.Check(ctx, srv.Addr(), "right"); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Errorf("stopped server: got %v; want unavailable", err)
	}
}

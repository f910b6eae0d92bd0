package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/pgserver/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// recorder is an Events seam that keeps what was emitted.
type recorder struct {
	mu     sync.Mutex
	events []string
	data   []any
}

func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, name)
	r.data = append(r.data, data)
}

// startApp runs the app's lifecycle against a fresh database, without a window.
func startApp(t *testing.T) (*App, *recorder) {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PostgresDSN = pgtest.NewDatabase(t)
	a := New(cfg, nil, "dev")
	rec := &recorder{}
	a.ctx, a.events = context.Background(), rec
	a.open(context.Background())
	t.Cleanup(func() { a.shutdown(context.Background()) })
	return a, rec
}

func TestFormatErrorIsJSONString(t *testing.T) {
	tests := []struct {
		err      error
		code     string
		message  string
		internal string
	}{
		{backend.Errorf(backend.ECONFLICT, "note %q was changed elsewhere", "A"), "conflict", `note "A" was changed elsewhere`, ""},
		{errors.New("pq: relation secret_table does not exist"), "internal", "An internal error occurred.", "secret_table"},
		{context.Canceled, "canceled", "The operation was canceled.", ""},
	}
	for _, tc := range tests {
		s, ok := FormatError(tc.err).(string)
		if !ok {
			t.Fatalf("FormatError(%v) is %T; want a string (an object shows as [object Object])", tc.err, FormatError(tc.err))
		}
		var got struct{ Code, Message string }
		if err := json.Unmarshal([]byte(s), &got); err != nil {
			t.Fatalf("FormatError(%v) = %q: not JSON: %v", tc.err, s, err)
		}
		if got.Code != tc.code || got.Message != tc.message {
			t.Errorf("FormatError(%v) = %+v; want code %q message %q", tc.err, got, tc.code, tc.message)
		}
	}
}

func TestNotesAPI(t *testing.T) {
	a, rec := startApp(t)
	api := &NotesAPI{app: a}
	n, err := api.Create("Meeting", "work", "agenda")
	if err != nil {
		t.Fatal(err)
	}
	if n.Path != "work/Meeting.md" || n.Version != 1 || n.CreatedAt == "" || n.TrashedAt != nil {
		t.Fatalf("create = %+v", n)
	}
	s, err := api.Save(n.ID, 1, "agenda, minutes")
	if err != nil || s.Version != 2 {
		t.Fatalf("save = %+v, %v; want version 2", s, err)
	}
	_, err = api.Save(n.ID, 1, "stale")
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("stale save error = %v; want conflict", err)
	}
	page, err := api.List("title", 0, 50, false)
	if err != nil || page.Total != 1 || page.Notes[0].ID != n.ID {
		t.Fatalf("list = %+v, %v", page, err)
	}
	hist, err := api.History(n.ID)
	if err != nil || len(hist) != 2 || hist[0].Body != "" {
		t.Fatalf("history = %+v, %v; want 2 versions without bodies", hist, err)
	}
	v1, err := api.Version(n.ID, 1)
	if err != nil || v1.Body != "agenda" {
		t.Fatalf("version 1 = %+v, %v", v1, err)
	}
	r, err := api.Revert(n.ID, 2, 1)
	if err != nil || r.Body != "agenda" || r.Version != 3 {
		t.Fatalf("revert = %+v, %v", r, err)
	}
	if _, err := api.Trash(n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Restore(n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Rename(n.ID, 5, "Standup"); err != nil {
		t.Fatal(err)
	}
	if err := api.Delete(n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Get(n.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Fatalf("get after delete = %v; want not_found", err)
	}
	changed := 0
	for _, e := range rec.events {
		if e == EventNoteChanged {
			changed++
		}
	}
	if changed != 7 { // create, save, revert, trash, restore, rename, delete
		t.Fatalf("%d note:changed events (%v); want 7", changed, rec.events)
	}
	st, _ := (&SystemAPI{app: a}).Status()
	if !st.Ready || !st.Postgres.OK || st.Postgres.Mode != "external" {
		t.Fatalf("status = %+v; want ready, external postgres ok", st)
	}
}

// TestBackendFailureIsReported: a backend that cannot start answers every
// call with its error instead of hanging.
func TestBackendFailureIsReported(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PostgresDSN = "postgres://u:pw@127.0.0.1:1/db?connect_timeout=2"
	a := New(cfg, nil, "dev")
	rec := &recorder{}
	a.events = rec
	a.open(context.Background())
	_, err := (&NotesAPI{app: a}).List("updated", 0, 10, false)
	if backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Fatalf("list on a failed backend = %v; want unavailable", err)
	}
	st, _ := (&SystemAPI{app: a}).Status()
	if st.Ready || st.Error == nil || st.Error.Code != "unavailable" {
		t.Fatalf("status = %+v; want not ready with an unavailable error", st)
	}
	if want := []string{EventBackendProgress, EventBackendReady}; !slices.Equal(rec.events, want) {
		t.Fatalf("events = %v; want %v (the schema step, then ready)", rec.events, want)
	}
	if p, ok := rec.data[0].(StartupProgress); !ok || p.Phase != "migrate" || p.Message == "" {
		t.Errorf("progress event = %+v; want the migrate step with a message", rec.data[0])
	}
	if p, _ := (&SystemAPI{app: a}).Startup(); !p.Done || p.Fraction != 1 {
		t.Errorf("Startup() after a failed start = %+v; want done", p)
	}
}

// TestStartupProgress: the start-up steps reach the window as events, in
// order, and Startup answers the latest at once, done after the start.
func TestStartupProgress(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	a := New(cfg, nil, "dev")
	if p, _ := (&SystemAPI{app: a}).Startup(); p.Done {
		t.Fatalf("Startup() before the start = %+v; want not done", p)
	}
	rec := &recorder{}
	a.ctx, a.events = context.Background(), rec
	a.open(context.Background())
	t.Cleanup(func() { a.shutdown(context.Background()) })
	var phases []string
	for i, name := range rec.events {
		if name == EventBackendProgress {
			phases = append(phases, rec.data[i].(StartupProgress).Phase)
		}
	}
	if want := []string{"create", "sync", "start", "database", "migrate", "services"}; !slices.Equal(phases, want) {
		t.Errorf("progress phases = %v; want %v", phases, want)
	}
	if i := slices.Index(rec.events, EventBackendReady); i < 0 || slices.Contains(rec.events[i:], EventBackendProgress) {
		t.Errorf("events = %v; want backend:ready after every backend:progress", rec.events)
	}
	if p, _ := (&SystemAPI{app: a}).Startup(); !p.Done || p.Phase != "ready" {
		t.Errorf("Startup() after the start = %+v; want ready, done", p)
	}
}

// Package app is the Wails layer of the desktop app: the bound APIs the
// frontend calls (NotesAPI, SystemAPI), the JSON error formatter and the
// window's lifecycle. It is the only package besides main that imports Wails.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/vault"
)

// callTimeout bounds every bound call; the backend may still be starting.
const callTimeout = 60 * time.Second

// App owns the backend stack for the window's lifetime.
type App struct {
	cfg config.Config
	// version is the program's version, from the build.
	version string
	log     *slog.Logger
	// ctx is the Wails context given to startup; bound calls derive theirs from it.
	ctx context.Context

	ready   chan struct{}
	mu      sync.Mutex
	stack   *stack.Stack
	openErr error
	// progress is the last step of the start (under mu), for SystemAPI.Startup.
	progress StartupProgress

	events  Events
	dialogs Dialogs
	started atomic.Bool // set once startup has stored ctx
}

// New returns the app for cfg; version is the program's version, from the
// build. Nothing is started before the window's startup hook: Wails runs
// main to generate bindings.
func New(cfg config.Config, logger *slog.Logger, version string) *App {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &App{cfg: cfg, version: version, log: logger.With("component", "app"), ready: make(chan struct{}), ctx: context.Background(), events: nopEvents{}, dialogs: noDialogs{}}
}

// Options returns the Wails options that run this app with the frontend assets.
func (a *App) Options(assets fs.FS) *options.App {
	return &options.App{
		Title:            "Second Brain",
		Width:            1280,
		Height:           800,
		MinWidth:         720,
		MinHeight:        480,
		AssetServer:      &assetserver.Options{Assets: assets, Handler: a},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 250, A: 1},
		OnStartup:        a.startup,
		OnShutdown:       a.shutdown,
		Bind:             []any{&NotesAPI{app: a}, &SystemAPI{app: a}, &SearchAPI{app: a}, &GraphAPI{app: a}, &ImportAPI{app: a}, &SettingsAPI{app: a}, &ExportAPI{app: a}, &TimelineAPI{app: a}, &VaultAPI{app: a}, &SyncAPI{app: a}},
		ErrorFormatter:   FormatError,
	}
}

// FormatError turns any error from a bound method into a JSON string
// {"code", "message"}: a string, because Wails ≥ 2.13 shows an object as
// "[object Object]". Internal details stay in the log.
func FormatError(err error) any {
	b, _ := json.Marshal(dto.FromError(err))
	return string(b)
}

// startup runs once the window exists: it keeps the context and opens the
// backend in the background so the window shows at once.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.events = wailsEvents{ctx: ctx}
	a.dialogs = wailsDialogs{ctx: ctx}
	a.started.Store(true)
	go a.open(ctx)
}

// open starts the stack (the embedded cluster may take a second).
func (a *App) open(ctx context.Context) {
	// The window stops the embedded cluster as it closes, unless other
	// processes (the CLI, an agent) still use it; only commands leave it
	// running for a while.
	cfg := a.cfg
	cfg.PGIdle = "0"
	s, err := stack.OpenWithProgress(ctx, cfg, a.log, func(p stack.Progress) {
		sp := StartupProgress{Phase: p.Phase, Fraction: p.Fraction, Message: p.Message}
		a.mu.Lock()
		a.progress = sp
		a.mu.Unlock()
		a.events.Emit(EventBackendProgress, sp)
	})
	a.mu.Lock()
	a.stack, a.openErr = s, err
	a.progress = StartupProgress{Phase: "ready", Fraction: 1, Message: "Ready", Done: true}
	a.mu.Unlock()
	close(a.ready)
	if err != nil {
		a.log.Error("backend failed to start", "err", err)
	} else {
		a.log.Info("backend ready", "data_dir", a.cfg.DataDir)
		// Derived work runs in the background for the window's lifetime:
		// the Neo4j projection (when configured), the embeddings, the
		// title index and the SQL graph's walk index (without Neo4j).
		s.StartProjectors(ctx)
		s.StartIndexer(ctx)
		s.Warm(ctx)
		// The attached folder (if any) is kept in step both ways.
		s.OnVaultStatus(func(st vault.Status) { a.events.Emit(EventVaultStatus, dto.FromVaultStatus(st)) })
		s.OnVaultNote(func(n *backend.Note) {
			a.events.Emit(EventNoteChanged, map[string]any{"id": n.ID.String(), "version": n.Version})
		})
		s.StartVault(ctx)
		// Device sync, when set up, runs continuously; pulled notes show.
		s.OnSyncNote(func(n *backend.Note) {
			a.events.Emit(EventNoteChanged, map[string]any{"id": n.ID.String(), "version": n.Version})
		})
		s.StartSync(ctx)
	}
	a.events.Emit(EventBackendReady, map[string]any{"ok": err == nil, "error": dto.FromError(err)})
}

// shutdown stops the backend (and the embedded cluster) when the window closes.
func (a *App) shutdown(ctx context.Context) {
	select {
	case <-a.ready:
	case <-time.After(30 * time.Second):
		a.log.Warn("backend still starting at shutdown")
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stack != nil {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := a.stack.Close(stopCtx); err != nil {
			a.log.Error("backend stop failed", "err", err)
		}
		a.stack = nil
	}
}

// Quit asks the window to close, which runs shutdown; main calls it on
// SIGINT/SIGTERM. Before the window started there is nothing to stop.
func (a *App) Quit() {
	if !a.started.Load() {
		os.Exit(130)
	}
	a.quitWindow()
}

// wait waits for the backend, then runs fn until it returns or ctx ends:
// for long jobs, which have no per-call timeout.
func (a *App) wait(ctx context.Context, fn func(s *stack.Stack) error) error {
	select {
	case <-a.ready:
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return backend.Errorf(backend.EUNAVAILABLE, "the database is still starting; try again")
		}
		return backend.Errorf(backend.ECANCELED, "canceled before the database was ready")
	}
	a.mu.Lock()
	s, err := a.stack, a.openErr
	a.mu.Unlock()
	if err != nil {
		return err
	}
	if s == nil {
		return backend.Errorf(backend.EUNAVAILABLE, "the app is shutting down")
	}
	if err := fn(s); err != nil {
		if backend.ErrorCode(err) == backend.EINTERNAL {
			a.log.Error("call failed", "err", err)
		}
		return err
	}
	return nil
}

// call waits for the backend, then runs fn with a per-call timeout.
func (a *App) call(fn func(ctx context.Context, s *stack.Stack) error) error {
	ctx, cancel := context.WithTimeout(a.ctx, callTimeout)
	defer cancel()
	return a.wait(ctx, func(s *stack.Stack) error { return fn(ctx, s) })
}

// callFor is call for a method that returns a value: it waits for the
// backend, then runs fn with a per-call timeout and returns what it returns.
func callFor[T any](a *App, fn func(ctx context.Context, s *stack.Stack) (T, error)) (T, error) {
	var out T
	err := a.call(func(ctx context.Context, s *stack.Stack) error {
		var err error
		out, err = fn(ctx, s)
		return err
	})
	return out, err
}

// callTo is callFor converting the value with to (a DTO constructor) when
// fn succeeds.
func callTo[V, T any](a *App, fn func(ctx context.Context, s *stack.Stack) (V, error), to func(V) T) (T, error) {
	return callFor(a, func(ctx context.Context, s *stack.Stack) (T, error) {
		v, err := fn(ctx, s)
		if err != nil {
			var zero T
			return zero, err
		}
		return to(v), nil
	})
}

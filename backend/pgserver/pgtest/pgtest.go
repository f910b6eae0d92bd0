// Package pgtest gives tests a real PostgreSQL: one throwaway cluster per test
// package, run by the same pgserver the app uses, and a fresh database per
// test. Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSave(t *testing.T) {
//		dsn := pgtest.NewDatabase(t)
//		...
//	}
//
// SECONDBRAIN_PG_BIN selects the PostgreSQL binaries, as for the app.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend/pgserver"
)

var (
	mu       sync.Mutex
	inMain   bool
	srv      *pgserver.Server
	dataDir  string
	startErr error
)

// Main runs the tests of a package with one throwaway cluster (started lazily
// by the first test that needs it) and stops it afterwards. Use from TestMain:
// func TestMain(m *testing.M) { pgtest.Main(m) }
func Main(m *testing.M) {
	mu.Lock()
	inMain = true
	mu.Unlock()
	code := m.Run()
	if err := stop(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// NewDatabase creates a fresh empty database in the package's cluster and
// returns its DSN; dropped at test cleanup.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	s := server(tb)
	name := "test_" + randomHex()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := execSQL(ctx, s.DSNFor("postgres"), "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := execSQL(ctx, s.DSNFor("postgres"), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return s.DSNFor(name)
}

// server returns the package's cluster, starting it on first use.
func server(tb testing.TB) *pgserver.Server {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if !inMain {
		tb.Fatal("pgtest: call pgtest.Main from TestMain so the cluster is stopped after the tests")
	}
	if srv != nil || startErr != nil {
		if startErr != nil {
			tb.Fatalf("pgtest: %v", startErr)
		}
		return srv
	}
	dataDir, startErr = os.MkdirTemp("", "pgtest-")
	if startErr != nil {
		tb.Fatalf("pgtest: %v", startErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The cluster logs only problems, to stderr; tests stay quiet.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, startErr = pgserver.Start(ctx, pgserver.Options{
		DataDir: dataDir,
		BinDir:  os.Getenv("SECONDBRAIN_PG_BIN"),
		Logger:  logger,
	})
	if startErr != nil {
		os.RemoveAll(dataDir)
		tb.Fatalf("pgtest: start the test cluster: %v", startErr)
	}
	return srv
}

// stop stops the package's cluster, if started, and removes its files.
func stop() error {
	mu.Lock()
	defer mu.Unlock()
	if dataDir == "" {
		return nil
	}
	var err error
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err = srv.Stop(ctx)
	}
	if err == nil {
		err = os.RemoveAll(dataDir)
	}
	srv, dataDir = nil, ""
	return err
}

// execSQL runs one statement on a short-lived connection.
func execSQL(ctx context.Context, dsn, sql string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, sql)
	return err
}

// randomHex returns 16 random hex digits for a database name.
func randomHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

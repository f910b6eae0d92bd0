//go:build unix

package pgserver

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"secondbrain/backend"
)

func TestColdThenWarmStart(t *testing.T) {
	dataDir := newDataDir(t)
	// Leftovers of an initdb that crashed must not be trusted or kept.
	junk := filepath.Join(dataDir, tmpPrefix+"crashed")
	if err := os.MkdirAll(filepath.Join(junk, "base"), 0o700); err != nil {
		t.Fatal(err)
	}

	srv := mustStart(t, dataDir)
	if !srv.Owned() {
		t.Errorf("cold start: Owned() = false; want true")
	}
	if got, want := srv.DataDir(), filepath.Join(dataDir, "pg"); got != want {
		t.Errorf("DataDir() = %q; want %q", got, want)
	}
	if !strings.HasPrefix(srv.Version(), "1") || !strings.Contains(srv.Version(), ".") {
		t.Errorf("Version() = %q; want a version like 15.18", srv.Version())
	}
	if _, err := os.Stat(junk); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unfinished cluster %s still exists (stat: %v)", junk, err)
	}
	ctx := context.Background()
	conn := connect(t, srv.DSN())
	var db string
	if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
		t.Fatal(err)
	}
	if db != "secondbrain" {
		t.Errorf("current_database() = %q; want secondbrain", db)
	}
	var checksums, encoding string
	if err := conn.QueryRow(ctx, "SELECT current_setting('data_checksums'), current_setting('server_encoding')").Scan(&checksums, &encoding); err != nil {
		t.Fatal(err)
	}
	if checksums != "on" || encoding != "UTF8" {
		t.Errorf("data_checksums, server_encoding = %s, %s; want on, UTF8", checksums, encoding)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before restart')"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	mustStop(t, srv)
	mustStop(t, srv) // idempotent
	if _, ok := readPidFile(srv.DataDir()); ok {
		t.Errorf("postmaster.pid still exists after Stop")
	}

	srv = mustStart(t, dataDir)
	defer mustStop(t, srv)
	if !srv.Owned() {
		t.Errorf("warm start: Owned() = false; want true")
	}
	var v string
	if err := connect(t, srv.DSN()).QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil {
		t.Fatalf("read after restart: %v", err)
	}
	if v != "before restart" {
		t.Errorf("got %q; want %q", v, "before restart")
	}
}

func TestSocketPathTooLong(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), strings.Repeat("d", 120))
	_, err := Start(context.Background(), Options{DataDir: dataDir})
	if code := backend.ErrorCode(err); code != backend.EINVALID {
		t.Fatalf("Start: error %v with code %q; want code %q", err, code, backend.EINVALID)
	}
	if msg := backend.ErrorMessage(err); !strings.Contains(msg, dataDir) {
		t.Errorf("error message %q does not name the path", msg)
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Start created %s before failing", dataDir)
	}
}

// TestClusterProperties checks, on one cluster, that it listens on its socket
// only and runs as an unprivileged user when the tests run as root.
func TestClusterProperties(t *testing.T) {
	srv := mustStart(t, newDataDir(t))
	defer mustStop(t, srv)
	conn := connect(t, srv.DSN())
	ctx := context.Background()

	t.Run("socket only", func(t *testing.T) {
		var listen, dirs, perms string
		if err := conn.QueryRow(ctx, "SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories'), current_setting('unix_socket_permissions')").Scan(&listen, &dirs, &perms); err != nil {
			t.Fatal(err)
		}
		if listen != "" {
			t.Errorf("listen_addresses = %q; want empty", listen)
		}
		if want := filepath.Join(srv.DataDir(), "run"); dirs != want {
			t.Errorf("unix_socket_directories = %q; want %q", dirs, want)
		}
		if perms != "0700" {
			t.Errorf("unix_socket_permissions = %q; want 0700", perms)
		}
		fi, err := os.Stat(filepath.Join(srv.DataDir(), "run"))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o700 {
			t.Errorf("socket dir mode = %v; want 0700", got)
		}
	})

	t.Run("durability settings", func(t *testing.T) {
		for _, name := range []string{"fsync", "synchronous_commit", "full_page_writes"} {
			var got string
			if err := conn.QueryRow(ctx, "SELECT current_setting($1)", name).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != "on" {
				t.Errorf("%s = %q; want on", name, got)
			}
		}
	})

	t.Run("unprivileged user", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("reads /proc")
		}
		pid := postmasterPID(t, srv)
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		if err != nil {
			t.Fatal(err)
		}
		var uid int = -1
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
				uid, _ = strconv.Atoi(strings.Fields(rest)[0])
			}
		}
		if want := wantUID(t); uid != want {
			t.Errorf("postmaster uid = %d; want %d", uid, want)
		}
		if os.Geteuid() == 0 && uid == 0 {
			t.Errorf("postmaster runs as root")
		}
	})
}

func TestStalePidFile(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	pidFile := filepath.Join(srv.DataDir(), "postmaster.pid")
	sockLock := filepath.Join(srv.DataDir(), "run", ".s.PGSQL.5432.lock")
	pidContent, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	sockContent, err := os.ReadFile(sockLock)
	if err != nil {
		t.Fatal(err)
	}
	mustStop(t, srv)

	// withPID rewrites the first line of a lock file's content.
	withPID := func(content []byte, pid int) []byte {
		_, rest, _ := strings.Cut(string(content), "\n")
		return []byte(strconv.Itoa(pid) + "\n" + rest)
	}
	sleeper := exec.Command("sleep", "300")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sleeper.Process.Kill(); sleeper.Wait() })
	exited := exec.Command("true")
	if err := exited.Run(); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		content []byte
		pid     int // also written to the socket lock file when > 0
	}{
		{name: "pid of the test process", pid: os.Getpid()},
		{name: "pid of an unrelated live process", pid: sleeper.Process.Pid},
		{name: "pid of an exited process", pid: exited.Process.Pid},
		{name: "init's pid", pid: 1},
		{name: "garbage", content: []byte("garbage\n")},
		{name: "empty", content: []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := tt.content
			if tt.pid > 0 {
				content = withPID(pidContent, tt.pid)
				if err := os.WriteFile(sockLock, withPID(sockContent, tt.pid), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(pidFile, content, 0o600); err != nil {
				t.Fatal(err)
			}
			srv := mustStart(t, dataDir)
			defer mustStop(t, srv)
			if !srv.Owned() {
				t.Errorf("Owned() = false; want true")
			}
			if got := postmasterPID(t, srv); got == tt.pid {
				t.Errorf("postmaster pid = %d, the stale pid", got)
			}
			var one int
			if err := connect(t, srv.DSN()).QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
				t.Errorf("query: %v", err)
			}
		})
	}
}

func TestSecondProcessDoesNotOwn(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	defer mustStop(t, srv)
	pid := postmasterPID(t, srv)

	cmd := helperCmd(t, "second", dataDir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("second process: %v\n%s", err, stderr.String())
	}
	if got, want := string(out), "owned=false\nstopped\n"; got != want {
		t.Errorf("second process printed %q; want %q", got, want)
	}
	if !processAlive(pid) {
		t.Fatalf("postmaster %d exited after the second process's Stop", pid)
	}
	var one int
	if err := connect(t, srv.DSN()).QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
		t.Errorf("query after the second process stopped: %v", err)
	}
	if !srv.Owned() {
		t.Errorf("first process: Owned() = false; want true")
	}
}

func TestStopFromCanceledContext(t *testing.T) {
	srv := mustStart(t, newDataDir(t))
	pid := postmasterPID(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as in a signal handler after signal.NotifyContext fired
	if err := srv.Stop(ctx); err != nil {
		t.Fatalf("Stop with a canceled context: %v", err)
	}
	if processAlive(pid) {
		t.Errorf("postmaster %d still runs after Stop", pid)
		syscall.Kill(pid, syscall.SIGQUIT)
	}
}

func TestStartFailureIncludesServerLog(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	mustStop(t, srv)
	f, err := os.OpenFile(filepath.Join(srv.DataDir(), "postgresql.conf"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\nwork_mem = 'banana'\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()

	_, err = Start(context.Background(), Options{DataDir: dataDir, Logger: testLogger(t)})
	if code := backend.ErrorCode(err); code != backend.EUNAVAILABLE {
		t.Fatalf("Start: error %v with code %q; want code %q", err, code, backend.EUNAVAILABLE)
	}
	if msg := backend.ErrorMessage(err); strings.Contains(msg, "banana") {
		t.Errorf("user-facing message %q carries the server log; want it in the cause only", msg)
	}
	if !strings.Contains(err.Error(), `"work_mem"`) {
		t.Errorf("error %q lacks the server log's complaint about work_mem", err)
	}
}

func TestMajorVersionMismatch(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	mustStop(t, srv)
	if err := os.WriteFile(filepath.Join(srv.DataDir(), "PG_VERSION"), []byte("9\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Start(context.Background(), Options{DataDir: dataDir})
	if code := backend.ErrorCode(err); code != backend.EUNAVAILABLE {
		t.Fatalf("Start: error %v with code %q; want code %q", err, code, backend.EUNAVAILABLE)
	}
	if msg := backend.ErrorMessage(err); !strings.Contains(msg, "PostgreSQL 9") || !strings.Contains(msg, "SECONDBRAIN_PG_BIN") {
		t.Errorf("message %q does not explain the version mismatch", msg)
	}
}

// TestJoinWithoutDiscovery: a process joining a running cluster uses the
// running postmaster's binaries, so it starts even where discovery would
// find none.
func TestJoinWithoutDiscovery(t *testing.T) {
	dataDir := newDataDir(t)
	srv := mustStart(t, dataDir)
	defer mustStop(t, srv)
	oldB, oldI := bundledDirs, installDirs
	t.Cleanup(func() { bundledDirs, installDirs = oldB, oldI })
	bundledDirs = func() []string { return nil }
	installDirs = func() []string { return nil }
	t.Setenv("PATH", t.TempDir())
	if _, err := FindBinDir(""); err == nil {
		t.Fatal("FindBinDir found binaries with discovery emptied")
	}
	second, err := Start(context.Background(), Options{DataDir: dataDir, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Start on the running cluster: %v", err)
	}
	if second.binDir != srv.binDir {
		t.Errorf("joined with the binaries in %s; want the running postmaster's, %s", second.binDir, srv.binDir)
	}
	mustStop(t, second)
}

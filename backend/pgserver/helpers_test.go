//go:build unix

package pgserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend/testwait"
)

// The test binary doubles as a helper process (the os/exec pattern): with
// helperEnv set it runs a mode of runHelper instead of the tests.
const (
	helperEnv  = "PGSERVER_TEST_HELPER"
	dataDirEnv = "PGSERVER_TEST_DATA_DIR"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode, os.Getenv(dataDirEnv)))
	}
	os.Exit(m.Run())
}

// runHelper is the body of a helper process. It reports on stdout, one line
// per fact, and logs on stderr.
func runHelper(mode, dataDir string) int {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv, err := Start(ctx, Options{DataDir: dataDir, Logger: logger})
	if err != nil {
		fmt.Fprintln(os.Stderr, "start:", err)
		return 2
	}
	fmt.Printf("owned=%v\n", srv.Owned())
	conn, err := pgx.Connect(ctx, srv.DSN())
	if err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		return 2
	}
	switch mode {
	case "writer":
		// Insert rows, each in its own committed transaction, and print
		// every id the server acknowledged, until killed.
		if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS acked (id bigserial PRIMARY KEY, pad text NOT NULL)`); err != nil {
			fmt.Fprintln(os.Stderr, "create table:", err)
			return 2
		}
		fmt.Println("ready")
		pad := strings.Repeat("x", 200)
		for {
			var id int64
			if err := conn.QueryRow(ctx, `INSERT INTO acked (pad) VALUES ($1) RETURNING id`, pad).Scan(&id); err != nil {
				fmt.Fprintln(os.Stderr, "insert:", err)
				return 3
			}
			fmt.Printf("id=%d\n", id)
		}
	case "command":
		// A command as the CLI runs one: write a few hundred rows, each
		// acknowledged on stdout, then stop the server, whatever happened.
		code := 0
		if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS acked (id bigserial PRIMARY KEY, pad text NOT NULL)`); err != nil {
			fmt.Fprintln(os.Stderr, "create table:", err)
			code = 3
		}
		pad := strings.Repeat("x", 200)
		for i := 0; code == 0 && i < 400; i++ {
			var id int64
			if err := conn.QueryRow(ctx, `INSERT INTO acked (pad) VALUES ($1) RETURNING id`, pad).Scan(&id); err != nil {
				fmt.Fprintln(os.Stderr, "insert:", err)
				code = 3
				break
			}
			fmt.Printf("id=%d\n", id)
		}
		conn.Close(ctx)
		fmt.Println("stopping")
		if err := srv.Stop(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "stop:", err)
			return 4
		}
		return code
	case "second":
		var one int
		if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
			fmt.Fprintln(os.Stderr, "select:", err)
			return 2
		}
		conn.Close(ctx)
		if err := srv.Stop(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "stop:", err)
			return 2
		}
		fmt.Println("stopped")
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown helper mode", mode)
	return 2
}

// helperCmd returns a command running the test binary as helper mode on dataDir.
func helperCmd(t testing.TB, mode, dataDir string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, dataDirEnv+"="+dataDir)
	return cmd
}

// lines delivers the lines of r on a channel closed at EOF.
func lines(r io.Reader) <-chan string {
	ch := make(chan string, 1024)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			ch <- sc.Text()
		}
	}()
	return ch
}

// testLogger logs to the test's output.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newDataDir returns an empty data dir whose cluster is killed at cleanup
// should a test leave it running.
func newDataDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	t.Cleanup(func() { killCluster(t, filepath.Join(dir, "pg")) })
	return dir
}

// killCluster makes a cluster's postmaster do an immediate shutdown, if
// one runs, and waits for it to exit.
func killCluster(t testing.TB, dir string) {
	t.Helper()
	pid, ok := readPidFile(dir)
	if !ok || pid <= 0 || !processAlive(pid) {
		return
	}
	syscall.Kill(pid, syscall.SIGQUIT)
	testwait.Eventually(t, "the postmaster to exit", func() bool { return !processAlive(pid) })
}

// mustStart starts the cluster in dataDir or fails the test.
func mustStart(t testing.TB, dataDir string) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := Start(ctx, Options{DataDir: dataDir, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return srv
}

// mustStop stops srv or fails the test.
func mustStop(t testing.TB, srv *Server) {
	t.Helper()
	if err := srv.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

// connect opens a connection closed at cleanup.
func connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// postmasterPID returns the pid in the cluster's postmaster.pid.
func postmasterPID(t testing.TB, srv *Server) int {
	t.Helper()
	pid, ok := readPidFile(srv.DataDir())
	if !ok || pid <= 0 {
		t.Fatalf("no postmaster.pid in %s", srv.DataDir())
	}
	return pid
}

// wantUID returns the uid the cluster should run as.
func wantUID(t testing.TB) int {
	t.Helper()
	if os.Geteuid() != 0 {
		return os.Geteuid()
	}
	var u *user.User
	var err error
	for _, name := range []string{dedicatedUser, "postgres", "nobody"} {
		if u, err = user.Lookup(name); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	return uid
}

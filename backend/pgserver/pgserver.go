// Package pgserver runs the app's private PostgreSQL cluster: it finds the
// binaries, creates the cluster on first use (initdb), starts the postmaster
// on a Unix socket inside the data folder (no TCP), recovers after a crash and
// stops the server on quit. When the process runs as root the cluster runs as
// an unprivileged user, since PostgreSQL refuses to run as root.
package pgserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"secondbrain/backend"
)

const (
	superuser     = "secondbrain" // the cluster's superuser, created by initdb
	defaultDBName = "secondbrain" // the app's database
	port          = 5432          // names the socket file only; there is no TCP
	confName      = "secondbrain.conf"
	lockName      = "owner.lock"
	logName       = "postmaster.log"
	startLockName = "pg.start.lock" // in the app's data dir; serialises Start
	tmpPrefix     = "pg.tmp-"

	startTimeout  = 60 * time.Second // pg_ctl start -t
	stopTimeout   = 60 * time.Second
	retryWindow   = 15 * time.Second // how long a start is retried on transient failures
	maxLogSize    = 8 << 20          // the server log is rotated at start beyond this
	logTailLength = 4 << 10
)

// socketPathMax is the longest Unix socket path the kernel accepts (sun_path
// holds 108 bytes on Linux and 104 on the BSDs and macOS, NUL included).
var socketPathMax = func() int {
	if runtime.GOOS == "linux" || runtime.GOOS == "windows" {
		return 107
	}
	return 103
}()

// Options configures Start.
type Options struct {
	// DataDir is the app's data folder; the cluster lives in DataDir/pg.
	DataDir string
	// BinDir is an explicit folder of PostgreSQL binaries (from
	// SECONDBRAIN_PG_BIN); empty means discovery by FindBinDir.
	BinDir string
	// Logger receives progress and problems; nil discards them.
	Logger *slog.Logger
	// RunAs is the OS user to run the cluster as when the process is root;
	// empty means "postgres" if that user exists, else "nobody".
	RunAs string
}

// Server is a running cluster, started or adopted by this process or owned by
// another one. Its methods are safe for concurrent use.
type Server struct {
	binDir  string
	dataDir string // the app's data dir
	dir     string // the cluster: dataDir/pg
	sockDir string
	version string
	user    *runAs
	logger  *slog.Logger

	mu      sync.Mutex
	owned   bool
	lock    *os.File // owner.lock while held
	stopped bool
}

// Start makes sure the cluster in opts.DataDir/pg exists and runs, and returns
// a handle to it. It creates the cluster on first use, reuses a postmaster
// that still runs (from a crashed run of the app, or owned by another process
// of the app), removes a stale postmaster.pid and retries while the processes
// of a killed server linger. Errors are *backend.Error values: EINVALID for a
// data folder that cannot hold a cluster, EUNAVAILABLE when PostgreSQL cannot
// be found or started, and ECANCELED when ctx ends first.
//
// The process that starts the postmaster owns it and holds DataDir/pg/owner.lock
// until Stop. Another process (the command line while the app runs) that finds
// the postmaster running and the lock held uses the server without owning it;
// one that finds the lock free (its owner died) adopts the postmaster.
func Start(ctx context.Context, opts Options) (*Server, error) {
	const op = "pgserver.Start"
	began := time.Now()
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With("component", "pgserver")

	if opts.DataDir == "" {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: "No data folder is set for the database."}
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: "The data folder path is invalid.", Err: err}
	}
	binDir, err := FindBinDir(opts.BinDir)
	if err != nil {
		return nil, err
	}
	user, err := lookupRunAs(opts.RunAs)
	if err != nil {
		return nil, &backend.Error{Code: backend.EUNAVAILABLE, Op: op, Message: "No user to run the database server as was found.", Err: err}
	}
	s := &Server{
		binDir:  binDir,
		dataDir: dataDir,
		dir:     filepath.Join(dataDir, "pg"),
		sockDir: filepath.Join(dataDir, "pg", "run"),
		user:    user,
		logger:  logger,
	}
	if sock := s.socketPath(); len(sock) > socketPathMax {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf(
			"The data folder path is too long for the database socket: %s is %d bytes, the limit is %d. Choose a shorter data folder.",
			sock, len(sock), socketPathMax)}
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("The data folder %s cannot be created.", dataDir), Err: err}
	}
	if err := user.makeTraversable(dataDir, logger); err != nil {
		return nil, &backend.Error{Code: backend.EUNAVAILABLE, Op: op, Message: "The data folder cannot be opened to the database server's user.", Err: err}
	}

	// Serialise Start between processes: initdb, stale-file removal and
	// pg_ctl start must not race.
	startLock, err := waitLock(ctx, filepath.Join(dataDir, startLockName))
	if err != nil {
		return nil, s.fail(op, "The database could not be locked for start-up.", err)
	}
	defer unlock(startLock)

	if err := s.ensureCluster(ctx); err != nil {
		return nil, s.fail(op, "The database could not be created.", err)
	}
	if err := s.prepare(); err != nil {
		return nil, s.fail(op, "The database folder could not be prepared.", err)
	}
	lock, err := tryLock(filepath.Join(s.dir, lockName))
	if err != nil {
		return nil, s.fail(op, "The database owner lock could not be taken.", err)
	}
	if lock != nil {
		if err := user.chown(lock.Name()); err != nil {
			unlock(lock)
			return nil, s.fail(op, "The database owner lock could not be taken.", err)
		}
	}
	started, err := s.run(ctx, lock != nil)
	if err != nil {
		unlock(lock)
		return nil, s.fail(op, "The database server could not start.", err)
	}
	s.owned = started || lock != nil
	if s.owned {
		s.lock = lock
	} else {
		unlock(lock)
	}
	if err := s.ensureDatabase(ctx); err != nil {
		s.Stop(context.WithoutCancel(ctx))
		return nil, s.fail(op, "The database could not be opened.", err)
	}
	logger.Info("database server ready", "op", "start", "dur", time.Since(began), "owned", s.owned,
		"version", s.version, "user", user.String())
	return s, nil
}

// fail turns err into a *backend.Error for Start: ECANCELED when the context
// ended, EUNAVAILABLE otherwise, keeping a *backend.Error already in err.
func (s *Server) fail(op, message string, err error) error {
	var be *backend.Error
	if errors.As(err, &be) {
		if be.Op == "" {
			be.Op = op
		}
		return err
	}
	code := backend.EUNAVAILABLE
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		code = backend.ECANCELED
	}
	s.logger.Error("database server start failed", "op", "start", "err", err)
	return &backend.Error{Code: code, Op: op, Message: message, Err: err}
}

// DSN returns the keyword/value connection string of the app's database.
func (s *Server) DSN() string { return s.DSNFor(defaultDBName) }

// DSNFor returns the keyword/value connection string of database dbname in
// the cluster.
func (s *Server) DSNFor(dbname string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable",
		quoteDSN(s.sockDir), port, superuser, quoteDSN(dbname))
}

// Version returns the server's version, such as "15.18".
func (s *Server) Version() string { return s.version }

// DataDir returns the cluster's folder, the app's data folder plus "pg".
func (s *Server) DataDir() string { return s.dir }

// Owned reports whether this process started (or adopted) the postmaster and
// will stop it in Stop.
func (s *Server) Owned() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.owned
}

// Stop stops the server with a fast shutdown (open transactions are rolled
// back, committed ones are safe) when this process owns it, and releases the
// ownership. It does nothing for a server owned by another process. Stop is
// idempotent and safe to call from a signal handler goroutine; it finishes
// even when ctx is already canceled, within a minute at most.
func (s *Server) Stop(ctx context.Context) error {
	const op = "pgserver.Stop"
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil
	}
	if !s.owned {
		s.stopped = true
		return nil
	}
	if ctx.Err() != nil {
		ctx = context.WithoutCancel(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, stopTimeout)
	defer cancel()
	began := time.Now()
	pid, _ := readPidFile(s.dir)
	secs := strconv.Itoa(int(stopTimeout / time.Second))
	out, err := s.command(ctx, "pg_ctl", "stop", "-D", s.dir, "-m", "fast", "-w", "-t", secs, "-s").CombinedOutput()
	if err != nil && s.postmasterRunning() {
		s.logger.Warn("fast shutdown failed; trying immediate", "op", "stop", "err", cmdError(err, out))
		out, err = s.command(ctx, "pg_ctl", "stop", "-D", s.dir, "-m", "immediate", "-w", "-t", secs, "-s").CombinedOutput()
	}
	if err != nil && s.postmasterRunning() {
		err = cmdError(err, out)
		s.logger.Error("database server did not stop", "op", "stop", "err", err)
		return &backend.Error{Code: backend.EUNAVAILABLE, Op: op, Message: "The database server did not stop.", Err: err}
	}
	// pg_ctl returns once postmaster.pid is gone; the process exits just after.
	for deadline := time.Now().Add(5 * time.Second); pid > 0 && processAlive(pid) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	s.stopped = true
	s.owned = false
	unlock(s.lock)
	s.lock = nil
	s.logger.Info("database server stopped", "op", "stop", "dur", time.Since(began))
	return nil
}

// socketPath returns the path of the server's Unix socket.
func (s *Server) socketPath() string {
	return filepath.Join(s.sockDir, ".s.PGSQL."+strconv.Itoa(port))
}

// ensureCluster creates the cluster when s.dir does not hold one yet. initdb
// writes into a temporary sibling folder that is renamed into place only when
// complete, so a crash never leaves a half-made cluster behind.
func (s *Server) ensureCluster(ctx context.Context) error {
	if b, err := os.ReadFile(filepath.Join(s.dir, "PG_VERSION")); err == nil {
		return s.checkMajor(ctx, strings.TrimSpace(string(b)))
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if entries, err := os.ReadDir(s.dir); err == nil {
		if len(entries) > 0 {
			return &backend.Error{Code: backend.EUNAVAILABLE, Message: fmt.Sprintf(
				"The folder %s is not a PostgreSQL cluster. Move it away and start again.", s.dir)}
		}
		if err := os.Remove(s.dir); err != nil {
			return err
		}
	}
	// Leftovers of an initdb that crashed; we hold the start lock, so none is in use.
	if stale, _ := filepath.Glob(filepath.Join(s.dataDir, tmpPrefix+"*")); len(stale) > 0 {
		for _, dir := range stale {
			s.logger.Info("removing unfinished cluster", "op", "initdb", "path", dir)
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
		}
	}

	began := time.Now()
	s.logger.Info("creating database cluster", "op", "initdb", "path", s.dir)
	var tmp string
	var lastErr error
	for _, locale := range []string{"C.UTF-8", "C"} {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		var err error
		if tmp, err = os.MkdirTemp(s.dataDir, tmpPrefix); err != nil {
			return err
		}
		if err := s.user.chown(tmp); err != nil {
			os.RemoveAll(tmp)
			return err
		}
		out, err := s.command(ctx, "initdb", "-D", tmp, "-U", superuser, "--auth=trust",
			"-E", "UTF8", "--locale="+locale, "--data-checksums").CombinedOutput()
		if err == nil {
			lastErr = nil
			break
		}
		lastErr = fmt.Errorf("initdb --locale=%s: %w", locale, cmdError(err, out))
		s.logger.Warn("initdb failed", "op", "initdb", "locale", locale, "err", lastErr)
		if ctx.Err() != nil {
			break
		}
	}
	if lastErr != nil {
		os.RemoveAll(tmp)
		return lastErr
	}
	if err := appendInclude(filepath.Join(tmp, "postgresql.conf")); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, s.dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	syncDir(s.dataDir)
	s.logger.Info("database cluster created", "op", "initdb", "dur", time.Since(began))
	return nil
}

// checkMajor fails with a clear message when the binaries are of another
// major version than the cluster, which the server would refuse.
func (s *Server) checkMajor(ctx context.Context, cluster string) error {
	out, err := s.command(ctx, "pg_ctl", "--version").Output()
	if err != nil {
		return cmdError(err, out)
	}
	// "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
	fields := strings.Fields(string(out))
	if len(fields) < 3 {
		return fmt.Errorf("unexpected pg_ctl --version output %q", out)
	}
	binaries, _, _ := strings.Cut(fields[2], ".")
	if binaries != cluster {
		return &backend.Error{Code: backend.EUNAVAILABLE, Message: fmt.Sprintf(
			"The database in %s was created by PostgreSQL %s but the PostgreSQL in %s is version %s. "+
				"Set SECONDBRAIN_PG_BIN to the bin folder of PostgreSQL %s.", s.dir, cluster, s.binDir, binaries, cluster)}
	}
	return nil
}

// includeLine makes postgresql.conf read the settings this package owns.
const includeLine = "include_if_exists = '" + confName + "'"

// appendInclude adds includeLine to the postgresql.conf at path unless present.
func appendInclude(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if bytes.Contains(b, []byte(includeLine)) {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\n# Settings managed by Second Brain.\n%s\n", includeLine)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// prepare makes the cluster folder ready for a start: ownership, the socket
// folder, the managed settings and a bounded server log.
func (s *Server) prepare() error {
	if err := s.user.chownTree(s.dir); err != nil {
		return err
	}
	if err := os.Chmod(s.dir, 0o700); err != nil {
		return err
	}
	if err := os.MkdirAll(s.sockDir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(s.sockDir, 0o700); err != nil {
		return err
	}
	if err := s.user.chown(s.sockDir); err != nil {
		return err
	}
	if err := appendInclude(filepath.Join(s.dir, "postgresql.conf")); err != nil {
		return err
	}
	conf := strings.Join([]string{
		"# Written by Second Brain at every start; edits are lost.",
		"listen_addresses = ''",
		"port = " + strconv.Itoa(port),
		"unix_socket_directories = " + quoteConf(s.sockDir),
		"unix_socket_permissions = 0700",
		"fsync = on",
		"synchronous_commit = on",
		"full_page_writes = on",
		"shared_buffers = 64MB",
		"max_connections = 100",
		"",
	}, "\n")
	confPath := filepath.Join(s.dir, confName)
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		return err
	}
	if err := s.user.chown(confPath); err != nil {
		return err
	}
	logPath := filepath.Join(s.dir, logName)
	if fi, err := os.Stat(logPath); err == nil && fi.Size() > maxLogSize {
		os.Rename(logPath, logPath+".1")
	}
	return nil
}

// run makes sure a postmaster serves the cluster. It reports whether it
// started one.
func (s *Server) run(ctx context.Context, lockHeld bool) (started bool, err error) {
	for range 5 {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		pid, exists := readPidFile(s.dir)
		if exists {
			switch s.classify(ctx, pid) {
			case pmRunning:
				err := s.waitReady(ctx, pid)
				if errors.Is(err, errGone) {
					continue
				}
				if err != nil {
					return false, err
				}
				if lockHeld {
					s.logger.Info("adopted running database server", "op", "start", "pid", pid)
				} else {
					s.logger.Info("using database server owned by another process", "op", "start", "pid", pid)
				}
				return false, nil
			case pmStale:
				if err := s.removeStale(); err != nil {
					return false, err
				}
				s.logger.Info("removed stale postmaster.pid", "op", "start", "pid", pid)
			}
		}
		if !lockHeld {
			s.logger.Warn("the owning process's database server is down; starting it", "op", "start")
		}
		return true, s.startPostmaster(ctx)
	}
	return false, errors.New("the postmaster kept appearing and vanishing")
}

type pmState int

const (
	pmStale pmState = iota
	pmRunning
)

type tristate int

const (
	unknown tristate = iota
	yes
	no
)

// classify tells whether the postmaster named in postmaster.pid serves this
// cluster, or whether the file is stale (its process is gone, or the pid now
// belongs to an unrelated process) and nothing answers on the socket.
func (s *Server) classify(ctx context.Context, pid int) pmState {
	alive := processAlive(pid)
	serves := unknown
	if alive {
		serves = processServesDir(pid, s.dir)
		if serves == yes {
			return pmRunning
		}
	}
	if s.ping(ctx) != pingDown {
		return pmRunning
	}
	if alive && serves == unknown {
		// Perhaps a postmaster so young it has no socket yet.
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) && processAlive(pid) && ctx.Err() == nil {
			sleep(ctx, 100*time.Millisecond)
			if s.ping(ctx) != pingDown {
				return pmRunning
			}
		}
	}
	return pmStale
}

var errGone = errors.New("the postmaster exited")

// waitReady waits until the server accepts connections. It returns errGone
// when process pid exits first.
func (s *Server) waitReady(ctx context.Context, pid int) error {
	deadline := time.Now().Add(startTimeout)
	for {
		switch s.ping(ctx) {
		case pingReady:
			return nil
		}
		if pid > 0 && !processAlive(pid) {
			return errGone
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the database server (pid %d) runs but has not accepted connections for %v", pid, startTimeout)
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
}

// removeStale deletes a postmaster.pid and socket lock files whose
// postmaster is gone.
func (s *Server) removeStale() error {
	if err := os.Remove(filepath.Join(s.dir, "postmaster.pid")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	files, _ := filepath.Glob(filepath.Join(s.sockDir, ".s.PGSQL.*"))
	for _, f := range files {
		os.Remove(f)
	}
	return nil
}

// startPostmaster runs pg_ctl start, retrying for a while when the previous
// server's processes still hold its shared memory or socket.
func (s *Server) startPostmaster(ctx context.Context) error {
	logPath := filepath.Join(s.dir, logName)
	deadline := time.Now().Add(retryWindow)
	secs := strconv.Itoa(int(startTimeout / time.Second))
	for attempt := 1; ; attempt++ {
		var offset int64
		if fi, err := os.Stat(logPath); err == nil {
			offset = fi.Size()
		}
		began := time.Now()
		out, err := s.command(ctx, "pg_ctl", "start", "-D", s.dir, "-w", "-t", secs, "-s", "-l", logPath).CombinedOutput()
		if err == nil {
			s.logger.Info("database server started", "op", "pg_ctl start", "dur", time.Since(began), "attempt", attempt)
			return nil
		}
		tail := logTail(logPath, offset)
		err = fmt.Errorf("pg_ctl start: %w\nserver log %s:\n%s", cmdError(err, out), logPath, tail)
		if ctx.Err() != nil {
			return errors.Join(ctx.Err(), err)
		}
		if !transientStartFailure(tail) || time.Now().After(deadline) {
			return err
		}
		s.logger.Warn("database server start failed; retrying", "op", "pg_ctl start", "attempt", attempt, "err", err)
		if pid, ok := readPidFile(s.dir); ok && !processAlive(pid) {
			s.removeStale()
		}
		if err := sleep(ctx, time.Duration(min(attempt, 4))*250*time.Millisecond); err != nil {
			return err
		}
	}
}

// transientStartFailure reports whether a failed start's log shows the
// remains of a killed server that go away by themselves.
func transientStartFailure(log string) bool {
	for _, s := range []string{
		"pre-existing shared memory block",
		"already exists",
		"Address already in use",
		"another postmaster",
		"could not create any Unix-domain sockets",
	} {
		if strings.Contains(log, s) {
			return true
		}
	}
	return false
}

// ensureDatabase creates the app's database when missing (a first start, or a
// crash between initdb and here) and reads the server version.
func (s *Server) ensureDatabase(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, s.DSNFor("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	res, err := conn.Exec(ctx, "SHOW server_version; SELECT 1 FROM pg_database WHERE datname = '"+defaultDBName+"'").ReadAll()
	if err != nil {
		return err
	}
	if len(res) != 2 || len(res[0].Rows) != 1 {
		return errors.New("unexpected answer to SHOW server_version")
	}
	s.version, _, _ = strings.Cut(string(res[0].Rows[0][0]), " ")
	if len(res[1].Rows) > 0 {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+defaultDBName).ReadAll()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database
		return nil
	}
	if err == nil {
		s.logger.Info("created database", "op", "createdb", "db", defaultDBName)
	}
	return err
}

type pingResult int

const (
	pingDown     pingResult = iota // nothing answers on the socket
	pingStarting                   // a server answers but does not accept connections yet
	pingReady
)

// ping tries one connection to the cluster's socket.
func (s *Server) ping(ctx context.Context) pingResult {
	if _, err := os.Stat(s.socketPath()); err != nil {
		return pingDown
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, s.DSNFor("postgres"))
	if err == nil {
		conn.Close(ctx)
		return pingReady
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "57P03" { // cannot_connect_now
		return pingStarting
	}
	return pingDown
}

// postmasterRunning reports whether postmaster.pid names a live process.
func (s *Server) postmasterRunning() bool {
	pid, ok := readPidFile(s.dir)
	return ok && processAlive(pid)
}

// readPidFile returns the pid on the first line of dir/postmaster.pid and
// whether the file exists; the pid is 0 when the file is unreadable.
func readPidFile(dir string) (pid int, exists bool) {
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ = strconv.Atoi(strings.TrimSpace(line))
	return pid, true
}

// command prepares a PostgreSQL program run as the cluster's user, with an
// environment free of libpq and locale variables that would change its work.
func (s *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.binDir, exeName(name)), args...)
	cmd.Dir = s.dataDir
	cmd.SysProcAttr = s.user.sysProcAttr()
	cmd.WaitDelay = 10 * time.Second
	env := []string{"LANG=C"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PG") || strings.HasPrefix(k, "LC_") || k == "LANG" || k == "LANGUAGE" {
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = env
	return cmd
}

// cmdError adds a program's trimmed output to its error.
func cmdError(err error, out []byte) error {
	out = bytes.TrimSpace(out)
	if len(out) == 0 {
		return err
	}
	if len(out) > logTailLength {
		out = out[len(out)-logTailLength:]
	}
	return fmt.Errorf("%w: %s", err, out)
}

// logTail returns the end of the server log written after offset.
func logTail(path string, offset int64) string {
	f, err := os.Open(path)
	if err != nil {
		return "(no server log: " + err.Error() + ")"
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size()-offset > logTailLength {
		offset = fi.Size() - logTailLength
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, logTailLength))
	return strings.TrimSpace(string(b))
}

// waitLock takes the lock on path, polling until ctx ends.
func waitLock(ctx context.Context, path string) (*os.File, error) {
	for {
		f, err := tryLock(path)
		if err != nil || f != nil {
			return f, err
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return nil, err
		}
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// syncDir flushes a folder's entries (a rename) to disk; best effort.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// quoteConf quotes a value for postgresql.conf.
func quoteConf(v string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), "'", "''") + "'"
}

// quoteDSN quotes a keyword/value connection string value when needed.
func quoteDSN(v string) string {
	if v != "" && !strings.ContainsAny(v, ` '\`) {
		return v
	}
	return "'" + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), "'", `\'`) + "'"
}

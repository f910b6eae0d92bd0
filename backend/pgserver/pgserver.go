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
	logName       = "postmaster.log"
	startLockName = "pg.start.lock" // in the app's data dir; serialises Start
	tmpPrefix     = "pg.tmp-"

	startTimeout = 60 * time.Second // pg_ctl start -t
	retryWindow  = 15 * time.Second // how long a start is retried on transient failures

	// A stop escalates: a fast shutdown (open transactions rolled back, a
	// checkpoint written) gets fastStopTimeout, an immediate one (no
	// checkpoint; the next start replays the WAL, nothing committed is
	// lost) immediateStopTimeout, then the postmaster is killed.
	fastStopTimeout      = 4 * time.Second
	immediateStopTimeout = 2 * time.Second
	killWait             = 5 * time.Second
	// stoppingGrace is how long Start waits for a postmaster that is
	// shutting down to finish before stopping it itself.
	stoppingGrace = 3 * time.Second
	maxLogSize    = 8 << 20 // the server log is rotated at start beyond this
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
	// SECONDBRAIN_PG_BIN); empty means those of the postmaster that runs
	// (or last ran) the cluster, else discovery by FindBinDir.
	BinDir string
	// Logger receives progress and problems; nil discards them.
	Logger *slog.Logger
	// RunAs is the OS user to run the cluster as when the process is root;
	// empty means "postgres" if that user exists, else "nobody".
	RunAs string
	// IdleStop is how long the server keeps running after its last client
	// left, so that a loop of short commands pays the start once. Zero stops
	// it as the last client leaves.
	IdleStop time.Duration
	// Progress, when set, is told each step of Start as it begins, in
	// order, on Start's goroutine: PhaseCreate and PhaseSync on a first
	// start only, then PhaseStart, PhaseDatabase and PhaseReady (only when
	// Start succeeds). It must return quickly.
	Progress func(Progress)
}

// Phase names a step of Start.
type Phase string

// The steps of Start, in order.
const (
	// PhaseCreate: creating the cluster (initdb and the app's database), on a first start only.
	PhaseCreate Phase = "create"
	// PhaseSync: writing the new cluster durably to disk, on a first start only.
	PhaseSync Phase = "sync"
	// PhaseStart: starting the server, or joining one that runs.
	PhaseStart Phase = "start"
	// PhaseDatabase: opening the app's database.
	PhaseDatabase Phase = "database"
	// PhaseReady: the server accepts connections to the app's database.
	PhaseReady Phase = "ready"
)

// Progress is one step of Start, for a start-up screen.
type Progress struct {
	Phase Phase
	// Fraction estimates how much of Start is done as the step begins, 0 to 1.
	Fraction float64
	// Message says what happens, for the user.
	Message string
}

// progressSteps holds each phase's message and its fractions on a first
// start and on a later one (measured shares of the time, see
// BenchmarkFirstStart).
var progressSteps = map[Phase]struct {
	message      string
	first, later float64
}{
	PhaseCreate:   {"Creating the database (first start)…", 0, 0},
	PhaseSync:     {"Writing the new database to disk…", 0.8, 0},
	PhaseStart:    {"Starting the database server…", 0.85, 0},
	PhaseDatabase: {"Opening the database…", 0.95, 0.8},
	PhaseReady:    {"Database ready", 1, 1},
}

// report tells Options.Progress that phase begins.
func (s *Server) report(phase Phase) {
	if s.progress == nil {
		return
	}
	step := progressSteps[phase]
	f := step.later
	if s.creating {
		f = step.first
	}
	s.progress(Progress{Phase: phase, Fraction: f, Message: step.message})
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

	runAsName string // Options.RunAs, for the reaper
	idleStop  time.Duration
	progress  func(Progress) // Options.Progress
	creating  bool           // this Start creates the cluster

	// ready is the connection that found a running server ready, kept
	// for ensureDatabase during Start (nil otherwise).
	ready *pgconn.PgConn

	mu      sync.Mutex
	owned   bool
	lease   *lease // this process's claim, until Stop
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
// Every process that uses the cluster holds a lease on it (see clients.go)
// until Stop, so the server stays up while any of them runs, whoever started
// it; the last one to leave stops it, at once or after opts.IdleStop. A
// lease dies with its process, kill -9 included.
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
	binDir := ""
	if opts.BinDir == "" {
		binDir = runningBinDir(filepath.Join(dataDir, "pg"))
	}
	if binDir == "" {
		if binDir, err = FindBinDir(opts.BinDir); err != nil {
			return nil, err
		}
	}
	user, err := lookupRunAs(opts.RunAs)
	if err != nil {
		return nil, &backend.Error{Code: backend.EUNAVAILABLE, Op: op, Message: "No user to run the database server as was found.", Err: err}
	}
	s := newServer(dataDir, binDir, opts.RunAs, user, logger)
	s.idleStop = opts.IdleStop
	s.progress = opts.Progress
	if sock := s.socketPath(); len(sock) > socketPathMax {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf(
			"The data folder path is too long for the database socket: %s is %d bytes, the limit is %d. Choose a shorter data folder.",
			sock, len(sock), socketPathMax)}
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("The data folder %s cannot be created.", dataDir), Err: err}
	}
	changes, err := user.makeTraversable(dataDir, logger)
	if rerr := recordAccessChanges(dataDir, changes); rerr != nil {
		logger.Warn("folder permission changes not recorded", "op", "start", "err", rerr)
	}
	if err != nil {
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
	l, err := s.takeLease()
	if err != nil {
		return nil, s.fail(op, "The database could not be registered as in use.", err)
	}
	others := s.otherClients(l, true)
	s.report(PhaseStart)
	started, err := s.run(ctx, others)
	if err != nil {
		l.release()
		return nil, s.fail(op, "The database server could not start.", err)
	}
	s.lease = l
	s.owned = started || others == 0
	s.report(PhaseDatabase)
	if err := s.ensureDatabase(ctx); err != nil {
		s.mu.Lock()
		s.leave(context.WithoutCancel(ctx), 0)
		s.mu.Unlock()
		return nil, s.fail(op, "The database could not be opened.", err)
	}
	logger.Info("database server ready", "op", "start", "dur", time.Since(began), "owned", s.owned,
		"clients", others, "version", s.version, "user", user.String())
	s.report(PhaseReady)
	return s, nil
}

// newServer returns the handle of the cluster in dataDir.
func newServer(dataDir, binDir, runAsName string, user *runAs, logger *slog.Logger) *Server {
	return &Server{
		binDir:    binDir,
		dataDir:   dataDir,
		dir:       filepath.Join(dataDir, "pg"),
		sockDir:   filepath.Join(dataDir, "pg", "run"),
		user:      user,
		runAsName: runAsName,
		logger:    logger,
	}
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

// Owned reports whether this process started the postmaster or found no
// other process using it (it adopted the server of a process that died).
func (s *Server) Owned() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.owned
}

// Stop ends this process's use of the server. When no other process uses it,
// the server stops: at once, or after the idle time of Options.IdleStop (a
// detached reaper process of this executable then stops it, unless a client
// came back). Stopping escalates from a fast shutdown to an immediate one to
// killing the postmaster, so it ends within seconds even for a server that
// ignores shutdown requests. Stop is idempotent and safe to call from a
// signal handler goroutine; it finishes even when ctx is already canceled.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil
	}
	if ctx.Err() != nil {
		ctx = context.WithoutCancel(ctx)
	}
	// Leaving is decided under the start lock: no process joins meanwhile.
	lockCtx, cancel := context.WithTimeout(ctx, startTimeout)
	startLock, err := waitLock(lockCtx, filepath.Join(s.dataDir, startLockName))
	cancel()
	if err != nil {
		// Another process is starting (and so using) the server: leave it up.
		s.logger.Warn("start lock not taken; leaving the database server running", "op", "stop", "err", err)
		s.lease.release()
		s.lease, s.stopped, s.owned = nil, true, false
		return nil
	}
	defer unlock(startLock)
	return s.leave(ctx, s.idleStop)
}

// leave releases the lease and stops the server when no other process uses
// it, after idle. The caller holds s.mu and the start lock.
func (s *Server) leave(ctx context.Context, idle time.Duration) error {
	s.lease.release()
	s.lease, s.stopped, s.owned = nil, true, false
	if n := s.otherClients(nil, true); n > 0 {
		s.logger.Info("database server left running for other processes", "op", "stop", "clients", n)
		return nil
	}
	if !s.postmasterRunning() {
		return nil
	}
	if idle > 0 {
		s.touchLastUsed(idle)
		if s.reaperWaits() {
			s.logger.Info("database server left running until idle", "op", "stop", "idle", idle, "reaper", "waiting")
			return nil
		}
		err := s.spawnReaper(idle)
		if err == nil {
			s.logger.Info("database server left running until idle", "op", "stop", "idle", idle)
			return nil
		}
		s.logger.Warn("idle stop unavailable; stopping now", "op", "stop", "err", err)
	}
	return s.halt(ctx)
}

// halt stops the postmaster: a fast shutdown, then an immediate one, then
// SIGKILL of the postmaster named in postmaster.pid once it is known to
// serve this cluster. It returns once the process has exited.
func (s *Server) halt(ctx context.Context) error {
	const op = "pgserver.Stop"
	began := time.Now()
	pid, _ := readPidFile(s.dir)
	if pid <= 0 || !processAlive(pid) {
		return nil
	}
	how := "fast"
	for _, step := range []struct {
		mode    string
		timeout time.Duration
	}{{"fast", fastStopTimeout}, {"immediate", immediateStopTimeout}} {
		how = step.mode
		secs := strconv.Itoa(int(step.timeout / time.Second))
		stepCtx, cancel := context.WithTimeout(ctx, step.timeout+2*time.Second)
		out, err := s.command(stepCtx, "pg_ctl", "stop", "-D", s.dir, "-m", step.mode, "-w", "-t", secs, "-s").CombinedOutput()
		cancel()
		if waitExit(pid, 500*time.Millisecond) {
			s.logger.Info("database server stopped", "op", "stop", "mode", how, "dur", time.Since(began))
			return nil
		}
		s.logger.Warn("database server did not stop; escalating", "op", "stop", "mode", step.mode, "err", cmdError(err, out))
	}
	if processServesDir(pid, s.dir) == no || (processServesDir(pid, s.dir) == unknown && s.ping(ctx) == pingDown) {
		// The pid is no longer our postmaster's (it exited and was reused).
		return nil
	}
	if err := killProcess(pid); err != nil {
		return &backend.Error{Code: backend.EUNAVAILABLE, Op: op, Message: "The database server did not stop.", Err: err}
	}
	if !waitExit(pid, killWait) {
		return &backend.Error{Code: backend.EUNAVAILABLE, Op: op, Message: "The database server did not stop.",
			Err: fmt.Errorf("postmaster %d survived SIGKILL for %v", pid, killWait)}
	}
	s.logger.Warn("database server killed after it ignored shutdown requests", "op", "stop", "pid", pid, "dur", time.Since(began))
	return nil
}

// waitExit waits up to d for process pid to exit and reports whether it did.
func waitExit(pid int, d time.Duration) bool {
	for deadline := time.Now().Add(d); processAlive(pid); {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
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
	s.creating = true
	s.report(PhaseCreate)
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
		// No sync here (-N): the folder is synced once below, after the
		// app's database is created in it too.
		out, err := s.command(ctx, "initdb", "-D", tmp, "-U", superuser, "--auth=trust",
			"-E", "UTF8", "--locale="+locale, "--data-checksums", "-N", "--no-instructions").CombinedOutput()
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
	created := time.Now()
	if err := s.createDatabaseOffline(ctx, tmp); err != nil {
		// ensureDatabase creates it once the server runs: slower, same result.
		s.logger.Warn("app database not created before the first start", "op", "initdb", "err", err)
	}
	s.report(PhaseSync)
	synced := time.Now()
	// The one sync of the new cluster: nothing is reported ready before
	// it is on disk.
	if err := s.syncCluster(ctx, tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, s.dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	syncDir(s.dataDir)
	s.logger.Info("database cluster created", "op", "initdb", "dur", time.Since(began),
		"initdb", created.Sub(began), "createdb", synced.Sub(created), "sync", time.Since(synced))
	return nil
}

// syncCluster writes the cluster in dir to disk: its file system at once
// where the system can (syncFS), else file by file with initdb's own sync.
func (s *Server) syncCluster(ctx context.Context, dir string) error {
	ok, err := syncFS(dir)
	if ok && err == nil {
		return nil
	}
	if err != nil {
		s.logger.Warn("syncfs failed; syncing file by file", "op", "initdb", "err", err)
	}
	if out, err := s.command(ctx, "initdb", "--sync-only", "-D", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("initdb --sync-only: %w", cmdError(err, out))
	}
	return nil
}

// createDatabaseOffline creates the app's database in the new cluster dir
// with the server in single-user mode and fsync off, which is several times
// faster than CREATE DATABASE in a running server (that copies template1
// through the WAL and syncs it); the caller syncs dir afterwards, before
// the cluster is used.
func (s *Server) createDatabaseOffline(ctx context.Context, dir string) error {
	cmd := s.command(ctx, "postgres", "--single", "-D", dir, "-F", "-c", "exit_on_error=on", "template1")
	cmd.Stdin = strings.NewReader("CREATE DATABASE " + defaultDBName + " STRATEGY = FILE_COPY\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("postgres --single: %w", cmdError(err, out))
	}
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

// run makes sure a postmaster serves the cluster; others is the number of
// other processes using it. It reports whether it started one. The caller
// holds the start lock, so a postmaster found shutting down is not being
// stopped by a process of the app: it is stopped here and started afresh.
func (s *Server) run(ctx context.Context, others int) (started bool, err error) {
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
				if errors.Is(err, errStopping) {
					s.logger.Warn("database server stuck shutting down; stopping it", "op", "start", "pid", pid)
					if err := s.halt(ctx); err != nil {
						return false, err
					}
					continue
				}
				if err != nil {
					return false, err
				}
				if others == 0 {
					s.logger.Info("adopted running database server", "op", "start", "pid", pid)
				} else {
					s.logger.Info("using database server shared with other processes", "op", "start", "pid", pid, "clients", others)
				}
				return false, nil
			case pmStale:
				if err := s.removeStale(); err != nil {
					return false, err
				}
				s.logger.Info("removed stale postmaster.pid", "op", "start", "pid", pid)
			}
		}
		if others > 0 {
			s.logger.Warn("the shared database server is down; starting it", "op", "start", "clients", others)
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

var (
	errGone     = errors.New("the postmaster exited")
	errStopping = errors.New("the postmaster is shutting down")
)

// waitReady waits until the server accepts connections; a server starting
// up or recovering after a crash is waited for. It returns errGone when
// process pid exits first, errStopping when the server has been shutting
// down for stoppingGrace.
func (s *Server) waitReady(ctx context.Context, pid int) error {
	deadline := time.Now().Add(startTimeout)
	var stoppingSince time.Time
	for {
		res, conn := s.pingConn(ctx)
		switch res {
		case pingReady:
			// Kept for ensureDatabase: a command joining the running
			// server then starts one server process fewer.
			s.ready = conn
			return nil
		case pingStopping:
			if stoppingSince.IsZero() {
				stoppingSince = time.Now()
			} else if time.Since(stoppingSince) > stoppingGrace {
				return errStopping
			}
		default:
			stoppingSince = time.Time{}
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
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if conn := s.ready; conn != nil {
		s.ready = nil
		err := s.useDatabase(ctx, conn)
		if err == nil {
			return nil
		}
		// The server may have gone into recovery since it answered:
		// connect afresh, waiting as below.
		s.logger.Info("connecting again to open the database", "op", "start", "err", err)
	}
	conn, err := pgconn.Connect(ctx, s.DSNFor("postgres"))
	// A child killed just now sends the server into crash recovery: wait.
	for err != nil && classifyConnectError(err) == pingStarting {
		if serr := sleep(ctx, 100*time.Millisecond); serr != nil {
			return errors.Join(err, serr)
		}
		conn, err = pgconn.Connect(ctx, s.DSNFor("postgres"))
	}
	if err != nil {
		return err
	}
	return s.useDatabase(ctx, conn)
}

// useDatabase does ensureDatabase's work over conn, a connection to the
// postgres database, and closes it.
func (s *Server) useDatabase(ctx context.Context, conn *pgconn.PgConn) error {
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
	pingStarting                   // a server answers but does not accept connections yet (starting up, recovering)
	pingStopping                   // a server answers that it is shutting down
	pingReady
)

// ping tries one connection to the cluster's socket.
func (s *Server) ping(ctx context.Context) pingResult {
	res, conn := s.pingConn(ctx)
	if conn != nil {
		conn.Close(ctx)
	}
	return res
}

// pingConn is ping returning, when the server is ready, the connection
// to the postgres database that found it so (the caller closes it).
func (s *Server) pingConn(ctx context.Context) (pingResult, *pgconn.PgConn) {
	if _, err := os.Stat(s.socketPath()); err != nil {
		return pingDown, nil
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(cctx, s.DSNFor("postgres"))
	if err == nil {
		return pingReady, conn
	}
	return classifyConnectError(err), nil
}

// classifyConnectError tells a server that is starting up or recovering
// from one that is shutting down or not there. PostgreSQL reports the first
// two with the same code (57P03, cannot_connect_now); the message tells them
// apart (the cluster's messages are in English: it runs with LANG=C).
func classifyConnectError(err error) pingResult {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "57P03" {
		if strings.Contains(pgErr.Message, "shutting down") {
			return pingStopping
		}
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

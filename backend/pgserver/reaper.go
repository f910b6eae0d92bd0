package pgserver

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// The idle stop: when the last client leaves a server that should keep
// running for a while (Options.IdleStop), it starts a reaper, a detached
// copy of its own executable that waits until the cluster has been unused
// for the idle time and then stops it. Any binary that links this package
// can be a reaper: the package's init runs the reaper instead of main when
// reaperEnv is set, the pattern of os/exec's helper processes.
const (
	reaperEnv      = "SECONDBRAIN_PGSERVER_REAPER"
	reaperLockName = "reaper.lock"
	reaperLogName  = "reaper.log"
)

// reaperSpec is what a reaper is told, as JSON in reaperEnv.
type reaperSpec struct {
	DataDir string        `json:"data_dir"`
	BinDir  string        `json:"bin_dir"`
	RunAs   string        `json:"run_as,omitempty"`
	Idle    time.Duration `json:"idle"`
}

func init() {
	if spec := os.Getenv(reaperEnv); spec != "" {
		os.Unsetenv(reaperEnv)
		os.Exit(runReaper(spec))
	}
}

// reaperWaits reports whether a reaper already waits to stop the cluster
// (it holds the reaper lock). The caller holds the start lock and has
// touched the last-used file: such a reaper honours it, as it reads the
// file again before it stops the server, under the start lock. A client
// leaving then starts no reaper of its own, which would only find the
// lock held and exit: a copy of the executable started after every
// command, for nothing.
func (s *Server) reaperWaits() bool {
	rl, err := tryLock(filepath.Join(s.clientsDir(), reaperLockName))
	if err != nil {
		return false
	}
	if rl == nil {
		return true
	}
	unlock(rl)
	return false
}

// spawnReaper starts a reaper for the cluster. The caller holds the start lock.
func (s *Server) spawnReaper(idle time.Duration) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	spec, err := json.Marshal(reaperSpec{DataDir: s.dataDir, BinDir: s.binDir, RunAs: s.runAsName, Idle: idle})
	if err != nil {
		return err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), reaperEnv+"="+string(spec))
	cmd.Dir = s.dataDir
	cmd.SysProcAttr = detached()
	// No stdin, stdout or stderr: /dev/null, so that the reaper never holds
	// a caller's pipe open (a test runner or a script reading our output).
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it, should this process outlive it
	return nil
}

// runReaper is the body of a reaper process; it returns the exit code.
func runReaper(specJSON string) int {
	var spec reaperSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil || spec.DataDir == "" || spec.Idle <= 0 {
		fmt.Fprintln(os.Stderr, "pgserver reaper: bad", reaperEnv, err)
		return 2
	}
	clients := filepath.Join(spec.DataDir, clientsDirName)
	logFile, err := os.OpenFile(filepath.Join(clients, reaperLogName), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 1
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(logFile, nil)).With("component", "pgserver", "pid", os.Getpid())
	user, err := lookupRunAs(spec.RunAs)
	if err != nil {
		logger.Error("no user to stop the database server as", "op", "reap", "err", err)
		return 1
	}
	s := newServer(spec.DataDir, spec.BinDir, spec.RunAs, user, logger)
	return s.reap(context.Background(), spec.Idle)
}

// reap waits until the cluster has had no client for the idle time that the
// last client to leave asked for (idle when it did not say) and stops it.
// It leaves when another reaper already waits, when the server is gone, or
// when a client uses the server again (that client starts a new reaper when
// it leaves).
func (s *Server) reap(ctx context.Context, idle time.Duration) int {
	rl, err := tryLock(filepath.Join(s.clientsDir(), reaperLockName))
	if err != nil || rl == nil {
		return 0 // another reaper waits
	}
	defer func() { unlock(rl) }()
	for {
		if !s.postmasterRunning() {
			s.logger.Info("database server already stopped", "op", "reap")
			return 0
		}
		if wait := time.Until(s.stopAfter(idle)); wait > 0 {
			// In steps: a client that leaves later may ask for less.
			time.Sleep(min(wait, time.Second))
			continue
		}
		lockCtx, cancel := context.WithTimeout(ctx, startTimeout)
		sl, err := waitLock(lockCtx, filepath.Join(s.dataDir, startLockName))
		cancel()
		if err != nil {
			continue
		}
		if n := s.otherClients(nil, true); n > 0 {
			// Give up the reaper lock before the start lock: a client that
			// leaves after this must be able to start the next reaper.
			unlock(rl)
			rl = nil
			unlock(sl)
			s.logger.Info("database server in use again", "op", "reap", "clients", n)
			return 0
		}
		if time.Until(s.stopAfter(idle)) > 0 {
			unlock(sl) // a client came and went meanwhile
			continue
		}
		err = s.halt(ctx)
		unlock(sl)
		if err != nil {
			s.logger.Error("database server did not stop", "op", "reap", "err", err)
			return 1
		}
		s.logger.Info("database server stopped after idle", "op", "reap", "idle", idle)
		return 0
	}
}

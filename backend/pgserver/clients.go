package pgserver

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The processes that use a cluster each hold a lease: a file in the data
// dir's pg.clients folder, locked by the process for as long as it uses the
// cluster. The kernel drops the lock when the process dies (kill -9
// included), so a lease whose lock can be taken is stale. Leases are taken
// and counted only under the start lock, so no process joins while another
// decides that it is the last one and stops the server.
const (
	clientsDirName = "pg.clients"
	leaseSuffix    = ".lease"
	lastUsedName   = "last-used" // its mtime: when the last client left; its text: the idle time it asked for
)

// lease is this process's claim on the cluster.
type lease struct {
	f *os.File
}

// clientsDir returns the folder of the leases.
func (s *Server) clientsDir() string { return filepath.Join(s.dataDir, clientsDirName) }

// takeLease registers this process as a client of the cluster. The caller
// holds the start lock.
func (s *Server) takeLease() (*lease, error) {
	dir := s.clientsDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var b [6]byte
	rand.Read(b[:])
	name := strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b[:]) + leaseSuffix
	f, err := tryLock(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, errors.New("a fresh lease file is locked by another process")
	}
	return &lease{f: f}, nil
}

// release gives the lease up and removes its file.
func (l *lease) release() {
	if l == nil || l.f == nil {
		return
	}
	name := l.f.Name()
	os.Remove(name)
	unlock(l.f)
	l.f = nil
}

// otherClients counts the live leases other than own. With prune (only
// under the start lock, when no lease can be half-made) it removes stale ones.
func (s *Server) otherClients(own *lease, prune bool) int {
	entries, err := os.ReadDir(s.clientsDir())
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), leaseSuffix) {
			continue
		}
		path := filepath.Join(s.clientsDir(), e.Name())
		if own != nil && own.f != nil && own.f.Name() == path {
			continue
		}
		f, err := tryLock(path)
		switch {
		case err != nil:
			// Unreadable: count it, erring on the side of keeping the server up.
			n++
		case f == nil:
			n++ // held by a live process
		default:
			// Its process died without releasing it.
			if prune {
				os.Remove(path)
			}
			unlock(f)
		}
	}
	return n
}

// Clients returns how many other processes use the cluster now.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.otherClients(s.lease, false)
}

// touchLastUsed records that a client left now and how long the server
// should outlive it: the file's mtime and its text (a Go duration).
func (s *Server) touchLastUsed(idle time.Duration) {
	path := filepath.Join(s.clientsDir(), lastUsedName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(idle.String()), 0o600); err == nil {
		os.Rename(tmp, path)
	}
}

// stopAfter returns when the server may stop: the time the last client
// left plus the idle time it asked for (fallback when it did not say).
func (s *Server) stopAfter(fallback time.Duration) time.Time {
	path := filepath.Join(s.clientsDir(), lastUsedName)
	fi, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	idle := fallback
	if b, err := os.ReadFile(path); err == nil {
		if d, err := time.ParseDuration(strings.TrimSpace(string(b))); err == nil && d >= 0 {
			idle = d
		}
	}
	return fi.ModTime().Add(idle)
}

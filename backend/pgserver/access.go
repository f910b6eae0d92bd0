package pgserver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"
)

// accessLogName records, in the app's data dir, what the app changed outside
// its cluster so that the server's user can reach it (root mode only).
const accessLogName = "pg.access.json"

// AccessChange is one change of a folder's permissions made so that the
// cluster's OS user can pass through it: when the app runs as root, the
// cluster runs as an unprivileged user (PostgreSQL refuses root), which
// must be able to reach the data dir.
type AccessChange struct {
	Path       string    `json:"path"`
	User       string    `json:"user"`
	Change     string    `json:"change"`      // "acl user:NAME:--x" or "chmod o+x"
	ModeBefore string    `json:"mode_before"` // octal, such as "0700"
	At         time.Time `json:"at"`
}

// recordAccessChanges appends changes to the data dir's record.
func recordAccessChanges(dataDir string, changes []AccessChange) error {
	if len(changes) == 0 {
		return nil
	}
	all := AccessChanges(dataDir)
	now := time.Now().UTC().Truncate(time.Second)
	for _, c := range changes {
		c.At = now
		all = append(all, c)
	}
	b, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dataDir, accessLogName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// AccessChanges returns what the app changed, over time, so that the
// cluster's user can reach the data dir: empty unless it ran as root.
func AccessChanges(dataDir string) []AccessChange {
	b, err := os.ReadFile(filepath.Join(dataDir, accessLogName))
	if err != nil {
		return []AccessChange{}
	}
	var all []AccessChange
	if json.Unmarshal(b, &all) != nil || all == nil {
		return []AccessChange{}
	}
	return all
}

// RunAs names the OS user the cluster runs as: empty when it runs as the
// app's own user (the app is not root).
func (s *Server) RunAs() string {
	if s.user == nil {
		return ""
	}
	return s.user.String()
}

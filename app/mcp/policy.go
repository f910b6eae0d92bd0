package mcp

import (
	"encoding/json"
	"log/slog"
	"os"
	"sync"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/agent"
	"secondbrain/backend/config"
)

// policyOf returns the agent policy of a config's agents section.
func policyOf(c config.Agents) agent.Policy {
	return agent.Policy{Private: backend.Privacy{Folders: c.PrivateFolders, Tags: c.PrivateTags}, AllowWrites: c.AllowWrites}
}

// filePolicy follows the agents section of the config file, so that what
// the user changes in Settings applies to a running server: the file is
// looked at no more than every recheck, and read again when it changed.
type filePolicy struct {
	path    string
	log     *slog.Logger
	mu      sync.Mutex
	policy  agent.Policy
	checked time.Time
	modTime time.Time
	size    int64
}

var recheck = 500 * time.Millisecond

func newFilePolicy(path string, initial config.Agents, log *slog.Logger) *filePolicy {
	// The first call reads the file.
	return &filePolicy{path: path, log: log, policy: policyOf(initial), size: -1}
}

// Policy returns the policy in the file as of at most recheck ago. A file
// that cannot be read keeps the last policy; a file removed means the
// defaults (nothing private, read-only).
func (f *filePolicy) Policy() agent.Policy {
	f.mu.Lock()
	defer f.mu.Unlock()
	if time.Since(f.checked) < recheck {
		return f.policy
	}
	f.checked = time.Now()
	fi, err := os.Stat(f.path)
	if err != nil {
		if os.IsNotExist(err) {
			f.policy, f.modTime, f.size = agent.Policy{}, time.Time{}, 0
		}
		return f.policy
	}
	if fi.ModTime().Equal(f.modTime) && fi.Size() == f.size {
		return f.policy
	}
	b, err := os.ReadFile(f.path)
	var c config.Config
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		f.log.Warn("cannot read the agents settings; keeping the last ones", "err", err)
		return f.policy
	}
	f.policy, f.modTime, f.size = policyOf(c.Agents), fi.ModTime(), fi.Size()
	return f.policy
}

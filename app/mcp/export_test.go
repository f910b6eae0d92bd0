package mcp

import "time"

// SetRecheck sets how often the config file is looked at, for tests.
func SetRecheck(d time.Duration) { recheck = d }

package indexer

// SetHooks makes ix call paused when a pass stops to wait for Resume, and
// pass after each pass of Run (either may be nil). Call it before using ix.
func SetHooks(ix *Indexer, paused, pass func()) { ix.onPaused, ix.onPass = paused, pass }

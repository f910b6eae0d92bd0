package synchub

import "time"

// SetWait changes how Wait waits, for tests: listen turns LISTEN on or
// off; poll and recheck are the polling interval and how long a LISTEN is
// trusted.
func (h *Hub) SetWait(listen bool, poll, recheck time.Duration) {
	h.listen, h.pollInterval, h.recheck = listen, poll, recheck
}

// SetListening sets a function Wait calls once it LISTENs and has read
// the head, just before it blocks for a notification.
func (h *Hub) SetListening(f func()) { h.listening = f }

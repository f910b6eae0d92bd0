package synchub

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// Wait returns nil when the hub holds a seq > after, or ctx's error when
// ctx ends first. It LISTENs on a connection of its own and reads Head
// after LISTEN took effect, so a push committed just before is not missed;
// it reads Head again every 30 s in case a notification was lost. When
// LISTEN fails (a pooler that doesn't pass it through, the hub away) it
// polls Head every 2 s instead, and keeps waiting through a hub restart.
func (h *Hub) Wait(ctx context.Context, after int64) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if h.listen {
			woke, err := h.listenWait(ctx, after)
			if woke {
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, errRecheck) {
				continue // LISTEN anew and read Head
			}
			h.log.Debug("listen failed; polling", "op", "wait", "err", err)
		}
		if head, err := h.Head(ctx); err == nil && head > after {
			return nil
		}
		t := time.NewTimer(h.pollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// errRecheck ends a listenWait that heard nothing for h.recheck.
var errRecheck = errors.New("synchub: no notification; read the head again")

// listenWait LISTENs on a pooled connection and reports whether the hub
// holds a seq > after within h.recheck. The connection goes back to the
// pool after UNLISTEN, or is closed on any error (a wait cut short leaves
// it in no state to reuse).
func (h *Hub) listenWait(ctx context.Context, after int64) (woke bool, err error) {
	conn, err := h.pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer func() {
		if err == nil {
			_, err = conn.Exec(context.WithoutCancel(ctx), "UNLISTEN *")
		}
		if err != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
		conn.Release()
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return false, err
	}
	var head int64
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM sb_changes`).Scan(&head); err != nil {
		return false, err
	}
	if head > after {
		return true, nil
	}
	if h.listening != nil {
		h.listening()
	}
	wctx, cancel := context.WithTimeout(ctx, h.recheck)
	defer cancel()
	for {
		n, err := conn.Conn().WaitForNotification(wctx)
		if err != nil {
			if ctx.Err() == nil && wctx.Err() != nil {
				return false, errRecheck
			}
			return false, err
		}
		// The payload is the pushed seq; an unreadable one wakes anyway
		// and the caller's next Pull finds out.
		if seq, perr := strconv.ParseInt(n.Payload, 10, 64); perr != nil || seq > after {
			return true, nil
		}
	}
}

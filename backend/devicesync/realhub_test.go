package devicesync_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"secondbrain/backend/devicesync"
	"secondbrain/backend/synchub"
	"secondbrain/backend/syncseal"
	"secondbrain/backend/testkit/netproxy"
)

// cheapKeys is syncseal with KDF parameters cheap enough for tests.
var cheapKeys = syncseal.Scheme{Params: syncseal.Params{Time: 1, MemoryKiB: 1 << 10, Threads: 1}}

// opsFromEnv returns SECONDBRAIN_SYNC_OPS when set (a larger run), else def.
func opsFromEnv(t testing.TB, def int) int {
	if v := os.Getenv("SECONDBRAIN_SYNC_OPS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("SECONDBRAIN_SYNC_OPS=%q: want a positive count", v)
		}
		return n
	}
	return def
}

// allEnvelopes reads every change the hub at dsn holds, in Seq order.
func allEnvelopes(tb testing.TB, dsn string) []devicesync.Envelope {
	tb.Helper()
	ctx := context.Background()
	h, err := synchub.Open(ctx, dsn, nil)
	if err != nil {
		tb.Fatalf("open the hub to read it: %v", err)
	}
	defer h.Close()
	var all []devicesync.Envelope
	for {
		var after int64
		if len(all) > 0 {
			after = all[len(all)-1].Seq
		}
		envs, err := h.Pull(ctx, after, 1000)
		if err != nil {
			tb.Fatalf("read the hub: %v", err)
		}
		if len(envs) == 0 {
			return all
		}
		all = append(all, envs...)
	}
}

// TestRandomConvergenceRealHub is TestRandomConvergence against the real
// hub (backend/synchub on a cluster of its own) with syncseal sealing,
// each device reaching the hub through a loopback proxy of its own that
// the test cuts at random: for stretches of several passes (the device is
// offline while it keeps editing) and in the middle of a pass (after a
// random delay, anywhere in push, pull or a reply). Seeded: the operations
// and the choice of partitions repeat; where a mid-pass cut lands depends
// on timing. SECONDBRAIN_SYNC_OPS sets a larger run.
func TestRandomConvergenceRealHub(t *testing.T) {
	ops := opsFromEnv(t, 400)
	if testing.Short() && os.Getenv("SECONDBRAIN_SYNC_OPS") == "" {
		ops = 120
	}
	r := rand.New(rand.NewPCG(20261207, 3))
	dsns := clusters(t, 4)
	hubDSN := dsns[3]
	proxies := make([]*netproxy.Proxy, 3)
	proxied := make([]string, 3)
	for i := range proxies {
		p, dsn, err := netproxy.ForPostgres(hubDSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		proxies[i], proxied[i] = p, dsn
	}
	down := make([]bool, 3)
	converge(t, r, ops, convergeHub{
		open: func(i int) devicesync.OpenHubFunc {
			return func(ctx context.Context, _ string) (devicesync.Hub, error) {
				return synchub.Open(ctx, proxied[i], nil)
			}
		},
		keys:      cheapKeys,
		envelopes: func() []devicesync.Envelope { return allEnvelopes(t, hubDSN) },
		partition: func(i int) (bool, func()) {
			p := proxies[i]
			if r.IntN(8) == 0 { // a partition lasting several passes starts or ends
				down[i] = !down[i]
				if down[i] {
					p.Cut()
				} else {
					p.Restore()
				}
			}
			if down[i] {
				return true, func() {}
			}
			if r.IntN(3) != 0 {
				return false, func() {}
			}
			fired := make(chan struct{})
			cut := time.AfterFunc(time.Duration(r.IntN(60))*time.Millisecond, func() { p.Cut(); close(fired) })
			return true, func() {
				if !cut.Stop() {
					<-fired // the cut ran or runs: restore after it
				}
				p.Restore()
			}
		},
		heal: func() {
			for i, p := range proxies {
				p.Restore()
				down[i] = false
			}
		},
		hubDown: func(error) bool { return true }, // any failure, while cut
	}, dsns[:3])
}

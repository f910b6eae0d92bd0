package devicesync_test

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/devicesync"
)

// TestRandomConvergence runs three devices, each on its own PostgreSQL
// cluster, against one hub that fails calls at random (a partition may
// cut a pass anywhere, even after a push committed). Thousands of seeded
// random operations — creates, edits of the same and of different lines,
// renames, trashes, restores — are spread over the devices between partial
// passes. At quiescence every device holds the same notes, every text any
// device saved is in every device's history, and conflict copies exist
// exactly for the changes whose edits overlapped.
func TestRandomConvergence(t *testing.T) {
	ops := 2500
	if testing.Short() {
		ops = 300
	}
	seed := uint64(20261207)
	r := rand.New(rand.NewPCG(seed, 2))
	hub := devicesync.NewMemHub()
	var partitioned bool
	hub.Fail = func(method string) bool { return partitioned && r.IntN(4) == 0 }
	dsns := clusters(t, 3)
	open := func(ctx context.Context, dsn string) (devicesync.Hub, error) { return hub, nil }
	converge(t, r, ops, convergeHub{
		open: func(int) devicesync.OpenHubFunc { return open },
		keys: testKeys{},
		envelopes: func() []devicesync.Envelope {
			return hub.Envelopes()
		},
		partition: func(int) (bool, func()) {
			partitioned = r.IntN(3) == 0
			return partitioned, func() { partitioned = false }
		},
		heal:    func() {},
		hubDown: func(err error) bool { return errors.Is(err, devicesync.ErrHubDown) },
	}, dsns)
}

// convergeHub is the hub a convergence run syncs through, and how the run
// partitions it.
type convergeHub struct {
	// open returns how device i reaches the hub.
	open func(i int) devicesync.OpenHubFunc
	keys devicesync.KeyScheme
	// envelopes returns every change the hub holds, in Seq order.
	envelopes func() []devicesync.Envelope
	// partition is called before a pass of device i: it may cut the
	// device off (before or during the pass) and says whether it did; done
	// is called when the pass ended.
	partition func(i int) (cut bool, done func())
	// heal ends every partition (for quiescence).
	heal func()
	// hubDown reports whether a failed pass's error is one a partition
	// explains.
	hubDown func(err error) bool
}

// converge runs the seeded random operations over three devices (one per
// dsn) syncing through h, then checks convergence at quiescence.
func converge(t *testing.T, r *rand.Rand, ops int, h convergeHub, dsns []string) {
	t.Helper()
	devs := []*device{
		newDeviceWith(t, "laptop", dsns[0], h.open(0), h.keys),
		newDeviceWith(t, "desktop", dsns[1], h.open(1), h.keys),
		newDeviceWith(t, "work", dsns[2], h.open(2), h.keys),
	}
	for _, d := range devs {
		d.setup(t, "pw")
	}
	ctx := context.Background()
	saved := map[string]bool{} // every body any device saved
	var failedPasses, passes int
	var passDur, opDur time.Duration
	pass := func(i int) {
		d := devs[i]
		t0 := time.Now()
		defer func() { passDur += time.Since(t0) }()
		passes++
		cut, done := h.partition(i)
		err := d.eng.RunOnce(ctx)
		done()
		if err != nil {
			if !cut || !h.hubDown(err) {
				t.Fatalf("%s: sync: %v", d.name, err)
			}
			failedPasses++
		}
	}
	t0 := time.Now()
	for i := 0; i < ops; i++ {
		di := r.IntN(len(devs))
		d := devs[di]
		page, err := d.notes.List(ctx, backend.ListOptions{Limit: 1000, Order: backend.OrderTitle})
		if err != nil {
			t.Fatal(err)
		}
		live := page.Notes
		op := r.IntN(100)
		switch {
		case op < 10 || len(live) < 4:
			body := fmt.Sprintf("id %s-%d\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\n", d.name, i)
			if _, err := d.notes.Create(ctx, fmt.Sprintf("%s %d", d.name, i), []string{"", "a", "b"}[r.IntN(3)], body); err != nil {
				t.Fatal(err)
			}
			saved[body] = true
		case op < 70:
			s := live[r.IntN(len(live))]
			n, err := d.notes.Get(ctx, s.ID.String())
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(n.Body, "\n")
			line := 1 + r.IntN(6) // the same few lines on every device: overlaps happen
			if line < len(lines) {
				lines[line] = fmt.Sprintf("line %d by %s op %d", line, d.name, i)
			}
			if r.IntN(5) == 0 {
				lines = append(lines[:len(lines)-1], fmt.Sprintf("added by %s op %d", d.name, i), "")
			}
			body := strings.Join(lines, "\n")
			if _, err := d.notes.Save(ctx, n.ID.String(), n.Version, body); err != nil {
				t.Fatal(err)
			}
			saved[body] = true
		case op < 78:
			s := live[r.IntN(len(live))]
			if _, err := d.notes.Rename(ctx, s.ID.String(), s.Version, fmt.Sprintf("renamed %s %d", d.name, i), false); err != nil {
				t.Fatal(err)
			}
		case op < 84:
			s := live[r.IntN(len(live))]
			if _, err := d.notes.Trash(ctx, s.ID.String()); err != nil {
				t.Fatal(err)
			}
		case op < 88:
			tr, err := d.notes.List(ctx, backend.ListOptions{Limit: 1000, Trashed: true, Order: backend.OrderTitle})
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Notes) > 0 {
				s := tr.Notes[r.IntN(len(tr.Notes))]
				if _, err := d.notes.Restore(ctx, s.ID.String()); err != nil && backend.ErrorCode(err) != backend.ECONFLICT {
					t.Fatal(err)
				}
			}
		default:
			pass(di)
		}
	}
	opDur = time.Since(t0) - passDur
	// quiescence: passes without partitions until nothing moves
	h.heal()
	for round := 0; ; round++ {
		head := len(h.envelopes())
		for _, d := range devs {
			d.run(t)
		}
		if len(h.envelopes()) == head && round > 0 {
			break
		}
		if round == 10 {
			t.Fatal("no quiescence after 10 rounds")
		}
	}
	for _, d := range devs {
		st, err := d.eng.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.PendingIn != 0 || st.PendingOut != 0 || st.LastError != "" {
			dumpBehind(t, d)
			t.Fatalf("%s not quiescent: %+v", d.name, st)
		}
	}
	want := devs[0].snapshot(t)
	for _, d := range devs[1:] {
		got := d.snapshot(t)
		if len(got) != len(want) {
			t.Fatalf("%s holds %d notes; %s holds %d", d.name, len(got), devs[0].name, len(want))
		}
		for id, v := range want {
			if got[id] != v {
				t.Fatalf("note %s differs:\n%s: %q\n%s: %q", id, devs[0].name, v, d.name, got[id])
			}
		}
	}
	for _, d := range devs {
		have := d.bodies(t)
		missing := 0
		for b := range saved {
			if !have[b] {
				missing++
			}
		}
		if missing > 0 {
			t.Fatalf("%s: %d of %d saved texts are in no note's history", d.name, missing, len(saved))
		}
	}
	// the oracle: replay the hub's order in memory and find the changes
	// whose edits overlapped (their base is not the head and diff3
	// conflicts); exactly those have a copy on every device.
	envs := h.envelopes()
	copies, created := hubCopies(t, envs, h.keys, devs[0])
	for id := range copies {
		if _, ok := want[id.String()]; !ok {
			t.Fatalf("conflict copy %s of an overlapping edit is missing on the devices", id)
		}
	}
	var onDevices int
	for id := range want {
		if !created[uuid.MustParse(id)] {
			onDevices++ // no device created it: a conflict copy
		}
	}
	if onDevices != len(copies) || len(copies) == 0 {
		t.Fatalf("got %d conflict copies on the devices; the hub's order has %d overlapping edits (want equal, > 0)", onDevices, len(copies))
	}
	t.Logf("ops %d (%v), hub changes %d, notes %d, saved texts %d, conflict copies %d, passes %d (%d cut, %v)",
		ops, opDur, len(envs), len(want), len(saved), len(copies), passes, failedPasses, passDur)
}

// hubCopies replays the hub in memory and returns the copies an
// independent overlap check expects: for each edit whose base differs
// from the head, the lines both sides changed against the base. It fails
// when replay made a copy the check does not expect, or none where it does.
// created holds the notes some device created.
func hubCopies(t *testing.T, envs []devicesync.Envelope, keys devicesync.KeyScheme, d *device) (copies, created map[uuid.UUID]bool) {
	t.Helper()
	key := readKey(t, d)
	s, err := keys.Sealer(key)
	if err != nil {
		t.Fatal(err)
	}
	l := devicesync.NewMemLedger()
	copies, created = map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
	for _, env := range envs {
		plain, err := s.Open(env.Sealed, devicesync.AD(env.Device, env.DeviceSeq))
		if err != nil {
			t.Fatal(err)
		}
		ch, err := devicesync.DecodeChange(plain)
		if err != nil {
			t.Fatal(err)
		}
		k := devicesync.Key{Device: env.Device, DeviceSeq: env.DeviceSeq}
		if ch.Kind == devicesync.KindCreate {
			created[ch.Note] = true
		}
		head, exists := l.Head(ch.Note)
		var base devicesync.NoteState
		ok := false
		if ch.Base.Raw != nil {
			base, ok = l.Raw(*ch.Base.Raw)
		} else if ch.Base.Canon > 0 {
			base, ok = l.At(ch.Note, ch.Base.Canon)
		}
		step := devicesync.Replay(l, env.Seq, k, ch)
		if exists && ok && ch.Body != nil && base.Body != head.Body && overlap(base.Body, head.Body, *ch.Body) {
			copies[devicesync.ConflictCopyID(ch.Note, k)] = true
		}
		if (step.Copy != uuid.Nil) != copies[devicesync.ConflictCopyID(ch.Note, k)] {
			t.Fatalf("hub change %d: replay made copy=%v; the overlap check says %v", env.Seq, step.Copy != uuid.Nil, !(step.Copy != uuid.Nil))
		}
		l.Record(step)
	}
	return copies, created
}

// overlap reports whether ours and theirs changed the same line of base
// differently, or one changed the line the other appended after (the test's own check, for the
// same-length line edits and appends the test makes).
func overlap(base, ours, theirs string) bool {
	b, o, th := strings.Split(base, "\n"), strings.Split(ours, "\n"), strings.Split(theirs, "\n")
	changed := func(x []string) map[int]string {
		m := map[int]string{}
		for i := 0; i < max(len(b), len(x)); i++ {
			var bl, xl string
			if i < len(b) {
				bl = b[i]
			} else {
				bl = "\x00none"
			}
			if i < len(x) {
				xl = x[i]
			} else {
				xl = "\x00none"
			}
			if bl != xl {
				m[i] = xl
			}
		}
		return m
	}
	co, ct := changed(o), changed(th)
	keys := func(m map[int]string) []int {
		var ks []int
		for k := range m {
			ks = append(ks, k)
		}
		sort.Ints(ks)
		return ks
	}
	ins := len(b) - 1 // indexes from here on are insertions at the end
	for _, i := range keys(co) {
		for _, j := range keys(ct) {
			if i == j && co[i] != ct[j] {
				return true
			}
			if (i == j+1 || j == i+1) && max(i, j) >= ins {
				return true // a change right at the edge of the other's insertion
			}
		}
	}
	return false
}

// readKey reads the vault key a device's setup stored.
func readKey(t *testing.T, d *device) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(d.dataDir, "sync.key"))
	if err != nil {
		t.Fatal(err)
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// dumpBehind logs, for each note a device has not written, its canonical
// states and the local notes on their paths.
func dumpBehind(t *testing.T, d *device) {
	rows, err := d.st.DB().Query(`SELECT s.note_id, s.head_seq, s.written_seq, c.seq, c.title, c.path, c.trashed,
		coalesce((SELECT string_agg(n.id::text || ' trashed=' || (n.trashed_at IS NOT NULL)::text || ' title=' || n.title, '; ') FROM notes n WHERE lower(n.path) = lower(c.path)), '')
		FROM sync_notes s JOIN sync_canons c ON c.note_id = s.note_id WHERE s.head_seq > s.written_seq ORDER BY c.seq`)
	if err != nil {
		t.Logf("dump: %v", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id, title, p, holders string
		var head, written, seq int64
		var trashed bool
		rows.Scan(&id, &head, &written, &seq, &title, &p, &trashed, &holders)
		t.Logf("%s behind: note %s head %d written %d | canon %d %q %q trashed=%v | local on path: %s", d.name, id, head, written, seq, title, p, trashed, holders)
	}
}

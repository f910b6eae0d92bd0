package vault_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/lexical"
	"secondbrain/backend/testkit/corpora"
)

// gardenCopy copies the garden corpus into a fresh folder.
func gardenCopy(b *testing.B) string {
	b.Helper()
	src := corpora.Dir("garden")
	if _, err := os.Stat(src); err != nil {
		b.Fatalf("the garden corpus is missing: %v", err)
	}
	dst := filepath.Join(b.TempDir(), "garden")
	if out, err := exec.Command("cp", "-r", src, dst).CombinedOutput(); err != nil {
		b.Fatalf("copy: %v %s", err, out)
	}
	return dst
}

// BenchmarkAttachGarden attaches the 7.7k-note garden to an empty vault:
// import, index and mirror (goal: under 10 s).
func BenchmarkAttachGarden(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := openEnv(b, newDSN(b), gardenCopy(b))
		b.StartTimer()
		t0 := time.Now()
		st := e.attach()
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "ms/attach")
		if len(st.Issues) > 0 {
			b.Logf("%d files not synced, e.g. %+v", len(st.Issues), st.Issues[0])
		}
	}
}

// BenchmarkRescanUnchanged times the start-up full scan of the attached,
// unchanged garden: a stat per file, no reads (goal: 100k files under 3 s).
func BenchmarkRescanUnchanged(b *testing.B) {
	e := openEnv(b, newDSN(b), gardenCopy(b))
	e.attach()
	files := 0
	filepath.WalkDir(e.dir, func(string, os.DirEntry, error) error { files++; return nil })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// a restarted process: a new mirror with an empty cursor
		m := newMirror(e.st, e.notes, e.data)
		if _, err := m.SyncOnce(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(files), "µs/file")
}

// BenchmarkEditToSearch times an outside edit of one file of the attached
// garden until search finds its new word, with the continuous mirror and
// the watcher running (goal: p50 under 500 ms).
func BenchmarkEditToSearch(b *testing.B) {
	e := openEnv(b, newDSN(b), gardenCopy(b))
	e.attach()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	search := lexical.New(e.st)
	wake, err := e.st.ListenEvents(ctx)
	if err != nil {
		b.Fatal(err)
	}
	page, _ := e.notes.List(ctx, backend.ListOptions{Limit: 200})
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, _ := e.notes.Get(ctx, page.Notes[i%len(page.Notes)].ID.String())
		word := fmt.Sprintf("zqxwordmarker%dq", i)
		t0 := time.Now()
		os.WriteFile(filepath.Join(e.dir, filepath.FromSlash(n.Path)), []byte(n.Body+"\n"+word+"\n"), 0o644)
		for {
			hits, err := search.Search(ctx, backend.SearchQuery{Text: word, Mode: backend.SearchLexical, Limit: 1})
			if err == nil && len(hits) > 0 {
				break
			}
			if time.Since(t0) > 30*time.Second {
				b.Fatalf("edit %d never became searchable", i)
			}
			select { // the next commit, or a look again after a lost wake-up
			case <-wake:
			case <-time.After(50 * time.Millisecond):
			}
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "ms-p50")
	b.ReportMetric(float64(lat[len(lat)*9/10].Milliseconds()), "ms-p90")
}

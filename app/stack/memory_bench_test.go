package stack_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/sqlgraph"
	"secondbrain/backend/testkit/corpora"
)

// BenchmarkMemory measures what the desktop app holds with a generated
// vault of SECONDBRAIN_BENCH_NOTES notes (5,000 by default; the goal, app
// plus cluster ≤ 400 MB, is stated at 100,000): the Go process's resident
// memory and the embedded cluster's proportional set size (PSS: the shared
// pages split between its processes), after start-up with every index
// built, after a search session and after opening the graph. It opens the
// stack as the app does — the embedded cluster in a fresh data dir, the
// title index, the walk index and the vector index warm. The process also
// holds the test binary's own memory, so rss_MB is an upper bound.
func BenchmarkMemory(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = filepath.Join(b.TempDir(), "data")
	s, err := stack.Open(ctx, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	writeNotes(b, stack.StoreOf(s), n)
	// embedded by the background indexer, as in the app, which keeps the
	// vector index file at close
	rctx, stop := context.WithCancel(ctx)
	s.StartIndexer(rctx)
	for st := s.EmbeddingsStatus(ctx); st.Indexed+st.Failed < st.Total || st.Total == 0; st = s.EmbeddingsStatus(ctx) {
		time.Sleep(200 * time.Millisecond)
	}
	s.Close(ctx)
	stop()
	for i := 0; i < b.N; i++ {
		// a restarted app over the vault
		s, err := stack.Open(ctx, cfg, benchLogger())
		if err != nil {
			b.Fatal(err)
		}
		rctx, stop := context.WithCancel(ctx)
		s.StartIndexer(rctx)
		s.Warm(ctx)
		if err := s.CatchUpEmbeddings(ctx); err != nil {
			b.Fatal(err)
		}
		sg, _ := s.SQLGraph().(*sqlgraph.Graph)
		titles, _ := s.Titles.(interface{ Built() bool })
		for (titles != nil && !titles.Built()) || (sg != nil && !sg.WalkIndexBuilt()) {
			time.Sleep(50 * time.Millisecond)
		}
		report(b, "start", cfg.DataDir)
		words := corpora.Words()
		rng := rand.New(rand.NewPCG(3, 4))
		for q := 0; q < 300; q++ {
			text := strings.Join(words[rng.IntN(len(words)-3):][:1+rng.IntN(3)], " ")
			mode := []backend.SearchMode{backend.SearchLexical, backend.SearchSemantic, backend.SearchHybrid}[q%3]
			if _, err := s.Search.Search(ctx, backend.SearchQuery{Text: text, Mode: mode}); err != nil {
				b.Fatal(err)
			}
		}
		report(b, "search", cfg.DataDir)
		if _, err := s.Graph.Overview(ctx, 1000); err != nil {
			b.Fatal(err)
		}
		page, err := s.Notes.List(ctx, backend.ListOptions{Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		for _, note := range page.Notes {
			if _, err := s.Graph.Neighbors(ctx, note.ID.String(), backend.NeighborOptions{Depth: 2}); err != nil {
				b.Fatal(err)
			}
		}
		report(b, "graph", cfg.DataDir)
		s.Close(ctx)
		stop()
	}
}

// benchLogger logs to stderr at debug level when SECONDBRAIN_BENCH_LOG is
// set, else nowhere.
func benchLogger() *slog.Logger {
	if os.Getenv("SECONDBRAIN_BENCH_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// writeNotes writes n generated notes in bulk, each with four paragraphs
// of corpus words and a link to another note.
func writeNotes(b *testing.B, store *pgstore.Store, n int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	words := corpora.Words()
	for start := 0; start < n; start += 1000 {
		var batch []backend.NoteWrite
		for i := start; i < min(start+1000, n); i++ {
			var body strings.Builder
			for range 4 {
				at := rng.IntN(len(words) - 40)
				body.WriteString(strings.Join(words[at:at+10+rng.IntN(30)], " "))
				fmt.Fprintf(&body, " [[Note %d]] #t%d\n\n", rng.IntN(n), rng.IntN(200))
			}
			title := fmt.Sprintf("Note %d", i)
			p := fmt.Sprintf("f%d/%s.md", i%20, title)
			batch = append(batch, backend.NoteWrite{Title: title, Path: p, Body: body.String(), Derived: service.Derive(p, body.String())})
		}
		if _, err := store.WriteNotes(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := store.ResolveLinks(ctx); err != nil {
		b.Fatal(err)
	}
}

// report adds the memory metrics of a phase: the process's RSS after a
// collection (and the part of it that maps files), its Go heap in use,
// and the cluster's PSS.
func report(b *testing.B, phase, dataDir string) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss := statusKB(os.Getpid(), "VmRSS:")
	pss := clusterPSS(b, dataDir)
	b.ReportMetric(float64(rss)/1024, phase+"_rss_MB")
	// of which mapped files: the executable (the built-in model is in
	// its data) and the vector index file, clean pages the kernel can drop
	b.ReportMetric(float64(statusKB(os.Getpid(), "RssFile:"))/1024, phase+"_rss_file_MB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), phase+"_heap_MB")
	b.ReportMetric(float64(pss)/1024, phase+"_pg_pss_MB")
	b.ReportMetric(float64(rss+pss)/1024, phase+"_total_MB")
	// SECONDBRAIN_BENCH_HEAPPROFILE=DIR keeps a heap profile of each phase
	// (go tool pprof -sample_index=inuse_space DIR/PHASE.heap).
	if dir := os.Getenv("SECONDBRAIN_BENCH_HEAPPROFILE"); dir != "" {
		if f, err := os.Create(filepath.Join(dir, phase+".heap")); err == nil {
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
}

// statusKB reads a kB field of /proc/PID/status.
func statusKB(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				v, _ := strconv.ParseInt(f[1], 10, 64)
				return v
			}
		}
	}
	return 0
}

// clusterPSS sums the PSS (kB) of the embedded cluster's postmaster and
// its children, from /proc/PID/smaps_rollup.
func clusterPSS(b *testing.B, dataDir string) int64 {
	raw, err := os.ReadFile(filepath.Join(dataDir, "pg", "postmaster.pid"))
	if err != nil {
		b.Fatalf("no postmaster.pid: %v", err)
	}
	pm, _ := strconv.Atoi(strings.SplitN(string(raw), "\n", 2)[0])
	pids := []int{pm}
	procs, _ := os.ReadDir("/proc")
	for _, d := range procs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// the fields after the command's closing parenthesis: state, ppid
		if i := strings.LastIndexByte(string(st), ')'); i > 0 {
			f := strings.Fields(string(st[i+1:]))
			if len(f) > 1 && f[1] == strconv.Itoa(pm) {
				pids = append(pids, pid)
			}
		}
	}
	var total int64
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "Pss:") {
				f := strings.Fields(line)
				v, _ := strconv.ParseInt(f[1], 10, 64)
				total += v
			}
		}
	}
	return total
}

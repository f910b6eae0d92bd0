package onnx

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/embedder"
	"secondbrain/backend/indexer"
)

// gardenChunks returns n chunks of the garden corpus (../shared/corpora/garden
// beside the repository, or $SECONDBRAIN_GARDEN_DIR), cut as the indexer
// cuts them, taken evenly over the notes in path order.
func gardenChunks(tb testing.TB, n int) []string {
	tb.Helper()
	dir := os.Getenv("SECONDBRAIN_GARDEN_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "corpora", "garden")
	}
	var paths []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) == 0 {
		tb.Skipf("no garden corpus in %s", dir)
	}
	sort.Strings(paths)
	var all []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		for _, c := range indexer.Split(strings.TrimSuffix(filepath.Base(p), ".md"), string(b), indexer.ChunkOptions{}) {
			all = append(all, c.Text)
		}
	}
	step := max(1, len(all)/n)
	var out []string
	for i := 0; i < len(all) && len(out) < n; i += step {
		out = append(out, all[i])
	}
	return out
}

// BenchmarkGarden measures throughput on 512 garden chunks in calls of 256
// (as the indexer calls Embed), for the built-in static model and the onnx
// models (all-MiniLM-L6-v2, bge-small-en-v1.5, multilingual-e5-small) at
// several batch sizes; reported as chunks/s and chunks/cpu-s. The
// onnx runs take about a minute per iteration on 2 cores, so they run only
// with SECONDBRAIN_BENCH_ONNX=1:
//
//	SECONDBRAIN_BENCH_ONNX=1 go test -run '^$' -bench Garden -benchtime 1x -count 3 ./backend/embedder/onnx
func BenchmarkGarden(b *testing.B) {
	texts := gardenChunks(b, 512)
	static, err := embedder.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, m backend.Embedder) {
		cpu0 := cpuSeconds()
		for b.Loop() {
			for start := 0; start < len(texts); start += 256 {
				if _, err := m.Embed(context.Background(), texts[start:min(start+256, len(texts))]); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "chunks/s")
		// On a busy machine wall time says little: chunks per CPU-second
		// times the cores is what an idle machine would do.
		if cpu := cpuSeconds() - cpu0; cpu0 > 0 && cpu > 0 {
			b.ReportMetric(float64(b.N*len(texts))/cpu, "chunks/cpu-s")
		}
	}
	b.Run("static", func(b *testing.B) { run(b, static) })
	// The transformers one at a time (their default) and in batches.
	for _, model := range []struct {
		name string
		open func(testing.TB) *Model
	}{{"onnx", openModel}, {"bge", openBGE}, {"e5", openE5}} {
		for _, batch := range []int{1, 8, 32} {
			b.Run(model.name+"/batch="+strconv.Itoa(batch), func(b *testing.B) {
				if os.Getenv("SECONDBRAIN_BENCH_ONNX") == "" {
					b.Skip("set SECONDBRAIN_BENCH_ONNX=1 to run (a minute or two per iteration)")
				}
				m := model.open(b)
				saved := m.batch
				m.batch = batch
				defer func() { m.batch = saved }()
				run(b, m)
			})
		}
	}
}

// cpuSeconds is the CPU time of the process so far (Linux /proc), 0 elsewhere.
func cpuSeconds() float64 {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// Fields after the command's closing parenthesis: utime and stime are 14 and 15.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return float64(u+s) / 100 // USER_HZ
}

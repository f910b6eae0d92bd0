//go:build linux

package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/hybrid"
	"secondbrain/backend/testkit/corpora"
	"secondbrain/backend/testkit/vaultgen"
)

// benchDataDir returns a data dir holding the garden corpus scaled by
// vaultgen to SECONDBRAIN_BENCH_NOTES notes (5000 by default), imported
// and embedded through the CLI. Both the generated vault and the data dir
// are kept in the temporary directory for the next run: at 100k notes the
// import and the embedding take many minutes.
func benchDataDir(b *testing.B) string {
	b.Helper()
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && v > 0 {
		n = v
	}
	vault := filepath.Join(os.TempDir(), fmt.Sprintf("secondbrain-bench-vault-%d-42", n))
	if _, err := os.Stat(filepath.Join(vault, ".complete")); err != nil {
		os.RemoveAll(vault)
		if _, err := vaultgen.Generate(corpora.Dir("garden"), vault, vaultgen.Options{Notes: n, Seed: 42}); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(vault, ".complete"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("secondbrain-bench-cli-%d", n))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		os.RemoveAll(dir)
		benchCLI(b, "import", vault, "--data-dir", dir)
		benchCLI(b, "search", "embed everything", "--mode", "semantic", "--data-dir", dir)
		if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchCLI runs one CLI command in its own process, as a script does,
// and returns its output.
func benchCLI(b *testing.B, args ...string) string {
	b.Helper()
	out, _ := benchCLICPU(b, args...)
	return out
}

// benchCLICPU is benchCLI that also returns the CPU time the process used
// (user and system; the database server's is not counted).
func benchCLICPU(b *testing.B, args ...string) (string, time.Duration) {
	b.Helper()
	cmd := cliProcess(b, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		b.Fatalf("%v: %v\n%s", args, err, errOut.String())
	}
	return out.String(), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// BenchmarkSemanticCLI times `related` and `search --mode semantic|hybrid`
// as processes, each its own CLI command, on a data dir whose embedded
// cluster stays up between commands (SECONDBRAIN_PG_IDLE=60s): with the
// vector index file ("file") and, in the same run, without it ("reload":
// SECONDBRAIN_VECTOR_FILE=off, every command reads every vector from
// PostgreSQL, as before the file), and `note list --limit 1` ("floor": what
// every command pays to start). Reports the median wall time as p50-ms
// and the median CPU time of the command's process as cpu-p50-ms (steadier
// than wall time on a busy machine).
func BenchmarkSemanticCLI(b *testing.B) {
	b.Setenv("SECONDBRAIN_PG_IDLE", "60s")
	dir := benchDataDir(b)
	related := benchRelatedTitle(b, dir)
	queries := []string{"history of the city", "how plants grow", "war and peace", "music theory", "the river"}
	cmds := []struct {
		name string
		args func(i int) []string
	}{
		{"related", func(int) []string { return []string{"related", related} }},
		{"semantic", func(i int) []string { return []string{"search", queries[i%len(queries)], "--mode", "semantic"} }},
		{"hybrid", func(i int) []string { return []string{"search", queries[i%len(queries)], "--mode", "hybrid"} }},
	}
	// The floor: a command that opens the stack and reads one row.
	floor := struct {
		name string
		args func(i int) []string
	}{"note-list", func(int) []string { return []string{"note", "list", "--limit", "1"} }}
	for _, mode := range []string{"reload", "file", "floor"} {
		list := cmds
		if mode == "floor" {
			list = list[:0:0]
			list = append(list, floor)
		}
		for _, c := range list {
			b.Run(mode+"/"+c.name, func(b *testing.B) {
				if mode == "reload" {
					b.Setenv(stack.VectorFileEnv, "off")
				}
				// One command outside the timing: the file is written,
				// the cluster is up.
				benchCLI(b, append(c.args(0), "--data-dir", dir)...)
				durs := make([]time.Duration, 0, b.N)
				cpus := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					_, cpu := benchCLICPU(b, append(c.args(i), "--data-dir", dir)...)
					durs = append(durs, time.Since(t0))
					cpus = append(cpus, cpu)
				}
				b.StopTimer()
				slices.Sort(durs)
				slices.Sort(cpus)
				b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "cpu-p50-ms")
			})
		}
	}
}

// benchRelatedTitle returns the id of a note of the data dir.
func benchRelatedTitle(b *testing.B, dir string) string {
	b.Helper()
	var res searchJSON
	out := benchCLI(b, "search", "history", "--mode", "lexical", "--limit", "1", "--data-dir", dir, "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) == 0 {
		b.Fatalf("no note found (%v): %s", err, out)
	}
	return res.Results[0].ID
}

// BenchmarkHybridInProcess times hybrid searches the way the desktop app
// runs them: one stack opened on the benchmark's data dir (vectors loaded
// once), queries answered in process. Reports p50-ms and p99-ms of the
// search call, and in the same run fixed-p50-ms: the same queries fused
// with the fixed weights of before (K 2, Semantic 0.25), and ratio, the
// adaptive p50 over the fixed one.
func BenchmarkHybridInProcess(b *testing.B) {
	b.Setenv("SECONDBRAIN_PG_IDLE", "60s")
	dir := benchDataDir(b)
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = dir
	st, err := stack.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close(ctx)
	hs, ok := st.Search.(*hybrid.Searcher)
	if !ok {
		b.Fatalf("the stack's searcher is a %T; want *hybrid.Searcher", st.Search)
	}
	queries := []string{"history of the city", "how plants grow", "war and peace", "music theory", "the river",
		"open source software", "meditation practice", "digital garden", "climate change", "pattern language"}
	run := func(fu hybrid.Fusion, n int) []time.Duration {
		hs.Fusion = fu
		lat := make([]time.Duration, 0, n)
		for i := 0; i < n; i++ {
			t0 := time.Now()
			if _, err := hs.Search(ctx, backend.SearchQuery{Text: queries[i%len(queries)], Mode: backend.SearchHybrid, Limit: 20}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		slices.Sort(lat)
		return lat
	}
	run(hybrid.DefaultFusion, len(queries)) // warm: vectors, term lists
	b.ResetTimer()
	lat := run(hybrid.DefaultFusion, max(b.N, 20))
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	p50 := lat[len(lat)/2]
	b.ReportMetric(ms(p50), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	fixed := run(hybrid.Fusion{K: 2, Lexical: 1, Semantic: 0.25, Depth: 50, CJKSemantic: 1}, max(b.N, 20))
	b.ReportMetric(ms(fixed[len(fixed)/2]), "fixed-p50-ms")
	b.ReportMetric(float64(p50)/float64(fixed[len(fixed)/2]), "ratio")
}

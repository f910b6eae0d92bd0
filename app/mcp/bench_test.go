package mcp_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/app/mcp"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/testkit/corpora"
)

// benchNotes is the vault size of the benchmarks; SECONDBRAIN_BENCH_NOTES
// changes it (the goal is stated at 100000).
func benchNotes() int {
	if n, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && n > 0 {
		return n
	}
	return 5000
}

// benchQueries returns n queries of one to three words of four letters or
// more, drawn from the benchmark notes' word stream.
func benchQueries(n int) []string {
	words := corpora.Words()
	rng := rand.New(rand.NewPCG(7, 9))
	var out []string
	for len(out) < n {
		var qw []string
		for len(qw) < 1+rng.IntN(3) {
			if w := words[rng.IntN(len(words))]; len([]rune(w)) >= 4 {
				qw = append(qw, w)
			}
		}
		out = append(out, strings.Join(qw, " "))
	}
	return out
}

// benchStack is a generated vault kept for the whole run.
type benchStack struct {
	cfg    config.Config
	st     *stack.Stack
	titles []string // note i's title
}

var (
	benchMu     sync.Mutex
	benchStacks = map[int]benchStack{}
)

// keep is a testing.TB whose cleanups never run: what it creates lives
// until the package's cluster is thrown away at the end of the run.
type keep struct{ testing.TB }

func (keep) Cleanup(func()) {}

// benchVault opens a stack over a database holding n generated notes,
// made once per run for each n (Go runs every benchmark once with b.N = 1
// before the measured run, and 100k notes take minutes to write). Titles
// are two to six of the corpus's words and the note's number, as people's
// titles are words: titles that all share their words ("Note 1", "Note
// 2"…) would hide what the title tier costs.
func benchVault(b *testing.B, n int) (config.Config, *stack.Stack) {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if v, ok := benchStacks[n]; ok {
		return v.cfg, v.st
	}
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = filepath.Join(os.TempDir(), fmt.Sprintf("secondbrain-mcp-bench-%d-%d", n, os.Getpid()))
	cfg.PostgresDSN = pgtest.NewDatabase(keep{b})
	st, err := stack.Open(ctx, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	words := corpora.Words()
	titles := make([]string, n)
	for i := range titles {
		at := rng.IntN(len(words) - 6)
		titles[i] = fmt.Sprintf("%s %d", strings.Join(words[at:at+2+rng.IntN(5)], " "), i)
	}
	benchStacks[n] = benchStack{cfg, st, titles}
	// The notes are written in bulk straight into the stack's database.
	store, err := pgstore.Open(ctx, cfg.PostgresDSN, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	for start := 0; start < n; start += 1000 {
		var batch []backend.NoteWrite
		for i := start; i < min(start+1000, n); i++ {
			var body strings.Builder
			for range 4 {
				at := rng.IntN(len(words) - 40)
				body.WriteString(strings.Join(words[at:at+10+rng.IntN(30)], " "))
				fmt.Fprintf(&body, " [[%s]]\n\n", titles[rng.IntN(n)])
			}
			title := titles[i]
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
	// Autovacuum would otherwise work through the new rows (and the
	// full-text indexes' pending entries) during the measures, for a
	// varying part of them: the vault is measured settled, as the
	// lexical benchmark's is.
	if _, err := store.DB().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return cfg, st
}

func connectBench(b *testing.B, st *stack.Stack) *sdk.ClientSession {
	b.Helper()
	srv := mcp.NewServer(st, mcp.Options{Version: "bench"})
	// Two pipes framed as `secondbrain mcp` frames stdio (newline-delimited
	// JSON-RPC through the kernel), so the round trip includes encoding,
	// the pipe and decoding, as a desktop client's does; only the process
	// boundary is left out.
	toServer, fromClient, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	toClient, fromServer, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	ss, err := srv.Connect(context.Background(), &sdk.IOTransport{Reader: toServer, Writer: fromServer}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ss.Close() })
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "bench", Version: "1"}, nil).Connect(context.Background(),
		&sdk.IOTransport{Reader: toClient, Writer: fromClient}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cs.Close() })
	return cs
}

// timed runs f b.N times and reports the median as p50-ms.
func timed(b *testing.B, f func(i int)) {
	b.Helper()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		f(i)
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkStartToFirstAnswer opens the stack on a running cluster, starts
// the server, connects a client and answers its first tool call.
func BenchmarkStartToFirstAnswer(b *testing.B) {
	cfg, _ := benchVault(b, 100)
	ctx := context.Background()
	timed(b, func(int) {
		st, err := stack.Open(ctx, cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		srv := mcp.NewServer(st, mcp.Options{Version: "bench"})
		t1, t2 := sdk.NewInMemoryTransports()
		ss, err := srv.Connect(ctx, t1, nil)
		if err != nil {
			b.Fatal(err)
		}
		cs, err := sdk.NewClient(&sdk.Implementation{Name: "bench", Version: "1"}, nil).Connect(ctx, t2, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "list_tags"}); err != nil || res.IsError {
			b.Fatal(err, res)
		}
		cs.Close()
		ss.Close()
		st.Close(ctx)
	})
}

// BenchmarkSearchTool is a lexical search tool call's round trip (client →
// server → PostgreSQL → citations → client), over notes and queries with a
// real word distribution (the relevance corpus's words).
func BenchmarkSearchTool(b *testing.B) {
	_, st := benchVault(b, benchNotes())
	cs := connectBench(b, st)
	ctx := context.Background()
	queries := benchQueries(300)
	// Common words' term lists are built by the first search that needs
	// them and kept (backend/lexical/search_top.go): a warm-up pass builds
	// them, as a vault in use has, so both measures below see the same
	// steady state.
	for _, q := range queries {
		if _, err := st.Search.Search(ctx, backend.SearchQuery{Text: q, Mode: backend.SearchLexical, Limit: 10}); err != nil {
			b.Fatal(err)
		}
	}
	timed(b, func(i int) {
		q := queries[i%len(queries)]
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "search", Arguments: map[string]any{"query": q, "mode": "lexical", "limit": 10}})
		if err != nil || res.IsError {
			b.Fatal(err, res)
		}
	})
	// The same queries on the search engine alone (engine-p50-ms), in
	// the same run: what the tool adds is the rest.
	durs := make([]time.Duration, 0, len(queries))
	for _, q := range queries[:min(b.N, len(queries))] {
		t0 := time.Now()
		if _, err := st.Search.Search(ctx, backend.SearchQuery{Text: q, Mode: backend.SearchLexical, Limit: 10}); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "engine-p50-ms")
}

// BenchmarkReadNoteTool is a read_note round trip.
func BenchmarkReadNoteTool(b *testing.B) {
	n := benchNotes()
	_, st := benchVault(b, n)
	benchMu.Lock()
	titles := benchStacks[n].titles
	benchMu.Unlock()
	cs := connectBench(b, st)
	ctx := context.Background()
	timed(b, func(i int) {
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "read_note", Arguments: map[string]any{"title": titles[(i*131)%n]}})
		if err != nil || res.IsError {
			b.Fatal(err, res)
		}
	})
}

package importer_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the in-memory FTS5 baseline

	"secondbrain/backend/importer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/testkit/corpora"
	"secondbrain/backend/testkit/vaultgen"
)

// BenchmarkImportGarden imports the real garden corpus (7.7k notes, 51k
// links) into a fresh database: notes written, searchable, links resolved.
// It reports, measured in the same run, the baseline of the goal: an
// in-memory SQLite FTS5 index of the same files (fts5-s), and the ratio of
// the import's time to it (x-fts5; the goal is at most 2.5).
func BenchmarkImportGarden(b *testing.B) {
	benchImport(b, corpora.Dir("garden"))
}

// BenchmarkImportScaled imports the garden scaled up by vaultgen to
// SECONDBRAIN_BENCH_NOTES notes (default 20,000; the goal is 100,000 in
// at most 30 s with a peak RSS of at most 500 MB).
func BenchmarkImportScaled(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && v > 0 {
		n = v
	}
	dir := filepath.Join(b.TempDir(), "vault")
	if _, err := vaultgen.Generate(corpora.Dir("garden"), dir, vaultgen.Options{Notes: n, Seed: 42}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	benchImport(b, dir)
}

// BenchmarkReimportUnchanged imports the garden once, then measures
// importing it again unchanged: every note is found by its content hash and
// nothing is written.
func BenchmarkReimportUnchanged(b *testing.B) {
	dir := corpora.Dir("garden")
	e := newEnv(b)
	if _, err := importer.Import(context.Background(), e.store, dir, importer.Options{Blobs: e.blobs}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := importer.Import(context.Background(), e.store, dir, importer.Options{Blobs: e.blobs})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Unchanged != rep.Notes || rep.Notes == 0 {
			b.Fatalf("re-import changed notes: %+v", rep)
		}
	}
}

// benchLogger is the logger of the benchmarked import and store: with
// SECONDBRAIN_BENCH_DEBUG set, their debug lines (the phases of every batch
// and of link resolution) go to stderr; else nothing.
func benchLogger() *slog.Logger {
	if os.Getenv("SECONDBRAIN_BENCH_DEBUG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func benchImport(b *testing.B, dir string) {
	if _, err := os.Stat(dir); err != nil {
		b.Fatalf("vault missing: %v", err)
	}
	logger := benchLogger()
	var notes int
	var ours, fts, goCPU, pgCPU, ftsCPU time.Duration
	var pgPeak int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := newEnv(b)
		if logger != nil {
			st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(b), logger)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			e.store = st
		}
		runtime.GC()
		t0, c0 := time.Now(), selfCPU()
		n := fts5Index(b, dir)
		fts += time.Since(t0)
		ftsCPU += selfCPU() - c0
		runtime.GC()
		b.StartTimer()
		t0, c0 = time.Now(), selfCPU()
		rep, err := importer.Import(context.Background(), e.store, dir, importer.Options{Blobs: e.blobs, Logger: logger})
		ours += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		goCPU += selfCPU() - c0
		pgCPU += backendCPU(b, e.store.DB())
		if rep.Notes != n {
			b.Logf("imported %d notes, FTS5 indexed %d files", rep.Notes, n)
		}
		notes = rep.Notes
		pgPeak = max(pgPeak, backendPeak(b, e.store.DB()))
		b.StartTimer()
	}
	b.ReportMetric(float64(notes), "notes")
	b.ReportMetric(float64(notes)/ours.Seconds()*float64(b.N), "notes/s")
	b.ReportMetric(ours.Seconds()/float64(b.N), "s")
	b.ReportMetric(fts.Seconds()/float64(b.N), "fts5-s")
	b.ReportMetric(ours.Seconds()/fts.Seconds(), "x-fts5")
	// CPU time, less sensitive than wall time to a machine others share:
	// the import's process and the database backends serving it.
	b.ReportMetric(goCPU.Seconds()/float64(b.N), "go-cpu-s")
	b.ReportMetric(pgCPU.Seconds()/float64(b.N), "pg-cpu-s")
	b.ReportMetric(ftsCPU.Seconds()/float64(b.N), "fts5-cpu-s")
	b.ReportMetric(float64(statusKB("self", "VmHWM"))/1024, "peak-rss-MB")
	b.ReportMetric(float64(pgPeak)/1024, "pg-backend-peak-MB")
}

// fts5Index indexes the Markdown files under dir (hidden folders skipped,
// as the import does) in an in-memory SQLite FTS5 table, in one
// transaction, and returns how many it indexed: the baseline of the goals.
func fts5Index(b *testing.B, dir string) int {
	b.Helper()
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE notes USING fts5(path, title, body)`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.Prepare(`INSERT INTO notes (path, title, body) VALUES (?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	var files []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && (strings.HasSuffix(strings.ToLower(p), ".md") || strings.HasSuffix(strings.ToLower(p), ".markdown")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.Strings(files)
	for _, p := range files {
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		title := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		if _, err := ins.Exec(filepath.ToSlash(rel), title, string(body)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	var hits int
	if err := db.QueryRow(`SELECT count(*) FROM notes WHERE notes MATCH 'the'`).Scan(&hits); err != nil || hits == 0 {
		b.Fatalf("the FTS5 index finds %d notes: %v", hits, err)
	}
	return len(files)
}

// backendPeak returns the largest peak resident set (VmHWM, in kB) of the
// PostgreSQL backends serving the store's database, or 0 when they cannot be
// read (another user's process, another machine). It counts the shared
// buffers a backend touched.
func backendPeak(b *testing.B, db *sql.DB) int64 {
	rows, err := db.Query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var peak int64
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, statusKB(strconv.Itoa(pid), "VmHWM"))
	}
	return peak
}

// selfCPU returns the CPU time (user and system) of this process so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU returns the CPU time the PostgreSQL backends serving the
// store's database used so far (a fresh database's backends serve only
// its import), or 0 when /proc cannot tell (another machine).
func backendCPU(b *testing.B, db *sql.DB) time.Duration {
	rows, err := db.Query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ticks int64
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			b.Fatal(err)
		}
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue
		}
		// The fields after the command's closing parenthesis: utime and
		// stime are the 12th and 13th, in clock ticks (100 a second).
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) > 12 {
			u, _ := strconv.ParseInt(f[11], 10, 64)
			s, _ := strconv.ParseInt(f[12], 10, 64)
			ticks += u + s
		}
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// statusKB reads a field in kB from /proc/<pid>/status; 0 if it cannot.
func statusKB(pid, field string) int64 {
	f, err := os.Open("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte(field+":")); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(v)), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

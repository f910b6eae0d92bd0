//go:build linux

package cli_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"secondbrain/backend/markdown"
	"secondbrain/backend/testkit/corpora"
)

// Floors of BenchmarkRelatedGarden, set from the values measured on
// 2026-12-07 with the built-in model (nbr@5 0.515 and daily@5 0.035 after
// the related rework; 0.36 and 0.475 before it) with a margin: fewer of
// the top five in the note's neighbourhood, or more daily notes among
// them, fails the benchmark.
const (
	relatedNeighbourFloor = 0.45
	relatedDailyCeiling   = 0.10
)

// dailyTitle matches the title of a daily note (2021-05-07, 2022_02_26).
var dailyTitle = regexp.MustCompile(`^\d{4}[-_.]\d{2}[-_.]\d{2}$`)

// gardenNote is one note of the garden as the benchmark judges it.
type gardenNote struct {
	path  string
	out   map[string]bool // link targets, lower case
	tags  map[string]bool // lower case
	daily bool
	words int
}

// BenchmarkRelatedGarden imports the garden corpus, embeds it, and asks
// `related --limit 5` for sampled notes that are not daily notes, each
// with some text and links. It reports how many of the five share a link
// neighbourhood with the note (nbr@5: one links to the other, both link
// to a target that fewer than 50 notes link to, or they share a tag) and
// how many are daily notes (daily@5), and fails when either is worse than
// its floor. SECONDBRAIN_BENCH_RELATED_DIR keeps the data dir between runs;
// SECONDBRAIN_BENCH_CLI runs the commands with another secondbrain binary
// (an older build, for a before/after comparison).
func BenchmarkRelatedGarden(b *testing.B) {
	b.Setenv("SECONDBRAIN_PG_IDLE", "60s")
	garden := corpora.Dir("garden")
	notes := readGarden(b, garden)
	dir := os.Getenv("SECONDBRAIN_BENCH_RELATED_DIR")
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "data")
	}
	cli := benchCLI
	if exe := os.Getenv("SECONDBRAIN_BENCH_CLI"); exe != "" {
		cli = func(b *testing.B, args ...string) string {
			b.Helper()
			out, err := exec.Command(exe, args...).Output()
			if err != nil {
				b.Fatalf("%s %v: %v", exe, args, err)
			}
			return string(out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		os.RemoveAll(dir)
		cli(b, "import", garden, "--data-dir", dir)
		cli(b, "search", "embed everything", "--mode", "semantic", "--data-dir", dir)
		if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	// Link targets most notes link to (do, push…) say nothing of two notes.
	indeg := map[string]int{}
	for _, n := range notes {
		for t := range n.out {
			indeg[t]++
		}
	}
	byPath := map[string]*gardenNote{}
	var sample []*gardenNote
	for _, n := range notes {
		byPath[n.path] = n
		if !n.daily && n.words >= 80 && len(n.out) >= 3 {
			sample = append(sample, n)
		}
	}
	sort.Slice(sample, func(i, j int) bool { return sample[i].path < sample[j].path })
	const want = 40
	step := max(1, len(sample)/want)
	var picked []*gardenNote
	for i := 0; i < len(sample) && len(picked) < want; i += step {
		picked = append(picked, sample[i])
	}
	var nbr, daily, total float64
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		nbr, daily, total = 0, 0, 0
		for _, n := range picked {
			out := cli(b, "related", n.path, "--limit", "5", "--json", "--data-dir", dir)
			var res struct {
				Related []struct{ Path, Why string }
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				b.Fatalf("related %s: %v: %s", n.path, err, out)
			}
			for _, r := range res.Related {
				other := byPath[r.Path]
				total++
				if other == nil {
					continue
				}
				if other.daily {
					daily++
				}
				if neighbours(n, other, indeg) {
					nbr++
				}
			}
		}
	}
	b.StopTimer()
	if total == 0 {
		b.Fatal("no related notes at all")
	}
	nbrAt5, dailyAt5 := nbr/float64(5*len(picked)), daily/float64(5*len(picked))
	b.ReportMetric(nbrAt5, "nbr@5")
	b.ReportMetric(dailyAt5, "daily@5")
	b.ReportMetric(float64(len(picked)), "notes")
	if nbrAt5 < relatedNeighbourFloor || dailyAt5 > relatedDailyCeiling {
		b.Fatalf("related notes: nbr@5 %.3f (floor %.2f), daily@5 %.3f (ceiling %.2f)", nbrAt5, relatedNeighbourFloor, dailyAt5, relatedDailyCeiling)
	}
}

// neighbours says whether two notes share a link neighbourhood or a tag.
func neighbours(a, c *gardenNote, indeg map[string]int) bool {
	if a.out[titleOf(c.path)] || c.out[titleOf(a.path)] {
		return true
	}
	for t := range a.out {
		if c.out[t] && indeg[t] < 50 {
			return true
		}
	}
	for t := range a.tags {
		if c.tags[t] {
			return true
		}
	}
	return false
}

// titleOf is the lower-case title of a note path.
func titleOf(path string) string {
	return strings.ToLower(strings.TrimSuffix(filepath.Base(path), ".md"))
}

// readGarden parses every note of the garden.
func readGarden(tb testing.TB, dir string) []*gardenNote {
	tb.Helper()
	var out []*gardenNote
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		doc := markdown.Parse(src)
		n := &gardenNote{path: filepath.ToSlash(rel), out: map[string]bool{}, tags: map[string]bool{},
			daily: dailyTitle.MatchString(strings.TrimSuffix(filepath.Base(p), ".md")), words: len(strings.Fields(string(src)))}
		for _, l := range doc.Links {
			if l.Target != "" {
				n.out[strings.ToLower(strings.TrimSuffix(filepath.Base(l.Target), ".md"))] = true
			}
		}
		for _, t := range doc.Tags {
			n.tags[strings.ToLower(t)] = true
		}
		out = append(out, n)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

package cli_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"secondbrain/backend/pgserver/pgtest"
)

// clusterVault writes a vault of 300 notes in loosely linked groups: many
// ties for label propagation, so the order in which it visits the notes
// decides the clusters.
func clusterVault(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(7, 8))
	const n = 300
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "# Note %03d\n\n", i)
		for k := 0; k < 1+r.IntN(2); k++ {
			j := (i/8)*8 + r.IntN(8)
			if r.IntN(5) == 0 {
				j = r.IntN(n)
			}
			fmt.Fprintf(&b, "See [[Note %03d]].\n", j)
		}
		folder := filepath.Join(dir, fmt.Sprintf("area%d", i%5))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, fmt.Sprintf("Note %03d.md", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestGraphClustersSameForTwoImports is issue 13's report: two imports of
// the same vault (into two databases, so every note gets another id) give
// the same number of clusters in `graph stats` and the same clusters in
// `graph clusters`.
func TestGraphClustersSameForTwoImports(t *testing.T) {
	t.Setenv("SECONDBRAIN_CONFIG", filepath.Join(t.TempDir(), "none.json"))
	vault := clusterVault(t)
	type cluster struct {
		ID    int `json:"id"`
		Size  int `json:"size"`
		Nodes []struct {
			Title string `json:"title"`
		} `json:"nodes"`
	}
	importOnce := func() (int, []string) {
		dd := []string{"--postgres", pgtest.NewDatabase(t), "--data-dir", t.TempDir()}
		if _, stderr, code := run(t, append([]string{"import", vault, "--quiet"}, dd...)...); code != 0 {
			t.Fatalf("import: exit %d: %s", code, stderr)
		}
		var stats struct {
			Clusters int `json:"clusters"`
		}
		if code := runJSON(t, &stats, append([]string{"graph", "stats"}, dd...)...); code != 0 {
			t.Fatalf("graph stats: exit %d", code)
		}
		var cs struct {
			Clusters []cluster `json:"clusters"`
		}
		if code := runJSON(t, &cs, append([]string{"graph", "clusters", "--limit", "1000"}, dd...)...); code != 0 {
			t.Fatalf("graph clusters: exit %d", code)
		}
		var out []string // one line per cluster: id, size, member titles
		for _, c := range cs.Clusters {
			titles := make([]string, len(c.Nodes))
			for i, n := range c.Nodes {
				titles[i] = n.Title
			}
			slices.Sort(titles)
			out = append(out, fmt.Sprintf("%d %d %s", c.ID, c.Size, strings.Join(titles, ", ")))
		}
		return stats.Clusters, out
	}
	n1, c1 := importOnce()
	n2, c2 := importOnce()
	if n1 != n2 || n1 != len(c1) {
		t.Fatalf("graph stats: %d clusters after one import, %d after the other (graph clusters lists %d); want the same", n1, n2, len(c1))
	}
	if n1 < 10 {
		t.Errorf("%d clusters; want a vault with some structure", n1)
	}
	for i := range c1 {
		if c1[i] != c2[i] {
			t.Fatalf("cluster %d: %q after one import, %q after the other; want the same", i+1, c1[i], c2[i])
		}
	}
}

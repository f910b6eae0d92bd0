package evaluation

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMetrics(t *testing.T) {
	grades := map[string]int{"a": 1, "b": 1}
	cases := []struct {
		name             string
		ranked           []string
		ndcg, rec, mrr10 float64
	}{
		{"perfect", []string{"a", "b", "x"}, 1, 1, 1},
		{"none", []string{"x", "y"}, 0, 0, 0},
		// DCG = 1/log2(3) = 0.6309; IDCG = 1 + 1/log2(3) = 1.6309.
		{"second only", []string{"x", "a"}, (1 / math.Log2(3)) / (1 + 1/math.Log2(3)), 0.5, 0.5},
		// DCG = 1/log2(2)+... a at rank 1, b at rank 3: 1 + 0.5 = 1.5.
		{"first and third", []string{"a", "x", "b"}, 1.5 / (1 + 1/math.Log2(3)), 1, 1},
		{"empty", nil, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NDCG(c.ranked, grades, 10); !near(got, c.ndcg) {
				t.Errorf("NDCG = %v; want %v", got, c.ndcg)
			}
			if got := Recall(c.ranked, grades, 100); !near(got, c.rec) {
				t.Errorf("Recall = %v; want %v", got, c.rec)
			}
			if got := MRR(c.ranked, grades, 10); !near(got, c.mrr10) {
				t.Errorf("MRR = %v; want %v", got, c.mrr10)
			}
		})
	}
	t.Run("cutoffs", func(t *testing.T) {
		r := []string{"x1", "x2", "a"}
		if got := NDCG(r, grades, 2); got != 0 {
			t.Errorf("NDCG@2 = %v; want 0", got)
		}
		if got := Recall(r, grades, 2); got != 0 {
			t.Errorf("Recall@2 = %v; want 0", got)
		}
		if got := MRR(r, grades, 2); got != 0 {
			t.Errorf("MRR@2 = %v; want 0", got)
		}
	})
	t.Run("graded", func(t *testing.T) {
		g := map[string]int{"a": 2, "b": 1}
		// Ranked b, a: DCG = 1 + 2/log2(3); IDCG = 2 + 1/log2(3).
		want := (1 + 2/math.Log2(3)) / (2 + 1/math.Log2(3))
		if got := NDCG([]string{"b", "a"}, g, 10); !near(got, want) {
			t.Errorf("NDCG = %v; want %v", got, want)
		}
	})
	t.Run("mean", func(t *testing.T) {
		s := Score(map[string][]string{"q1": {"a"}}, Qrels{"q1": {"a": 1}, "q2": {"b": 1}})
		if !near(s.NDCG10, 0.5) || !near(s.Recall100, 0.5) || !near(s.MRR10, 0.5) {
			t.Errorf("Score = %+v; want 0.5 each (q2 missing scores 0)", s)
		}
	})
}

func TestTokenize(t *testing.T) {
	got := Tokenize("Café NAÏVE e-mail, x2 3.14 Straße 知识")
	want := []string{"cafe", "naive", "e", "mail", "x2", "3", "14", "straße", "知识"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Tokenize = %q; want %q", got, want)
	}
}

func TestBM25(t *testing.T) {
	x := NewBM25(1.2, 0.75)
	x.Add("d1", "apple banana")
	x.Add("d2", "apple apple cherry")
	x.Add("d3", "durian")
	// N = 3, avgdl = 2. idf(apple) = ln(1 + (3-2+0.5)/(2+0.5)) = ln(1.6);
	// idf(cherry) = ln(1 + 2.5/1.5) = ln(8/3).
	// d1: apple tf 1, dl 2: ln(1.6)·1·2.2/(1+1.2) = ln(1.6).
	// d2: apple tf 2, dl 3: ln(1.6)·2·2.2/(2+1.2·(0.25+0.75·1.5)).
	if got := x.Search("apple", 10); !reflect.DeepEqual(got, []string{"d2", "d1"}) {
		t.Fatalf("Search(apple) = %v; want [d2 d1]", got)
	}
	d2 := math.Log(1.6) * 2 * 2.2 / (2 + 1.2*(0.25+0.75*1.5))
	d1 := math.Log(1.6)
	if !(d2 > d1) {
		t.Fatalf("hand-computed scores out of order: %v %v", d2, d1)
	}
	// cherry and banana both have df 1; the shorter d1 (dl 2) beats d2 (dl 3).
	if got := x.Search("cherry banana", 10); !reflect.DeepEqual(got, []string{"d1", "d2"}) {
		t.Fatalf("Search(cherry banana) = %v; want [d1 d2]", got)
	}
	if got := x.Search("nothing", 10); len(got) != 0 {
		t.Fatalf("Search(nothing) = %v; want none", got)
	}
}

// WriteSet writes a small relevance set to dir in the BEIR layout (header
// qrels under qrels/test.tsv when beir, flat qrels.tsv otherwise).
func writeSet(t *testing.T, dir string, beir bool) {
	t.Helper()
	corpus := `{"_id": "d1", "title": "Apples", "text": "Apples are red fruit."}
{"_id": "d2", "title": "Bananas", "text": "Bananas are yellow fruit."}
{"id": "d3", "title": "", "text": "Cherries are small and red."}
`
	queries := `{"_id": "q1", "text": "red apples"}
{"_id": "q2", "text": "yellow"}
{"_id": "q3", "text": "unjudged"}
`
	os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte(corpus), 0o644)
	os.WriteFile(filepath.Join(dir, "queries.jsonl"), []byte(queries), 0o644)
	if beir {
		os.MkdirAll(filepath.Join(dir, "qrels"), 0o755)
		os.WriteFile(filepath.Join(dir, "qrels", "test.tsv"), []byte("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n"), 0o644)
	} else {
		os.WriteFile(filepath.Join(dir, "qrels.tsv"), []byte("q1\td1\t1\nq2\td2\t1\n"), 0o644)
	}
}

func TestLoadSet(t *testing.T) {
	for _, beir := range []bool{false, true} {
		dir := t.TempDir()
		writeSet(t, dir, beir)
		set, err := LoadSet(dir, "", "")
		if err != nil {
			t.Fatalf("beir=%v: %v", beir, err)
		}
		if len(set.Docs) != 3 || set.Docs[2].ID != "d3" || len(set.Queries) != 2 || len(set.Qrels) != 2 || set.Qrels["q1"]["d1"] != 1 {
			t.Fatalf("beir=%v: set = %+v", beir, set)
		}
	}
	dir := t.TempDir()
	writeSet(t, dir, false)
	os.WriteFile(filepath.Join(dir, "qrels-train.tsv"), []byte("q2\td2\t1\n"), 0o644)
	set, err := LoadSet(dir, "", "qrels-train.tsv")
	if err != nil || len(set.Queries) != 1 || set.Queries[0].ID != "q2" {
		t.Fatalf("with --qrels: %+v, %v", set, err)
	}
	if _, err := LoadSet(t.TempDir(), "", ""); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("empty dir: %v; want %s", err, backend.EINVALID)
	}
}

func TestNoteTitle(t *testing.T) {
	cases := map[string]Doc{
		"a∕b test":       {ID: "1", Title: "a/b test"},
		"Document 7":     {ID: "7", Title: "  "},
		"tab and return": {ID: "2", Title: "tab\tand\rreturn"},
	}
	for want, d := range cases {
		if got := NoteTitle(d); got != want {
			t.Errorf("NoteTitle(%+v) = %q; want %q", d, got, want)
		}
	}
	long := NoteTitle(Doc{ID: "9", Title: strings.Repeat("é", 300)})
	if len(long) > maxTitleBytes || !strings.HasPrefix(long, "é") || strings.ContainsRune(long, '\uFFFD') {
		t.Errorf("long title = %d bytes", len(long))
	}
}

// TestRun evaluates an in-memory search (the baseline itself) through the
// runner: import, duplicate titles, mapping back to doc ids and scoring.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	writeSet(t, dir, false)
	set, err := LoadSet(dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	set.Docs = append(set.Docs, Doc{ID: "d4", Title: "Apples", Text: "More about pears."})
	titles := map[string]bool{}
	idx := NewBM25(BaselineK1, BaselineB)
	byDoc := map[string]uuid.UUID{}
	docOf := map[uuid.UUID]string{}
	rep, err := Run(context.Background(), set, EvalOptions{
		Workers: 1,
		Create: func(ctx context.Context, title, body string) (uuid.UUID, error) {
			if titles[strings.ToLower(title)] {
				return uuid.Nil, backend.Errorf(backend.ECONFLICT, "taken")
			}
			titles[strings.ToLower(title)] = true
			id := uuid.New()
			docID := ""
			for _, d := range set.Docs {
				if d.Text == body {
					docID = d.ID
				}
			}
			byDoc[docID], docOf[id] = id, docID
			idx.Add(docID, title+" "+body)
			return id, nil
		},
		Search: func(ctx context.Context, text string, limit int) ([]uuid.UUID, error) {
			var out []uuid.UUID
			for _, d := range idx.Search(text, limit) {
				out = append(out, byDoc[d])
			}
			return out, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !titles["apples (d4)"] {
		t.Errorf("duplicate title not suffixed: %v", titles)
	}
	if rep.Queries != 2 || rep.Docs != 4 || !near(rep.NDCG10, 1) || !near(rep.Baseline.NDCG10, 1) || rep.Baseline.Name != "bm25" {
		t.Fatalf("report = %+v; want 2 queries, nDCG 1 for both", rep)
	}
}

// TestRunModes evaluates two modes over one import: a search that finds
// the judged document ("good") and one that finds it second ("worse"); each
// mode is scored on its own, the report's top level is the last mode's,
// and WriteRuns writes both rankings in the TREC run format.
func TestRunModes(t *testing.T) {
	dir := t.TempDir()
	writeSet(t, dir, false)
	set, err := LoadSet(dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	byDoc := map[string]uuid.UUID{}
	creates := 0
	rep, err := Run(context.Background(), set, EvalOptions{
		Workers: 1,
		Modes:   []backend.SearchMode{"good", "worse"},
		Create: func(ctx context.Context, title, body string) (uuid.UUID, error) {
			creates++
			id := uuid.New()
			for _, d := range set.Docs {
				if d.Text == body {
					byDoc[d.ID] = id
				}
			}
			return id, nil
		},
		ModeSearch: func(ctx context.Context, mode backend.SearchMode, text string, limit int) ([]Hit, error) {
			want := map[string]string{"red apples": "d1", "yellow": "d2"}[text]
			other := map[string]string{"d1": "d3", "d2": "d1"}[want]
			hits := []Hit{{ID: byDoc[want], Score: 2}, {ID: byDoc[other], Score: 1}}
			if mode == "worse" {
				hits[0], hits[1] = hits[1], hits[0]
			}
			return hits, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if creates != 3 {
		t.Errorf("created %d notes; want each document once", creates)
	}
	if len(rep.Modes) != 2 || rep.Modes[0].Mode != "good" || !near(rep.Modes[0].NDCG10, 1) || !near(rep.Modes[1].MRR10, 0.5) {
		t.Fatalf("modes = %+v; want good at nDCG 1, then worse at MRR 0.5", rep.Modes)
	}
	if rep.Mode != "worse" || rep.Scores != rep.Modes[1].Scores {
		t.Errorf("top level = %s %+v; want the last mode's", rep.Mode, rep.Scores)
	}
	var b strings.Builder
	if err := rep.WriteRuns(&b); err != nil {
		t.Fatal(err)
	}
	want := "q1 Q0 d1 1 2 good\nq1 Q0 d3 2 1 good\nq2 Q0 d2 1 2 good\nq2 Q0 d1 2 1 good\n" +
		"q1 Q0 d3 1 1 worse\nq1 Q0 d1 2 2 worse\nq2 Q0 d1 1 1 worse\nq2 Q0 d2 2 2 worse\n"
	if b.String() != want {
		t.Errorf("runs =\n%s\nwant\n%s", b.String(), want)
	}
}

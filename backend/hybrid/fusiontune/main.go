// Command fusiontune chooses hybrid search's fusion weights for an
// embedding model from the rankings `secondbrain eval --mode all --runs
// FILE` wrote: it replays hybrid.Fusion.Fuse over each query's lexical and
// semantic rankings for every point of a grid and prints the best points by
// nDCG@10 on the training judgements, with the held-out score beside them
// (read it, never choose by it).
//
//	go run ./backend/hybrid/fusiontune \
//	  -train scifact=DIR:RUNS:QUERIES:QRELS -test scifact=DIR:RUNS:QUERIES:QRELS \
//	  -train ko=DIR:RUNS:QUERIES:QRELS -test ko=... ...
//
// DIR is the relevance set (LoadSet), RUNS the eval's runs file of those
// queries, QUERIES and QRELS the files of the split.
//
// A point is kept only when on every set's training queries its hybrid
// ranking is at least the better of lexical and semantic minus -slack; the
// kept points are ordered by the mean training nDCG@10 over the sets.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/evaluation"
	"secondbrain/backend/hybrid"
)

// set is one relevance set: a training split and a held-out split.
type set struct {
	name        string
	train, test *split
}

// split is the rankings and judgements of one split of a set.
type split struct {
	queries  map[string]string // id → text
	lex, sem map[string][]backend.SearchHit
	docs     map[uuid.UUID]string // hit id → document id
	qrels    evaluation.Qrels
}

type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var trains, tests setFlags
	flag.Var(&trains, "train", "NAME=DIR:RUNS:QUERIES:QRELS, a set's training split (repeatable)")
	flag.Var(&tests, "test", "NAME=DIR:RUNS:QUERIES:QRELS, the same set's held-out split (repeatable)")
	slack := flag.Float64("slack", 0.002, "how far below the better side a set's hybrid may be")
	top := flag.Int("top", 15, "points to print")
	flag.Parse()
	if len(trains) == 0 || len(trains) != len(tests) {
		flag.Usage()
		os.Exit(2)
	}
	var all []*set
	byName := map[string]*set{}
	for i, specs := range []setFlags{trains, tests} {
		for _, spec := range specs {
			name, sp, err := load(spec)
			if err != nil {
				fmt.Fprintln(os.Stderr, "fusiontune:", err)
				os.Exit(1)
			}
			s := byName[name]
			if s == nil {
				s = &set{name: name}
				byName[name] = s
				all = append(all, s)
			}
			if i == 0 {
				s.train = sp
			} else {
				s.test = sp
			}
		}
	}
	for _, s := range all {
		if s.train == nil || s.test == nil {
			fmt.Fprintf(os.Stderr, "fusiontune: %s needs both -train and -test\n", s.name)
			os.Exit(2)
		}
	}
	for _, s := range all {
		fmt.Printf("%-10s train lexical %.4f semantic %.4f | test lexical %.4f semantic %.4f | default fusion train %.4f test %.4f\n",
			s.name, s.train.score(s.train.lex), s.train.score(s.train.sem), s.test.score(s.test.lex), s.test.score(s.test.sem),
			s.train.fused(hybrid.DefaultFusion), s.test.fused(hybrid.DefaultFusion))
	}
	type point struct {
		fu          hybrid.Fusion
		mean        float64
		train, test []float64
	}
	var kept []point
	for _, fu := range grid() {
		p := point{fu: fu}
		ok := true
		for _, s := range all {
			tr := s.train.fused(fu)
			if tr < max(s.train.score(s.train.lex), s.train.score(s.train.sem))-*slack {
				ok = false
				break
			}
			p.train = append(p.train, tr)
			p.mean += tr / float64(len(all))
		}
		if !ok {
			continue
		}
		for _, s := range all {
			p.test = append(p.test, s.test.fused(fu))
		}
		kept = append(kept, p)
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].mean > kept[j].mean })
	fmt.Printf("%d of %d points keep every set's hybrid at the better side\n", len(kept), len(grid()))
	for _, p := range kept[:min(*top, len(kept))] {
		fmt.Printf("K %-3g Semantic %-4g Alpha %-3g LexGap %-3g SemSpread %-4g CJKSemantic %-4g  mean train %.4f  train %s  test %s\n",
			p.fu.K, p.fu.Semantic, p.fu.Alpha, p.fu.LexGap, p.fu.SemSpread, p.fu.CJKSemantic, p.mean, fmtAll(p.train), fmtAll(p.test))
	}
}

// grid is every fusion tried: reciprocal rank fusion and score fusion, the
// per-query confidence terms and the CJK weight.
func grid() []hybrid.Fusion {
	var out []hybrid.Fusion
	for _, k := range []float64{1, 2, 5, 10, 20, 60} {
		for _, sem := range []float64{0.2, 0.35, 0.5, 0.7, 1, 1.25, 1.5, 2} {
			for _, alpha := range []float64{0, 0.5, 0.7} {
				if alpha > 0 && k != 1 {
					continue // K is not used by score fusion
				}
				for _, gap := range []float64{0, 1, 2} {
					for _, spread := range []float64{0, 0.05} {
						for _, cjk := range []float64{0, 0.1, 0.25, 0.5, 1} {
							out = append(out, hybrid.Fusion{K: k, Lexical: 1, Semantic: sem, Alpha: alpha, Depth: hybrid.DefaultFusion.Depth,
								LexGap: gap, SemSpread: spread, CJKSemantic: cjk})
						}
					}
				}
			}
		}
	}
	return out
}

func fmtAll(xs []float64) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.4f", x)
	}
	return b.String()
}

// score is the mean nDCG@10 of the rankings over the judged queries.
func (s *split) score(runs map[string][]backend.SearchHit) float64 {
	ranked := map[string][]string{}
	for qid := range s.qrels {
		for _, h := range runs[qid] {
			ranked[qid] = append(ranked[qid], s.docs[h.ID])
		}
	}
	return evaluation.Score(ranked, s.qrels).NDCG10
}

// fused is score of the rankings fu makes, each side cut to fu.Depth as
// the hybrid searcher cuts them.
func (s *split) fused(fu hybrid.Fusion) float64 {
	runs := map[string][]backend.SearchHit{}
	for qid := range s.qrels {
		lex, sem := s.lex[qid], s.sem[qid]
		lex, sem = lex[:min(len(lex), fu.Depth)], sem[:min(len(sem), fu.Depth)]
		for _, f := range fu.Fuse(s.queries[qid], lex, sem, false) {
			runs[qid] = append(runs[qid], f.Hit)
		}
	}
	return s.score(runs)
}

// load reads NAME=DIR:RUNS:QUERIES:QRELS.
func load(spec string) (string, *split, error) {
	name, rest, ok := strings.Cut(spec, "=")
	parts := strings.Split(rest, ":")
	if !ok || len(parts) != 4 {
		return "", nil, fmt.Errorf("%q: want NAME=DIR:RUNS:QUERIES:QRELS", spec)
	}
	set, err := evaluation.LoadSet(parts[0], parts[2], parts[3])
	if err != nil {
		return "", nil, err
	}
	s := &split{queries: map[string]string{}, lex: map[string][]backend.SearchHit{},
		sem: map[string][]backend.SearchHit{}, docs: map[uuid.UUID]string{}, qrels: set.Qrels}
	for _, q := range set.Queries {
		s.queries[q.ID] = q.Text
	}
	f, err := os.Open(parts[1])
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Buffer(make([]byte, 1<<20), 1<<20); sc.Scan(); {
		// QID Q0 DOCID RANK SCORE MODE
		fl := strings.Fields(sc.Text())
		if len(fl) != 6 {
			return "", nil, fmt.Errorf("%s: bad line %q", parts[1], sc.Text())
		}
		score, err := strconv.ParseFloat(fl[4], 64)
		if err != nil {
			return "", nil, fmt.Errorf("%s: bad score in %q", parts[1], sc.Text())
		}
		id := uuid.NewSHA1(uuid.NameSpaceOID, []byte(fl[2]))
		s.docs[id] = fl[2]
		h := backend.SearchHit{ID: id, Score: score}
		switch backend.SearchMode(fl[5]) {
		case backend.SearchLexical:
			s.lex[fl[0]] = append(s.lex[fl[0]], h)
		case backend.SearchSemantic:
			s.sem[fl[0]] = append(s.sem[fl[0]], h)
		}
	}
	return name, s, sc.Err()
}

package evaluation

import "math"

// Qrels holds graded relevance judgements: query id → document id → grade.
// A grade above zero means relevant; unlisted documents are not relevant.
type Qrels map[string]map[string]int

// NDCG returns nDCG@k of a ranking (document ids, best first) against the
// judged grades, with linear gains (grade / log2(rank+1)) as trec_eval and
// BEIR compute it. A query without relevant documents scores 0.
func NDCG(ranked []string, grades map[string]int, k int) float64 {
	dcg := 0.0
	for i, id := range ranked {
		if i >= k {
			break
		}
		if g := grades[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	var ideal []int
	for _, g := range grades {
		if g > 0 {
			ideal = append(ideal, g)
		}
	}
	// Sort the ideal gains descending (few items: insertion sort).
	for i := 1; i < len(ideal); i++ {
		for j := i; j > 0 && ideal[j] > ideal[j-1]; j-- {
			ideal[j], ideal[j-1] = ideal[j-1], ideal[j]
		}
	}
	idcg := 0.0
	for i, g := range ideal {
		if i >= k {
			break
		}
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// Recall returns recall@k: the share of the relevant documents found in the
// first k of ranked.
func Recall(ranked []string, grades map[string]int, k int) float64 {
	rel := 0
	for _, g := range grades {
		if g > 0 {
			rel++
		}
	}
	if rel == 0 {
		return 0
	}
	found := 0
	for i, id := range ranked {
		if i >= k {
			break
		}
		if grades[id] > 0 {
			found++
		}
	}
	return float64(found) / float64(rel)
}

// MRR returns the reciprocal rank of the first relevant document within the
// first k of ranked (MRR@k for one query), 0 when none is there.
func MRR(ranked []string, grades map[string]int, k int) float64 {
	for i, id := range ranked {
		if i >= k {
			break
		}
		if grades[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// Scores are the mean metrics of a run over its queries.
type Scores struct {
	NDCG10    float64 `json:"ndcg_at_10"`
	Recall100 float64 `json:"recall_at_100"`
	MRR10     float64 `json:"mrr_at_10"`
}

// Score averages nDCG@10, recall@100 and MRR@10 over the judged queries;
// runs maps query id → ranking, and a judged query missing from it scores 0.
func Score(runs map[string][]string, qrels Qrels) Scores {
	var s Scores
	n := 0
	for qid, grades := range qrels {
		n++
		r := runs[qid]
		s.NDCG10 += NDCG(r, grades, 10)
		s.Recall100 += Recall(r, grades, 100)
		s.MRR10 += MRR(r, grades, 10)
	}
	if n > 0 {
		s.NDCG10 /= float64(n)
		s.Recall100 /= float64(n)
		s.MRR10 /= float64(n)
	}
	return s
}

package lexical

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"secondbrain/backend"
)

// Term lists. A query's rarest terms, as many as fit in the candidate
// budget, select candidates by their whole posting lists; a term beyond the
// budget ("with", in 70k of 100k notes) would cost a scoring of every note
// holding it. For such a term search_top keeps a list: the topListLen notes
// that rank first for the term alone, best first, with their impact
// tf/(tf+norm) (BM25F without the idf), and the horizon of the snapshot it
// was read in; note_search.changed tells the notes indexed since. Lists are
// built by the first search that needs them (as costly as a search without
// lists) and kept.
//
// A search then scores the notes holding a selecting term, the first notes
// of each list, and the notes indexed after the oldest list. A note that is
// none of those holds no selecting term, and for each listed term scores at
// most the impact where its list was cut: the sum of these floors bounds
// every note left out. When the limit-th hit scores at least that bound the
// hits are the exact BM25F top. Otherwise the lists are cut where the bound
// would hold, if that is within reach, and scored once more (more
// candidates only raise the limit-th score, so that top is exact too); out
// of reach, the hits stand as the best of the candidates. When they are
// fewer than the limit (filters), every note holding a term is scored, as
// without lists. Prefix expansions are not listed: a query with one beyond
// the budget is never exact, as before.
//
// A list is rebuilt when more than topMaxChanged notes were indexed after
// it, or when the average note length moved by more than topDrift (the
// bound allows for the move in between).
const (
	// topListLen is how many notes a term's list holds.
	topListLen = 400
	// topPerTerm is how many listed notes a search scores first, shared
	// by its listed terms (at least twice the limit per term, at most half
	// of topMaxScored in all).
	topPerTerm = 64
	// topMaxScored is how many listed notes a search scores at most.
	topMaxScored = 1024
	// topMaxChanged is how many notes may be indexed after a list was
	// built before it is built again.
	topMaxChanged = 500
	// topDrift is how far the average note length may move from the one a
	// list was built with before it is built again.
	topDrift = 0.02
)

// topList is a term's row of search_top.
type topList struct {
	ids      []string
	impacts  []float64
	complete bool // every note holding the term at the horizon is listed
	params   string
	avgdl    float64
	horizon  uint64
}

// rankParams identifies the ranking parameters a list's impacts were
// computed with.
func rankParams(rk Ranking) string {
	return fmt.Sprintf("%g/%g/%g", rk.K1, rk.B, math.Max(rk.TitleWeight, 1))
}

// searchListed ranks a plan with listed terms as described above. It
// returns false when the hits are too few to stand and every note holding a
// term must be scored.
func (s *Searcher) searchListed(ctx context.Context, p *searchPlan, f *filterSQL, limit int, rk Ranking) ([]backend.SearchHit, bool, error) {
	lists, ok, err := s.termLists(ctx, p, rk)
	if err != nil || !ok {
		return nil, false, err
	}
	k := len(p.listed)
	most := min(topListLen, topMaxScored/k) // notes per list at most
	per := min(max(2*limit, topPerTerm/k), most)
	// bound returns the score no note left out can reach when each list
	// is cut after n notes, and whether longer lists would lower it.
	bound := func(n int) (float64, bool) {
		b, more := 0.0, false
		for _, t := range p.listed {
			l := lists[t.lexeme]
			m := min(n, len(l.ids))
			more = more || m < len(l.ids)
			// A shorter average length than the list's lowers every
			// impact; a longer one raises none by more than the ratio of
			// the two (norm shrinks by at most as much). The margin is for
			// rounding (impacts are stored as real).
			grow := math.Max(1, p.avgdl/l.avgdl) * (1 + 1e-5)
			switch {
			case m < len(l.ids) || !l.complete && m > 0:
				b += t.weight * (rk.K1 + 1) * l.impacts[m-1] * grow
			case !l.complete:
				b = math.Inf(1)
			}
		}
		return b, more
	}
	rank := func(n int) ([]backend.SearchHit, error) {
		q := *p
		q.topIDs = []string{}
		q.topHorizon = math.MaxUint64
		for _, t := range p.listed {
			l := lists[t.lexeme]
			q.topIDs = append(q.topIDs, l.ids[:min(n, len(l.ids))]...)
			q.topHorizon = min(q.topHorizon, l.horizon)
		}
		return s.rank(ctx, &q, f, limit, rk)
	}
	hits, err := rank(per)
	if err != nil {
		return nil, false, err
	}
	b, more := bound(per)
	if len(hits) == limit && (p.loose || hits[limit-1].Score >= b) {
		return hits, true, nil // exact, unless loose
	}
	if !more {
		return hits, len(hits) == limit, nil
	}
	// More candidates only raise the limit-th score: the shortest lists
	// whose bound it already meets give the exact top. When no length
	// within reach would, the whole reach is scored once.
	next := most
	if len(hits) == limit && !p.loose {
		for n := per + 1; n <= most; n++ {
			if b, _ := bound(n); hits[limit-1].Score >= b {
				next = n
				break
			}
		}
		if b, _ := bound(next); hits[limit-1].Score < b {
			return hits, true, nil // out of reach: the best of the first lists
		}
	}
	if hits, err = rank(next); err != nil {
		return nil, false, err
	}
	return hits, len(hits) == limit, nil
}

// termLists reads the lists of the plan's listed terms, building those
// missing or stale. It returns false when lists cannot serve: too many
// notes were indexed since the oldest transaction still open began.
func (s *Searcher) termLists(ctx context.Context, p *searchPlan, rk Ranking) (map[string]topList, bool, error) {
	terms := make([]string, len(p.listed))
	for i, t := range p.listed {
		terms[i] = t.lexeme
	}
	lists := map[string]topList{}
	rows, err := s.db().QueryContext(ctx, `SELECT term, notes::text, impacts::text, complete, params, avgdl, horizon::text
		FROM search_top WHERE term = ANY($1::text[])`, terms)
	if err != nil {
		return nil, false, err
	}
	for rows.Next() {
		var t, h string
		var l topList
		var ids, imps pgTextArray
		if err := rows.Scan(&t, &ids, &imps, &l.complete, &l.params, &l.avgdl, &h); err != nil {
			rows.Close()
			return nil, false, err
		}
		if l.parse(ids, imps, h) == nil {
			lists[t] = l // a damaged row is built again
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	params := rankParams(rk)
	type since struct {
		n    int
		xmin uint64
	}
	changed := map[uint64]since{}
	changedSince := func(h uint64) (since, error) {
		c, ok := changed[h]
		if !ok {
			err := s.db().QueryRowContext(ctx, `SELECT count(*), pg_snapshot_xmin(pg_current_snapshot())::text
				FROM (SELECT 1 FROM note_search WHERE changed >= $1::xid8 LIMIT $2) AS x`,
				strconv.FormatUint(h, 10), topMaxChanged+1).Scan(&c.n, &c.xmin)
			if err != nil {
				return c, err
			}
			changed[h] = c
		}
		return c, nil
	}
	for _, t := range terms {
		l, ok := lists[t]
		if ok && l.params == params && math.Abs(l.avgdl/p.avgdl-1) <= topDrift {
			c, err := changedSince(l.horizon)
			if err != nil {
				return nil, false, err
			}
			if c.n <= topMaxChanged {
				continue
			}
			if c.xmin <= l.horizon {
				// A transaction older than the changes is still open: a
				// list built now would not see them either.
				return nil, false, nil
			}
		}
		if l, err = s.buildTopList(ctx, t, p.avgdl, rk); err != nil {
			return nil, false, err
		}
		if c, err := changedSince(l.horizon); err != nil || c.n > topMaxChanged {
			return nil, false, err
		}
		lists[t] = l
	}
	return lists, true, nil
}

// topBuildSQL ranks every note holding a term by its impact for the term
// alone, tf/(tf+norm), which orders as BM25F does, and stores the first
// ones as its list. tf is TitleWeight·tf(title) + tf(body), as in rankSQL
// (ts_rank_cd with unit weights counts the positions of a one-lexeme
// query). One statement, so the horizon is that of the snapshot the notes
// are read in; under READ COMMITTED a concurrent build of the same list
// waits and then overwrites it.
const topBuildSQL = `
WITH r AS (
  SELECT s.note_id, s.tf / (s.tf + s.norm) AS impact FROM (
    SELECT s.note_id,
      $4::float8 * ts_rank_cd('{1,1,1,1}', s.title_vec, $1::tsquery, 0) + ts_rank_cd('{1,1,1,1}', s.body_vec, $1::tsquery, 0) AS tf,
      $2::float8 * (1 - $3::float8 + $3::float8 * ($4::float8 * s.title_len + s.body_len) / $5::float8) AS norm
    FROM note_search AS s
    WHERE s.title_vec @@ $1::tsquery OR s.body_vec @@ $1::tsquery
    OFFSET 0
  ) AS s
  ORDER BY impact DESC, s.note_id
  LIMIT $6::integer
)
INSERT INTO search_top AS t (term, notes, impacts, complete, params, avgdl, horizon)
SELECT $7, coalesce(array_agg(r.note_id ORDER BY r.impact DESC, r.note_id), '{}'),
  coalesce(array_agg(r.impact::real ORDER BY r.impact DESC, r.note_id), '{}'),
  count(*) < $6::integer, $8, $5::float8, pg_snapshot_xmin(pg_current_snapshot())
FROM r
ON CONFLICT (term) DO UPDATE SET notes = EXCLUDED.notes, impacts = EXCLUDED.impacts, complete = EXCLUDED.complete,
  params = EXCLUDED.params, avgdl = EXCLUDED.avgdl, horizon = EXCLUDED.horizon, built_at = now()
RETURNING t.notes::text, t.impacts::text, t.complete, t.horizon::text`

// buildTopList ranks the notes holding term and stores the first ones as
// its list.
func (s *Searcher) buildTopList(ctx context.Context, term string, avgdl float64, rk Ranking) (topList, error) {
	tx, err := s.db().BeginTx(ctx, nil)
	if err != nil {
		return topList{}, err
	}
	defer tx.Rollback()
	// A cache row: losing it in a crash costs a rebuild, not data.
	if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off; SET LOCAL enable_seqscan = off; SET LOCAL jit = off`); err != nil {
		return topList{}, err
	}
	l := topList{params: rankParams(rk), avgdl: avgdl}
	var ids, imps pgTextArray
	var h string
	if err := tx.QueryRowContext(ctx, topBuildSQL, tsLexeme(term), rk.K1, rk.B, math.Max(rk.TitleWeight, 1), avgdl, topListLen,
		term, l.params).Scan(&ids, &imps, &l.complete, &h); err != nil {
		return topList{}, err
	}
	if err := l.parse(ids, imps, h); err != nil {
		return topList{}, err
	}
	return l, tx.Commit()
}

// parse fills the list from the text of its columns.
func (l *topList) parse(ids, impacts []string, horizon string) error {
	var err error
	if l.horizon, err = strconv.ParseUint(horizon, 10, 64); err != nil {
		return fmt.Errorf("lexical: search_top horizon %q: %w", horizon, err)
	}
	if len(impacts) != len(ids) {
		return fmt.Errorf("lexical: search_top has %d impacts for %d notes", len(impacts), len(ids))
	}
	l.ids, l.impacts = ids, make([]float64, len(impacts))
	for i, x := range impacts {
		if l.impacts[i], err = strconv.ParseFloat(x, 64); err != nil {
			return fmt.Errorf("lexical: search_top impact %q: %w", x, err)
		}
	}
	return nil
}

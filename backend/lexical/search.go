package lexical

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"secondbrain/backend"
	"secondbrain/backend/markdown"
	"secondbrain/backend/search"
)

// Ranking holds the parameters of the lexical ranking: BM25F over the title
// and the body (k1, b, and the title's weight: a title word counts as
// TitleWeight body words, in term frequency and in length).
type Ranking struct {
	K1          float64
	B           float64
	TitleWeight float64
	// CandidateBudget bounds the work of long queries: the query's terms
	// select candidate notes from the rarest up, while their document
	// frequencies sum to at most this many (the rarest term always
	// selects). Every candidate is still scored on every query term.
	CandidateBudget int
	// PrefixExpansions is how many indexed terms a prefix stands for (the
	// most frequent ones).
	PrefixExpansions int
	// TermLists lets the query's words beyond the candidate budget select
	// candidates too, through their lists of best notes (search_top.go);
	// without, only the terms within the budget select, and the rarest
	// always does, however common.
	TermLists bool
	// TitleTier puts the notes whose title or alias is the query, starts
	// with it or is it with a typo before the ranked hits
	// (search_titles.go).
	TitleTier bool
}

// DefaultRanking was chosen on the SciFact training queries among standard
// values (k1 1.2–2, b 0.6–0.75, title weight 1–3); budget 500–40000 made no
// difference there, nor did 250–2000 with term lists, on the training and
// the test queries. A small budget keeps the notes scored per search to a
// few hundred at 100k notes.
var DefaultRanking = Ranking{K1: 1.5, B: 0.75, TitleWeight: 2, CandidateBudget: 250, PrefixExpansions: 24, TermLists: true, TitleTier: true}

// snippetChars is how much of a body is read for a snippet.
const snippetChars = 20000

// headlineWindow is how much of a text, in bytes, ts_headline is given:
// the stretch of it holding the most query words (headlineWindowOf), room
// for the snippet's two fragments of at most 35 words. ts_headline's time
// grows with the text it parses, about 1 ms for 20 kB, and a search
// makes ten or more snippets.
const headlineWindow = 2000

var _ backend.Searcher = (*Searcher)(nil)

// Search finds live notes by their words, ranked by BM25F. See
// backend.Searcher for the errors.
func (s *Searcher) Search(ctx context.Context, q backend.SearchQuery) ([]backend.SearchHit, error) {
	return s.SearchWith(ctx, q, DefaultRanking)
}

// SearchWith is Search with explicit ranking parameters, for tuning.
func (s *Searcher) SearchWith(ctx context.Context, q backend.SearchQuery, rk Ranking) ([]backend.SearchHit, error) {
	hits, describe, err := s.searchRanked(ctx, q, rk)
	if err != nil || describe == nil {
		return hits, err
	}
	if err := describe(ctx, hits); err != nil {
		return nil, err
	}
	return hits, nil
}

// SearchRanked is Search in two steps, for a caller that shows only some
// of the hits (hybrid search, after fusing them with others): the hits in
// order with their ids, scores and tiers (and the why of a title match),
// and a func that completes any of them in place (title, path, time,
// snippet and why), nil when they are complete already. Describing a hit
// is most of a search's work after ranking it: its text read, parsed and
// cut into a snippet.
func (s *Searcher) SearchRanked(ctx context.Context, q backend.SearchQuery) ([]backend.SearchHit, func(context.Context, []backend.SearchHit) error, error) {
	return s.searchRanked(ctx, q, DefaultRanking)
}

// searchRanked is SearchWith before describing the hits.
func (s *Searcher) searchRanked(ctx context.Context, q backend.SearchQuery, rk Ranking) ([]backend.SearchHit, func(context.Context, []backend.SearchHit) error, error) {
	const op = "lexical.Search"
	if q.Mode != "" && q.Mode != backend.SearchLexical {
		return nil, nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("search mode %q is not available", q.Mode)}
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Limit > 1000 {
		q.Limit = 1000
	}
	var filters filterSQL
	if err := filters.build(q); err != nil {
		return nil, nil, withSearchOp(op, err)
	}
	if strings.TrimSpace(q.Text) == "" && !filters.empty() {
		hits, err := s.browse(ctx, &filters, q.Limit)
		if err != nil {
			return nil, nil, s.store.TranslateError(op, err)
		}
		return hits, nil, nil
	}
	pq, err := search.Parse(q.Text, q.Prefix)
	if err != nil {
		// No word to look for ("~", "…", an emoji): a note may still
		// have it as its title.
		var hits []backend.SearchHit
		if rk.TitleTier {
			var terr error
			if hits, terr = s.titlesOnly(ctx, q, &filters); terr != nil {
				return nil, nil, s.store.TranslateError(op, terr)
			}
		}
		if len(hits) > 0 && backend.ErrorCode(err) == backend.EINVALID {
			return hits, nil, nil
		}
		return nil, nil, withSearchOp(op, err)
	}
	// The title tier runs beside the ranking, on its own connection. The
	// ranking's limit hits are enough: with k tier notes, o of them among
	// the hits, k + limit - o ≥ limit notes are left to show.
	var (
		tier    []tierHit
		tierErr error
		tierRan = make(chan struct{})
	)
	go func() {
		defer close(tierRan)
		if rk.TitleTier {
			tier, tierErr = s.titleTier(ctx, tierText(q.Text, pq), &filters)
		}
	}()
	defer func() { <-tierRan }()
	plan, err := s.plan(ctx, pq, rk)
	if err != nil {
		return nil, nil, s.store.TranslateError(op, err)
	}
	var hits []backend.SearchHit
	if rk.TermLists && len(plan.listed) > 0 && len(plan.phrases) == 0 && rk.CandidateBudget > 0 && q.Limit <= topListLen/2 {
		var ok bool
		if hits, ok, err = s.searchListed(ctx, plan, &filters, q.Limit, rk); err != nil {
			return nil, nil, s.store.TranslateError(op, err)
		}
		if !ok {
			hits = nil // too few: score every note holding a term
		}
	}
	if hits == nil {
		if plan.candAll != "" {
			all := *plan
			all.candTSQ = plan.candAll
			if hits, err = s.rank(ctx, &all, &filters, q.Limit, rk); err != nil {
				return nil, nil, s.store.TranslateError(op, err)
			}
		}
		if len(hits) < q.Limit {
			if hits, err = s.rank(ctx, plan, &filters, q.Limit, rk); err != nil {
				return nil, nil, s.store.TranslateError(op, err)
			}
		}
	}
	if len(hits) < q.Limit && len(pq.Words) > 0 && len(pq.Phrases) == 0 {
		fuzzy, err := s.fuzzyTitles(ctx, pq, plan, &filters, q.Limit-len(hits), hits)
		if err != nil {
			return nil, nil, s.store.TranslateError(op, err)
		}
		hits = append(hits, fuzzy...)
	}
	<-tierRan
	if tierErr != nil {
		return nil, nil, s.store.TranslateError(op, tierErr)
	}
	hits = withTier(tier, hits, q.Limit)
	return hits, func(ctx context.Context, hits []backend.SearchHit) error {
		if err := s.describe(ctx, hits, plan); err != nil {
			return s.store.TranslateError(op, err)
		}
		return nil
	}, nil
}

func withSearchOp(op string, err error) error {
	if e, ok := err.(*backend.Error); ok && e.Op == "" {
		e.Op = op
	}
	return err
}

// queryTerm is one normalized query term with its BM25 weight.
type queryTerm struct {
	lexeme string
	qtf    int
	df     int64
	weight float64 // idf × query term frequency
	prefix bool    // only an expansion of the query's prefix
}

// searchPlan is a query after normalization by the database.
type searchPlan struct {
	terms    []queryTerm // scored terms with df > 0
	candTSQ  string      // selects candidates; "" when none
	candAll  string      // selects fewer candidates when every term is common; tried first
	phrases  []string    // tsquery text of each required phrase
	excluded string      // tsquery text of the exclusions, "" when none
	headline string      // tsquery text for snippets
	foldText string      // the words, folded, for trigram title matching
	avgdl    float64
	cjk      []string // CJK words and phrases of the query, for snippets

	// Term lists (see search_top.go): the terms within the candidate
	// budget select by selTSQ, the others are listed. When topIDs is set
	// the candidates are the notes selTSQ matches, topIDs and the notes
	// indexed from topHorizon on.
	selTSQ     string
	listed     []queryTerm
	loose      bool // some terms neither select nor are listed
	topIDs     []string
	topHorizon uint64
}

// plan normalizes the query's words with the same text search configuration
// as the index, looks up their document frequencies and picks the terms
// that select candidates.
func (s *Searcher) plan(ctx context.Context, pq search.Query, rk Ranking) (*searchPlan, error) {
	p := &searchPlan{}
	words := pq.Words
	var prefix string
	if pq.PrefixLast {
		prefix = words[len(words)-1]
		words = words[:len(words)-1]
	}
	qtf := map[string]int{}
	expansion := map[string]bool{}
	var order []string
	add := func(lex string, n int) {
		if _, ok := qtf[lex]; !ok {
			order = append(order, lex)
		}
		qtf[lex] += n
	}
	// Document frequencies, and the collection statistics, are read with
	// the lexemes: one round trip for most queries.
	df := map[string]int64{}
	var docs, titleLen, bodyLen int64
	statsRead := false
	lexemes := func(text string) ([]string, []int, error) {
		var ls []string
		var ns []int
		rows, err := s.db().QueryContext(ctx, `
			SELECT st.docs, st.title_len, st.body_len, u.lexeme, u.n, u.df
			FROM (SELECT coalesce(sum(docs), 0) AS docs, coalesce(sum(title_len), 0) AS title_len,
			        coalesce(sum(body_len), 0) AS body_len FROM search_stats) AS st
			LEFT JOIN LATERAL (
			  SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1) AS n, u.i,
			    (SELECT sum(t.df) FROM search_terms AS t WHERE t.term = u.lexeme) AS df
			  FROM unnest(sb_tsvector($1)) WITH ORDINALITY AS u(lexeme, positions, weights, i)
			) AS u ON true
			ORDER BY u.i`, text)
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var l sql.NullString
			var n sql.NullInt64
			var d sql.NullInt64
			if err := rows.Scan(&docs, &titleLen, &bodyLen, &l, &n, &d); err != nil {
				return nil, nil, err
			}
			statsRead = true
			if !l.Valid {
				continue // no lexeme: the statistics alone
			}
			ls = append(ls, l.String)
			ns = append(ns, int(n.Int64))
			if d.Valid && d.Int64 > 0 {
				df[l.String] = d.Int64
			}
		}
		return ls, ns, rows.Err()
	}
	all := strings.Join(append(append([]string{}, words...), pq.Phrases...), " ")
	if strings.TrimSpace(all) != "" {
		ls, ns, err := lexemes(all)
		if err != nil {
			return nil, err
		}
		for i := range ls {
			add(ls[i], ns[i])
		}
	}
	if prefix != "" {
		ls, _, err := lexemes(prefix)
		if err != nil {
			return nil, err
		}
		for i, l := range ls {
			if i < len(ls)-1 {
				add(l, 1)
				continue
			}
			exp, err := s.expandPrefix(ctx, l, rk.PrefixExpansions)
			if err != nil {
				return nil, err
			}
			for _, e := range exp {
				if _, ok := qtf[e.term]; !ok {
					expansion[e.term] = true
				}
				add(e.term, 1)
				df[e.term] = e.df
			}
		}
	}
	for _, ph := range pq.Phrases {
		var t string
		if err := s.db().QueryRowContext(ctx, `SELECT phraseto_tsquery('sb_simple', sb_cjk_bigrams(translate($1, '<>', '  ')))::text`, ph).Scan(&t); err != nil {
			return nil, err
		}
		if t != "" {
			p.phrases = append(p.phrases, t)
		}
	}
	if len(pq.Excluded) > 0 {
		var parts []string
		for _, ex := range pq.Excluded {
			var t string
			if err := s.db().QueryRowContext(ctx, `SELECT phraseto_tsquery('sb_simple', sb_cjk_bigrams(translate($1, '<>', '  ')))::text`, ex).Scan(&t); err != nil {
				return nil, err
			}
			if t != "" {
				parts = append(parts, "("+t+")")
			}
		}
		p.excluded = strings.Join(parts, " | ")
	}
	for _, w := range pq.Words {
		if isCJK(w) {
			p.cjk = append(p.cjk, w)
		}
	}
	for _, ph := range pq.Phrases {
		if isCJK(ph) {
			p.cjk = append(p.cjk, ph)
		}
	}
	p.foldText = strings.Join(pq.Words, " ")

	// Collection statistics, when no text was normalized.
	if !statsRead {
		if err := s.db().QueryRowContext(ctx,
			`SELECT coalesce(sum(docs), 0), coalesce(sum(title_len), 0), coalesce(sum(body_len), 0) FROM search_stats`).
			Scan(&docs, &titleLen, &bodyLen); err != nil {
			return nil, err
		}
	}
	if docs > 0 {
		p.avgdl = (rk.TitleWeight*float64(titleLen) + float64(bodyLen)) / float64(docs)
	}
	if p.avgdl <= 0 {
		p.avgdl = 1
	}
	for _, l := range order {
		n, ok := df[l]
		if !ok {
			continue
		}
		if n > docs {
			n = docs
		}
		idf := math.Log(1 + (float64(docs)-float64(n)+0.5)/(float64(n)+0.5))
		p.terms = append(p.terms, queryTerm{lexeme: l, qtf: qtf[l], df: n, weight: idf * float64(qtf[l]), prefix: expansion[l]})
	}
	// Candidates: the rarest terms first, within the budget.
	byDF := append([]queryTerm(nil), p.terms...)
	sort.SliceStable(byDF, func(i, j int) bool { return byDF[i].df < byDF[j].df })
	var cand []string
	var sum int64
	for i, t := range byDF {
		if i > 0 && sum+t.df > int64(rk.CandidateBudget) {
			break
		}
		sum += t.df
		cand = append(cand, tsLexeme(t.lexeme))
	}
	p.candTSQ = strings.Join(cand, " | ")
	var sel []string
	sum = 0
	full := false // the budget is spent
	for _, t := range byDF {
		if full = full || sum+t.df > int64(rk.CandidateBudget); !full {
			sum += t.df
			sel = append(sel, tsLexeme(t.lexeme))
		} else if t.prefix {
			p.loose = true // prefix expansions are not listed
		} else {
			p.listed = append(p.listed, t)
		}
	}
	p.selTSQ = strings.Join(sel, " | ")
	if len(byDF) > 1 && byDF[0].df > int64(rk.CandidateBudget) {
		// Even the rarest term is common: the notes holding every term
		// are the ones BM25 ranks first, and far fewer to score.
		all := make([]string, len(byDF))
		for i, t := range byDF {
			all[i] = tsLexeme(t.lexeme)
		}
		p.candAll = strings.Join(all, " & ")
	}
	var hl []string
	for _, t := range p.terms {
		hl = append(hl, tsLexeme(t.lexeme))
	}
	for _, ph := range p.phrases {
		hl = append(hl, "("+ph+")")
	}
	p.headline = strings.Join(hl, " | ")
	return p, nil
}

// termDF is an indexed term and its document frequency.
type termDF struct {
	term string
	df   int64
}

// expandPrefix returns the most frequent indexed terms starting with prefix.
func (s *Searcher) expandPrefix(ctx context.Context, prefix string, n int) ([]termDF, error) {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix)
	rows, err := s.db().QueryContext(ctx, `SELECT term, sum(df) FROM search_terms WHERE term LIKE $1 GROUP BY term
		HAVING sum(df) > 0 ORDER BY term = $2 DESC, sum(df) DESC, term LIMIT $3`, esc+"%", prefix, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []termDF
	for rows.Next() {
		var t termDF
		if err := rows.Scan(&t.term, &t.df); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// rankSQL scores the candidates with BM25F. For each candidate it keeps only
// the query's lexemes (setweight marks them, ts_filter keeps them), title
// ones weighted A and body ones B; ts_rank_cd without normalization then
// sums, for a one-lexeme query, the weights of its positions: with weights
// A = 1 and B = 1/TitleWeight, times TitleWeight, that is the BM25F term
// frequency TitleWeight·tf(title) + tf(body) (positions are capped at 256
// per lexeme in a tsvector). OFFSET 0 keeps the planner from inlining the
// subqueries, which would compute v and each tf once per reference.
const rankSQL = `
SELECT c.note_id, %s AS score FROM (
  SELECT c.note_id, $3::float8 * (1 - $4::float8 + $4::float8 * c.dl / $6::float8) AS norm, %s
  FROM (
    SELECT s.note_id, $5::float8 * s.title_len + s.body_len AS dl,
      setweight(ts_filter(setweight(s.title_vec, 'A', $1::text[]), '{a}'), 'A') ||
      setweight(ts_filter(setweight(s.body_vec, 'A', $1::text[]), '{a}'), 'B') AS v
    FROM note_search AS s
    WHERE %s
    OFFSET 0
  ) AS c
  WHERE length(c.v) > 0
  OFFSET 0
) AS c
ORDER BY score DESC, c.note_id
LIMIT $2::integer`

// rankedHit is a hit with what matched, before its details are read.
type rankedHit struct {
	backend.SearchHit
	titleTerms, bodyTerms []string
}

func (s *Searcher) rank(ctx context.Context, p *searchPlan, f *filterSQL, limit int, rk Ranking) ([]backend.SearchHit, error) {
	if len(p.terms) == 0 || (p.candTSQ == "" && len(p.phrases) == 0) {
		return nil, nil
	}
	lex := make([]string, len(p.terms))
	for i, t := range p.terms {
		lex[i] = t.lexeme
	}
	tw := math.Max(rk.TitleWeight, 1)
	args := []any{lex, limit, rk.K1, rk.B, tw, p.avgdl}
	weights := fmt.Sprintf("'{0,0,%g,1}'", 1/tw)
	var tfs, sum []string
	for i, t := range p.terms {
		args = append(args, tsLexeme(t.lexeme))
		tfs = append(tfs, fmt.Sprintf("$5::float8 * ts_rank_cd(%s, c.v, $%d::tsquery, 0) AS tf%d", weights, len(args), i))
		args = append(args, t.weight)
		sum = append(sum, fmt.Sprintf("$%d::float8 * c.tf%d * ($3::float8 + 1) / (c.tf%d + c.norm)", len(args), i, i))
	}
	var where []string
	switch {
	case p.topIDs != nil:
		var cand []string
		if p.selTSQ != "" {
			args = append(args, p.selTSQ)
			n := len(args)
			cand = append(cand, fmt.Sprintf("s.title_vec @@ $%d::tsquery OR s.body_vec @@ $%d::tsquery", n, n))
		}
		// Listed or changed notes that hold no term have no lexeme in v.
		args = append(args, p.topIDs, strconv.FormatUint(p.topHorizon, 10))
		n := len(args)
		cand = append(cand, fmt.Sprintf(`s.note_id = ANY (ARRAY(SELECT unnest($%d::uuid[]) UNION
			SELECT c.note_id FROM note_search AS c WHERE c.changed >= $%d::xid8))`, n-1, n))
		where = append(where, "("+strings.Join(cand, " OR ")+")")
	case len(p.phrases) > 0:
		for _, ph := range p.phrases {
			args = append(args, ph)
			n := len(args)
			where = append(where, fmt.Sprintf("(s.title_vec @@ $%d::tsquery OR s.body_vec @@ $%d::tsquery)", n, n))
		}
	default:
		args = append(args, p.candTSQ)
		n := len(args)
		where = append(where, fmt.Sprintf("(s.title_vec @@ $%d::tsquery OR s.body_vec @@ $%d::tsquery)", n, n))
	}
	if p.excluded != "" {
		args = append(args, p.excluded)
		n := len(args)
		where = append(where, fmt.Sprintf("NOT (s.title_vec @@ $%d::tsquery OR s.body_vec @@ $%d::tsquery)", n, n))
	}
	where = append(where, f.sql(&args)...)
	// The vectors live in TOAST, so the planner thinks a sequential scan is
	// cheap and matches every note's vector; the GIN indexes are far faster.
	tx, err := s.db().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// JIT compiling would take longer than the query: the disabled scans
	// make every plan look costly.
	if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off; SET LOCAL jit = off`); err != nil {
		return nil, err
	}
	query := fmt.Sprintf(rankSQL, "("+strings.Join(sum, " + ")+")", strings.Join(tfs, ", "), strings.Join(where, " AND "))
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.SearchHit
	for rows.Next() {
		var h backend.SearchHit
		if err := rows.Scan(&h.ID, &h.Score); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// fuzzyTitles finds notes whose title is like the query's words (trigram
// word similarity), for typos; they rank after every word match.
func (s *Searcher) fuzzyTitles(ctx context.Context, pq search.Query, p *searchPlan, f *filterSQL, limit int, have []backend.SearchHit) ([]backend.SearchHit, error) {
	if strings.TrimSpace(p.foldText) == "" || limit <= 0 {
		return nil, nil
	}
	seen := map[uuid.UUID]bool{}
	minScore := math.Inf(1)
	for _, h := range have {
		seen[h.ID] = true
		minScore = math.Min(minScore, h.Score)
	}
	args := []any{p.foldText, limit + len(have)}
	where := append([]string{"sb_fold($1) <% s.title_fold"}, f.sql(&args)...)
	rows, err := s.db().QueryContext(ctx, `SELECT s.note_id, word_similarity(sb_fold($1), s.title_fold) AS sim
		FROM note_search AS s WHERE `+strings.Join(where, " AND ")+` ORDER BY sim DESC, s.note_id LIMIT $2`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.SearchHit
	for rows.Next() {
		var h backend.SearchHit
		var sim float64
		if err := rows.Scan(&h.ID, &sim); err != nil {
			return nil, err
		}
		if seen[h.ID] || len(out) >= limit {
			continue
		}
		h.Score = sim
		if !math.IsInf(minScore, 1) {
			h.Score = sim * minScore / 2 // below every word match
		}
		h.Why = fmt.Sprintf("title similar to %q", p.foldText)
		out = append(out, h)
	}
	return out, rows.Err()
}

// describe reads the title, path and time of each hit and makes its snippet.
func (s *Searcher) describe(ctx context.Context, hits []backend.SearchHit, p *searchPlan) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID.String()
	}
	hl := p.headline // "" (no word matched): ts_headline shows the start
	if err := s.explain(ctx, hits, p); err != nil {
		return err
	}
	rows, err := s.db().QueryContext(ctx, `
		SELECT n.id, n.title, n.path, n.updated_at, left(n.body, $2)
		FROM notes AS n WHERE n.id = ANY($1::uuid[])`, ids, snippetChars)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[uuid.UUID]int{}
	for i, h := range hits {
		byID[h.ID] = i
	}
	texts := make([]string, 0, 2*len(hits)) // body and front matter text of each hit, in pairs
	order := make([]int, 0, len(hits))      // the hit of each pair
	for rows.Next() {
		var id uuid.UUID
		var title, path, body string
		var updated time.Time
		if err := rows.Scan(&id, &title, &path, &updated, &body); err != nil {
			return err
		}
		i, ok := byID[id]
		if !ok {
			continue
		}
		hits[i].Title, hits[i].Path, hits[i].UpdatedAt = title, path, updated
		text, fm := markdown.PlainText([]byte(body))
		texts = append(texts, strings.ToValidUTF8(text, "\uFFFD"), strings.ToValidUTF8(fm, "\uFFFD"))
		order = append(order, i)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	lexemes := make([]string, len(p.terms))
	for i, t := range p.terms {
		lexemes[i] = t.lexeme
	}
	snippets, err := s.headlines(ctx, texts, hl, lexemes, p.cjk)
	if err != nil {
		return err
	}
	for k, i := range order {
		hits[i].Snippet = strings.TrimSpace(snippets[k])
	}
	return nil
}

// headlines makes the snippet of each pair of texts (a note's plain body
// and its front matter as "key: value" lines): the body around the
// query's words with them marked, or the front matter when only it holds
// them. CJK queries are cut out by substringSnippet, since ts_headline
// cannot split CJK text into words; other texts are cut to the window
// holding the most of lexemes, the query's terms, first.
func (s *Searcher) headlines(ctx context.Context, texts []string, tsq string, lexemes, cjk []string) ([]string, error) {
	out := make([]string, len(texts)/2)
	if len(cjk) > 0 {
		for k := range out {
			body, fm := texts[2*k], texts[2*k+1]
			out[k] = substringSnippet(body, cjk)
			if !strings.Contains(out[k], "<mark>") && fm != "" {
				if alt := substringSnippet(fm, cjk); strings.Contains(alt, "<mark>") {
					out[k] = alt
				}
			}
		}
		return out, nil
	}
	windows := make([]string, len(texts))
	for i, t := range texts {
		windows[i] = headlineWindowOf(t, lexemes, headlineWindow)
	}
	rows, err := s.db().QueryContext(ctx, `
		SELECT u.i, ts_headline('sb_simple',
		    replace(replace(replace(u.t, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
		    $2::tsquery, 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')
		FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i)`, windows, tsq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	heads := make([]string, len(texts))
	for rows.Next() {
		var i int
		var h string
		if err := rows.Scan(&i, &h); err != nil {
			return nil, err
		}
		if i >= 1 && i <= len(heads) {
			heads[i-1] = h
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for k := range out {
		out[k] = heads[2*k]
		if fm := heads[2*k+1]; !strings.Contains(out[k], "<mark>") && strings.Contains(fm, "<mark>") {
			out[k] = fm
		}
	}
	return out, nil
}

// explain fills the Why of the word matches: which query terms the title
// and the body hold, the rarest first.
func (s *Searcher) explain(ctx context.Context, hits []backend.SearchHit, p *searchPlan) error {
	var ids []string
	for _, h := range hits {
		if h.Why == "" {
			ids = append(ids, h.ID.String())
		}
	}
	if len(ids) == 0 || len(p.terms) == 0 {
		return nil
	}
	weight := map[string]float64{}
	lex := make([]string, len(p.terms))
	for i, t := range p.terms {
		lex[i], weight[t.lexeme] = t.lexeme, t.weight
	}
	rows, err := s.db().QueryContext(ctx, `SELECT s.note_id,
		  ARRAY(SELECT u.lexeme FROM unnest(ts_filter(setweight(s.title_vec, 'A', $2::text[]), '{a}')) AS u),
		  ARRAY(SELECT u.lexeme FROM unnest(ts_filter(setweight(s.body_vec, 'A', $2::text[]), '{a}')) AS u)
		FROM note_search AS s WHERE s.note_id = ANY($1::uuid[])`, ids, lex)
	if err != nil {
		return err
	}
	defer rows.Close()
	whys := map[uuid.UUID]string{}
	for rows.Next() {
		var id uuid.UUID
		var tt, bt pgTextArray
		if err := rows.Scan(&id, &tt, &bt); err != nil {
			return err
		}
		for _, a := range [][]string{tt, bt} {
			sort.SliceStable(a, func(i, j int) bool { return weight[a[i]] > weight[a[j]] })
		}
		whys[id] = why(tt, bt)
	}
	for i := range hits {
		if w, ok := whys[hits[i].ID]; ok && hits[i].Why == "" {
			hits[i].Why = w
		}
	}
	return rows.Err()
}

// headlineWindowOf returns the stretch of text, at most size bytes cut
// between words, that holds the most of lexemes (then the most
// occurrences, then the earliest), for ts_headline: its snippet is made of
// the fragments holding the most query words. A word is taken for a
// lexeme as the index folds it (lower case, accents dropped). Without
// lexemes it is the start of text; when no word of text is one of them
// (the match is in a URL, or folds otherwise), the whole text.
func headlineWindowOf(text string, lexemes []string, size int) string {
	if len(text) <= size {
		return text
	}
	if len(lexemes) == 0 {
		return cutBetweenWords(text, 0, size)
	}
	term := make(map[string]int, len(lexemes))
	for i, l := range lexemes {
		term[foldWord(l)] = i
	}
	type match struct{ at, term int }
	var matches []match
	for at := 0; at < len(text); {
		r, n := utf8.DecodeRuneInString(text[at:])
		if !isWordRune(r) {
			at += n
			continue
		}
		end := at + n
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !isWordRune(r) {
				break
			}
			end += n
		}
		if i, ok := term[foldWord(text[at:end])]; ok {
			matches = append(matches, match{at, i})
		}
		at = end
	}
	if len(matches) == 0 {
		return text
	}
	// Each window starts a little before a match; the one holding the
	// most distinct terms, then the most matches, wins.
	lead := min(200, size/4)
	count := make([]int, len(lexemes))
	distinct, best, bestDistinct, bestMatches := 0, 0, -1, -1
	j := 0 // matches[i:j] fall in the window of matches[i]
	for i := range matches {
		start := max(0, matches[i].at-lead)
		for j < len(matches) && matches[j].at < start+size-lead {
			if count[matches[j].term]++; count[matches[j].term] == 1 {
				distinct++
			}
			j++
		}
		if distinct > bestDistinct || distinct == bestDistinct && j-i > bestMatches {
			best, bestDistinct, bestMatches = start, distinct, j-i
		}
		if count[matches[i].term]--; count[matches[i].term] == 0 {
			distinct--
		}
	}
	return cutBetweenWords(text, best, size)
}

// cutBetweenWords returns at most size bytes of text from about start,
// moving both ends to a space so that no word (nor character) is cut.
func cutBetweenWords(text string, start, size int) string {
	end := min(len(text), start+size)
	if start > 0 {
		if i := strings.IndexAny(text[start:end], " \n\t"); i >= 0 {
			start += i + 1
		}
	}
	if end < len(text) {
		if i := strings.LastIndexAny(text[start:end], " \n\t"); i >= 0 {
			end = start + i
		}
	}
	return strings.ToValidUTF8(text[start:end], "")
}

// isWordRune reports whether r is part of a word for headlineWindowOf.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// foldWord folds a word as the index does (sb_fold: lower case, accents
// dropped).
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// substringSnippet cuts a window of text around the first of needles (for
// CJK text, which ts_headline cannot split into words) and marks every
// needle in it, escaping the rest.
func substringSnippet(text string, needles []string) string {
	rs := []rune(text)
	lower := []rune(strings.ToLower(text))
	if len(lower) != len(rs) {
		lower = rs
	}
	first := -1
	for _, n := range needles {
		if i := runeIndex(lower, []rune(strings.ToLower(n))); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	start, end := 0, len(rs)
	if first >= 0 {
		start = max(0, first-40)
	}
	end = min(len(rs), start+160)
	// Cut between characters as a reader sees them, not inside one: never
	// before a combining mark, a joiner, a variation selector or a Hangul
	// vowel or final consonant jamo.
	for start > 0 && continuesCharacter(rs[start]) {
		start--
	}
	for end < len(rs) && continuesCharacter(rs[end]) {
		end++
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	for i := start; i < end; {
		matched := 0
		for _, n := range needles {
			nr := []rune(strings.ToLower(n))
			if len(nr) > 0 && i+len(nr) <= len(lower) && string(lower[i:i+len(nr)]) == string(nr) {
				matched = len(nr)
				break
			}
		}
		if matched > 0 {
			b.WriteString("<mark>" + html.EscapeString(string(rs[i:i+matched])) + "</mark>")
			i += matched
			continue
		}
		b.WriteString(html.EscapeString(string(rs[i])))
		i++
	}
	if end < len(rs) {
		b.WriteString(" …")
	}
	return b.String()
}

// continuesCharacter reports whether r extends the character before it
// (a grapheme cluster continues through it).
func continuesCharacter(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) || r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F) ||
		(r >= 0x1160 && r <= 0x11FF) || (r >= 0xD7B0 && r <= 0xD7FF) || (r >= 0x1F3FB && r <= 0x1F3FF)
}

func runeIndex(hay, needle []rune) int {
	if len(needle) == 0 {
		return -1
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		if string(hay[i:i+len(needle)]) == string(needle) {
			return i
		}
	}
	return -1
}

func isCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

func why(title, body []string) string {
	var parts []string
	if len(title) > 0 {
		parts = append(parts, "title: "+strings.Join(firstN(title, 4), ", "))
	}
	if len(body) > 0 {
		parts = append(parts, "body: "+strings.Join(firstN(body, 4), ", "))
	}
	return strings.Join(parts, "; ")
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// filterSQL holds the validated filters of a search.
type filterSQL struct {
	tags          []string
	folder        string
	props         []backend.PropertyFilter
	after, before time.Time
}

// empty says whether no filter is set.
func (f *filterSQL) empty() bool {
	return len(f.tags) == 0 && f.folder == "" && len(f.props) == 0 && f.after.IsZero() && f.before.IsZero()
}

// why says which filters kept a note, for a search without words.
func (f *filterSQL) why() string {
	var parts []string
	for _, t := range f.tags {
		parts = append(parts, "#"+t)
	}
	if f.folder != "" {
		parts = append(parts, "in "+f.folder+"/")
	}
	for _, p := range f.props {
		parts = append(parts, p.Key+": "+p.Value)
	}
	if !f.after.IsZero() || !f.before.IsZero() {
		parts = append(parts, "updated in the dates asked")
	}
	return strings.Join(parts, ", ")
}

// titlesOnly answers a text without words by the title tier alone: the
// notes whose title or alias it is (or starts it). It finds nothing for an
// exclusion, an invalid or an overlong text.
func (s *Searcher) titlesOnly(ctx context.Context, q backend.SearchQuery, f *filterSQL) ([]backend.SearchHit, error) {
	t := strings.TrimSpace(q.Text)
	if t == "" || strings.HasPrefix(t, "-") || !utf8.ValidString(t) || len(t) > search.MaxQueryBytes {
		return nil, nil
	}
	tier, err := s.titleTier(ctx, tierText(t, search.Query{}), f)
	if err != nil || len(tier) == 0 {
		return nil, err
	}
	hits := withTier(tier, nil, q.Limit)
	return hits, s.describe(ctx, hits, &searchPlan{})
}

// browseSQL lists the live notes the filters (%s, on note_search s) keep,
// the most recently updated first.
const browseSQL = `
SELECT n.id FROM notes AS n JOIN note_search AS s ON s.note_id = n.id
WHERE n.trashed_at IS NULL %s
ORDER BY n.updated_at DESC, n.id
LIMIT $1`

// browse answers a search without words: the notes the filters keep, the
// most recently updated first, with the start of each as its snippet.
func (s *Searcher) browse(ctx context.Context, f *filterSQL, limit int) ([]backend.SearchHit, error) {
	args := []any{limit}
	rows, err := s.db().QueryContext(ctx, fmt.Sprintf(browseSQL, filterAnd(f, &args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	why := f.why()
	var hits []backend.SearchHit
	for rows.Next() {
		h := backend.SearchHit{Why: why}
		if err := rows.Scan(&h.ID); err != nil {
			return nil, err
		}
		h.Score = float64(limit - len(hits))
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return hits, s.describe(ctx, hits, &searchPlan{})
}

func (f *filterSQL) build(q backend.SearchQuery) error {
	for _, t := range q.Tags {
		t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#"))
		if t == "" {
			return backend.Errorf(backend.EINVALID, "a tag filter is empty")
		}
		f.tags = append(f.tags, t)
	}
	f.folder = strings.Trim(strings.TrimSpace(q.Folder), "/")
	for _, p := range q.Properties {
		if strings.TrimSpace(p.Key) == "" {
			return backend.Errorf(backend.EINVALID, "a property filter has no key")
		}
		f.props = append(f.props, p)
	}
	f.after, f.before = q.UpdatedAfter, q.UpdatedBefore
	if !f.after.IsZero() && !f.before.IsZero() && !f.after.Before(f.before) {
		return backend.Errorf(backend.EINVALID, "the date range is empty: %s is not before %s",
			f.after.Format(time.RFC3339), f.before.Format(time.RFC3339))
	}
	return nil
}

// sql returns the filters' conditions on note_search s, appending their arguments.
func (f *filterSQL) sql(args *[]any) []string {
	arg := func(v any) string {
		*args = append(*args, v)
		return fmt.Sprintf("$%d", len(*args))
	}
	var out []string
	for _, t := range f.tags {
		out = append(out, fmt.Sprintf(`EXISTS (SELECT 1 FROM note_tags AS nt JOIN tags AS tg ON tg.id = nt.tag_id
			WHERE nt.note_id = s.note_id AND (tg.name = %s OR tg.name LIKE %s))`, arg(t), arg(likeEscape(t)+"/%")))
	}
	if f.folder != "" || !f.after.IsZero() || !f.before.IsZero() {
		var conds []string
		if f.folder != "" {
			conds = append(conds, "n.path_key LIKE "+arg(likeEscape(strings.ToLower(f.folder))+"/%"))
		}
		if !f.after.IsZero() {
			conds = append(conds, "n.updated_at >= "+arg(f.after))
		}
		if !f.before.IsZero() {
			conds = append(conds, "n.updated_at < "+arg(f.before))
		}
		out = append(out, "EXISTS (SELECT 1 FROM notes AS n WHERE n.id = s.note_id AND "+strings.Join(conds, " AND ")+")")
	}
	for _, p := range f.props {
		str, _ := json.Marshal(p.Value)
		arr, _ := json.Marshal([]string{p.Value})
		k, raw, js, ja := arg(strings.ToLower(strings.TrimSpace(p.Key))), arg(p.Value), arg(string(str)), arg(string(arr))
		out = append(out, fmt.Sprintf(`EXISTS (SELECT 1 FROM properties AS p WHERE p.note_id = s.note_id AND lower(p.key) = %s
			AND (p.value = %s OR p.value = %s OR CASE WHEN left(ltrim(p.value), 1) = '[' THEN p.value::jsonb @> %s::jsonb ELSE false END))`, k, raw, js, ja))
	}
	return out
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// tsLexeme quotes a lexeme for tsquery input.
func tsLexeme(l string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(l, `\`, `\\`), "'", "''") + "'"
}

// pgTextArray scans a text[] column.
type pgTextArray []string

func (a *pgTextArray) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*a = nil
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("lexical: cannot scan %T into a text array", src)
	}
	out, err := parseTextArray(s)
	*a = out
	return err
}

func parseTextArray(s string) ([]string, error) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, fmt.Errorf("lexical: not an array literal: %.40q", s)
	}
	s = s[1 : len(s)-1]
	var out []string
	for i := 0; i < len(s); {
		var b strings.Builder
		if s[i] == '"' {
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
				i++
			}
			i++ // closing quote
		} else {
			for i < len(s) && s[i] != ',' {
				b.WriteByte(s[i])
				i++
			}
		}
		out = append(out, b.String())
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
	return out, nil
}

var _ sql.Scanner = (*pgTextArray)(nil)

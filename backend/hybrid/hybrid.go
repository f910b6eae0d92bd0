// Package hybrid finds notes by meaning and by words: semantic search embeds
// the query and asks the vector index for the nearest chunks, and hybrid
// search fuses that ranking with the lexical one by reciprocal rank fusion.
// It implements backend.Searcher for every mode, delegating lexical
// searches, and falls back to lexical when the embedder is down.
package hybrid

import (
	"context"
	"fmt"
	"html"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/markdown"
	"secondbrain/backend/search"
)

// Fusion says how the lexical and the semantic rankings are fused.
//
// With Alpha == 0 it is reciprocal rank fusion: a note's score is
// Lexical/(K+rank) + Semantic/(K+rank) over the rankings it appears in.
// With Alpha in (0, 1] it is score fusion: each ranking's scores are scaled
// to [0, 1] over its Depth hits (min-max) and a note scores
// Alpha·lexical + (1-Alpha)·semantic, 0 for a ranking it is missing from.
type Fusion struct {
	K        float64
	Lexical  float64
	Semantic float64
	Alpha    float64
	// Depth is how many hits of each ranking are fused.
	Depth int
	// CJKSemantic, LexGap and SemSpread adapt the semantic weight to
	// each query (see shares): CJKSemantic multiplies it for a query in
	// Chinese, Japanese or Korean (0: by words alone).
	CJKSemantic float64
	LexGap      float64
	SemSpread   float64
}

// DefaultFusion was chosen on training queries only, with the built-in
// model (minilm-l6-m2v-256@2; kept for @3, where no point gained beyond
// 0.003): `secondbrain eval --mode all --runs FILE` wrote each query's
// lexical and semantic rankings, and a grid over K 1–60, Semantic 0.15–1,
// LexGap 0–3, SemSpread 0–0.2 and CJKSemantic 0–1 scored Fuse on the
// SciFact training queries (queries-train.jsonl, qrels-train.tsv
// of shared/corpora/relevance: nDCG@10 0.6790 against 0.6711 lexical and
// 0.4538 semantic) and on the odd-numbered queries of the Korean, Chinese
// and Japanese sets of backend/testkit/cjkset (qrels-train.tsv; the even
// ones are held out). The built-in model knows next to nothing of CJK
// scripts (semantic nDCG@10 0.05–0.36 there against 0.82–0.90 lexical) and
// no weight of it helped on every set, so CJK queries go by words alone
// (CJKSemantic 0). The per-query confidence terms barely moved SciFact
// (+0.0002) with this model; they are kept small. A stronger or
// multilingual model should be tuned again the same way.
var DefaultFusion = Fusion{K: 1, Lexical: 1, Semantic: 0.35, Depth: 50, LexGap: 1, SemSpread: 0.05}

// E5Fusion is the fusion for the multilingual-e5-small model (onnx), chosen
// the same way on training queries only, with `go run
// ./backend/hybrid/fusiontune -slack 0.005` over that model's rankings
// (notes embedded one at a time as passages, queries as queries): the
// SciFact training queries (nDCG@10 0.7187 against 0.6711 lexical and 0.6639
// semantic), the odd queries of the CJK message sets
// (backend/testkit/cjkset), whose queries are pieces cut out of the target's
// text and where meaning scores 0.22–0.57, and of the CJK help-page sets
// (backend/testkit/cjkhelp), whose queries are page titles and where meaning
// is as good as words or better (0.76–0.83). No point of the grid held every
// set's hybrid at its better side: the help sets want meaning at full weight
// on CJK queries, the message sets at none. Kept: the best mean over the
// eight sets among the points within 0.005 of every set's better side.
// Meaning weighs twice the words on English, less when its similarities
// barely fall, and a quarter of that on CJK queries.
var E5Fusion = Fusion{K: 2, Lexical: 1, Semantic: 2, Depth: 50, LexGap: 0, SemSpread: 0.05, CJKSemantic: 0.25}

// BGEFusion is the fusion for the bge-small-en-v1.5 model (onnx), chosen
// the same way (`go run ./backend/hybrid/fusiontune -slack 0.002` over its
// rankings, training queries only). On the SciFact training queries its
// meaning alone beats words (nDCG@10 0.7454 against 0.6711), and fused
// with meaning at twice the words' weight hybrid reaches 0.7666. The model
// knows English only (semantic 0.02–0.13 on the CJK sets), so CJK queries
// go by words alone; Semantic 3 and 4 scored lower.
var BGEFusion = Fusion{K: 2, Lexical: 1, Semantic: 2, Depth: 50, LexGap: 1, SemSpread: 0.05, CJKSemantic: 0}

// RankedSearcher is a lexical searcher that ranks its hits first and
// describes them (title, path, time, snippet, why) on demand, so that a
// hybrid search describes only the word hits fusion keeps
// (lexical.Searcher).
type RankedSearcher interface {
	SearchRanked(ctx context.Context, q backend.SearchQuery) ([]backend.SearchHit, func(context.Context, []backend.SearchHit) error, error)
}

// Searcher answers lexical, semantic and hybrid searches.
type Searcher struct {
	Lexical backend.Searcher
	Chunks  backend.ChunkStore
	Embed   backend.Embedder
	Index   backend.VectorIndex
	Fusion  Fusion
	// Ready, when set, runs before a semantic search (the CLI catches the
	// indexer up with it).
	Ready func(ctx context.Context) error
}

var _ backend.Searcher = (*Searcher)(nil)

// Search runs q in its mode. Semantic search takes the Tags and Folder
// filters; other filters are EINVALID in semantic mode. A hybrid search whose
// semantic half is unavailable returns the lexical hits, and says so in Why.
func (s *Searcher) Search(ctx context.Context, q backend.SearchQuery) ([]backend.SearchHit, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if strings.TrimSpace(q.Text) == "" && (q.Mode == backend.SearchSemantic || q.Mode == backend.SearchHybrid) {
		// No words: the filters' notes, newest first, which is lexical's
		// answer (EINVALID without a filter).
		q.Mode = backend.SearchLexical
	}
	switch q.Mode {
	case "", backend.SearchLexical:
		return s.Lexical.Search(ctx, q)
	case backend.SearchSemantic:
		if len(q.Properties) > 0 || !q.UpdatedAfter.IsZero() || !q.UpdatedBefore.IsZero() {
			return nil, backend.Errorf(backend.EINVALID, "semantic search filters by tag and folder only; use --mode hybrid or lexical for the other filters")
		}
		hits, err := s.semantic(ctx, q, q.Limit)
		if err != nil && fallBack(q, err) {
			return s.lexicalOnly(ctx, q, err)
		}
		return hits, err
	case backend.SearchHybrid:
		return s.hybrid(ctx, q)
	}
	return nil, backend.Errorf(backend.EINVALID, "unknown search mode %q; use lexical, semantic or hybrid", q.Mode)
}

// fallBack says whether a search whose semantic half failed with err
// answers by words alone: when the embedder or the vector server is down,
// unless the query is strict.
func fallBack(q backend.SearchQuery, err error) bool {
	code := backend.ErrorCode(err)
	return !q.Strict && code != backend.EINVALID && code != backend.ECANCELED
}

// lexicalOnly answers a semantic search by words, saying why.
func (s *Searcher) lexicalOnly(ctx context.Context, q backend.SearchQuery, semErr error) ([]backend.SearchHit, error) {
	lq := q
	lq.Mode = backend.SearchLexical
	lex, err := s.Lexical.Search(ctx, lq)
	if err != nil {
		return nil, err
	}
	return sayLexicalOnly(lex, semErr), nil
}

// sayLexicalOnly notes on every hit that meaning was not searched and why.
// The reason goes through backend.Redact: it may name a configured server.
func sayLexicalOnly(hits []backend.SearchHit, semErr error) []backend.SearchHit {
	reason := backend.Redact(backend.ErrorMessage(semErr))
	for i := range hits {
		hits[i].Why = strings.TrimPrefix(hits[i].Why+"; ", "; ") + "lexical only: " + reason
	}
	return hits
}

// queryText is the text to embed: the query without its operators and
// without excluded words.
func queryText(text string) (string, []string, error) {
	pq, err := search.Parse(text, false)
	if t := strings.TrimSpace(text); (err != nil || !pq.Positive()) && utf8.ValidString(t) && t != "" &&
		len(t) <= search.MaxQueryBytes && !strings.HasPrefix(t, "-") {
		// Symbols and emoji only: no word for the lexical side, but the
		// model may still know them.
		return t, nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	if !pq.Positive() {
		return "", nil, backend.Errorf(backend.EINVALID, "the query has no word to look for")
	}
	terms := append(append([]string{}, pq.Words...), pq.Phrases...)
	return strings.Join(terms, " "), terms, nil
}

// semantic returns up to limit notes by the similarity of their best chunk.
func (s *Searcher) semantic(ctx context.Context, q backend.SearchQuery, limit int) ([]backend.SearchHit, error) {
	text, terms, err := queryText(q.Text)
	if err != nil {
		return nil, err
	}
	if s.Embed == nil || s.Index == nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "semantic search is not set up")
	}
	if s.Ready != nil {
		if err := s.Ready(ctx); err != nil {
			return nil, err
		}
	}
	vecs, err := backend.EmbedQueries(ctx, s.Embed, []string{text})
	if err != nil {
		return nil, err
	}
	if len(vecs) != 1 || isZero(vecs[0]) {
		return nil, nil // no word the model knows
	}
	f := backend.VectorFilter{Folder: q.Folder}
	for _, t := range q.Tags {
		f.Tags = append(f.Tags, strings.ToLower(strings.TrimPrefix(t, "#")))
	}
	// Several chunks of one note may come first: ask for more.
	chunkHits, err := s.Index.Search(ctx, vecs[0], 4*limit+16, f)
	if err != nil {
		return nil, err
	}
	var order []uuid.UUID
	byNote := map[uuid.UUID]backend.VectorHit{}
	for _, h := range chunkHits {
		if _, ok := byNote[h.NoteID]; ok {
			continue
		}
		byNote[h.NoteID] = h
		order = append(order, h.NoteID)
		if len(order) == limit {
			break
		}
	}
	ids := make([]uuid.UUID, len(order))
	for i, n := range order {
		ids[i] = byNote[n].ID
	}
	rows, err := s.Chunks.ChunkHits(ctx, ids)
	if err != nil {
		return nil, err
	}
	byChunk := make(map[uuid.UUID]backend.ChunkHit, len(rows))
	for _, r := range rows {
		byChunk[r.ID] = r
	}
	out := make([]backend.SearchHit, 0, len(order))
	for _, n := range order {
		vh := byNote[n]
		c, ok := byChunk[vh.ID]
		if !ok {
			continue // trashed since it was indexed
		}
		why := fmt.Sprintf("meaning: %.2f similar", vh.Score)
		if c.Heading != "" {
			why += " (" + c.Heading + ")"
		}
		out = append(out, backend.SearchHit{ID: c.NoteID, Title: c.Title, Path: c.Path, UpdatedAt: c.UpdatedAt,
			Score: float64(vh.Score), Snippet: snippet(c, terms), Why: why})
	}
	return out, nil
}

// hybrid fuses the lexical and the semantic rankings.
func (s *Searcher) hybrid(ctx context.Context, q backend.SearchQuery) ([]backend.SearchHit, error) {
	fu := s.Fusion
	if fu.K <= 0 {
		fu = DefaultFusion
	}
	depth := max(fu.Depth, q.Limit)
	var (
		wg             sync.WaitGroup
		lex, sem       []backend.SearchHit
		lexErr, semErr error
	)
	lq := q
	lq.Mode, lq.Limit = backend.SearchLexical, depth
	// Meaning weighs nothing for this query (CJK with CJKSemantic 0):
	// do not spend the time asking.
	if fu.CJKSemantic != 0 || !IsCJK(q.Text) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem, semErr = s.semantic(ctx, q, depth)
		}()
	}
	var describe func(context.Context, []backend.SearchHit) error
	if rs, ok := s.Lexical.(RankedSearcher); ok {
		lex, describe, lexErr = rs.SearchRanked(ctx, lq)
	} else {
		lex, lexErr = s.Lexical.Search(ctx, lq)
	}
	wg.Wait()
	if lexErr != nil {
		return nil, lexErr
	}
	if semErr != nil {
		if !fallBack(q, semErr) {
			return nil, semErr
		}
		if len(lex) > q.Limit {
			lex = lex[:q.Limit]
		}
		if describe != nil {
			if err := describe(ctx, lex); err != nil {
				return nil, err
			}
		}
		return sayLexicalOnly(lex, semErr), nil
	}
	// Filters semantic search cannot apply keep only notes the lexical side kept.
	filtered := len(q.Properties) > 0 || !q.UpdatedAfter.IsZero() || !q.UpdatedBefore.IsZero()
	list := fu.Fuse(q.Text, lex, sem, filtered)
	if len(list) > q.Limit {
		list = list[:q.Limit]
	}
	if describe != nil {
		// Only the word hits kept are described.
		var kept []backend.SearchHit
		var at []int
		for i, f := range list {
			if f.LexRank > 0 {
				kept, at = append(kept, f.Hit), append(at, i)
			}
		}
		if err := describe(ctx, kept); err != nil {
			return nil, err
		}
		for j, i := range at {
			list[i].Hit = kept[j]
		}
	}
	out := make([]backend.SearchHit, len(list))
	for i, f := range list {
		h := f.Hit
		var why []string
		if f.LexRank > 0 {
			w := f.Hit.Why
			if w == "" {
				w = "words"
			}
			why = append(why, fmt.Sprintf("%s (#%d by words)", w, f.LexRank))
		}
		if f.SemRank > 0 {
			why = append(why, fmt.Sprintf("meaning: %.2f similar (#%d by meaning)", f.SemScore, f.SemRank))
		}
		h.Why, h.Score = strings.Join(why, "; "), f.Score
		out[i] = h
	}
	return out, nil
}

// Fused is one note of a fused ranking.
type Fused struct {
	// Hit is the lexical hit, or the semantic one for a note only meaning found.
	Hit   backend.SearchHit
	Score float64
	// LexRank and SemRank are the note's ranks by words and by meaning
	// from 1, 0 where it is missing; SemScore its similarity.
	LexRank, SemRank int
	SemScore         float64
}

// Fuse merges a lexical and a semantic ranking of the query (each best
// first, cut to fu.Depth by the caller) into one, best first. A note whose
// title or alias is the query (the lexical hit's Tier) stays first, in the
// lexical order; the rest go by fused score. With filtered set, notes only
// the semantic side found are left out (filters it cannot apply).
func (fu Fusion) Fuse(query string, lex, sem []backend.SearchHit, filtered bool) []Fused {
	all := map[uuid.UUID]*Fused{}
	var order []uuid.UUID
	lexShare, semShare := fu.shares(query, lex, sem)
	lexW, semW := rrfWeights(lex, fu.K, lexShare), rrfWeights(sem, fu.K, semShare)
	if fu.Alpha > 0 {
		lexW, semW = minMax(lex, fu.Alpha*lexShare), minMax(sem, (1-fu.Alpha)*semShare)
	}
	for i, h := range lex {
		all[h.ID] = &Fused{Hit: h, Score: lexW[i], LexRank: i + 1}
		order = append(order, h.ID)
	}
	for i, h := range sem {
		f, ok := all[h.ID]
		if !ok {
			if filtered {
				continue
			}
			f = &Fused{Hit: h}
			all[h.ID] = f
			order = append(order, h.ID)
		}
		f.Score += semW[i]
		f.SemRank, f.SemScore = i+1, h.Score
		if f.LexRank == 0 {
			f.Hit.Snippet = h.Snippet
		}
	}
	list := make([]Fused, len(order))
	for i, id := range order {
		list[i] = *all[id]
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Hit.Tier != list[j].Hit.Tier {
			return list[i].Hit.Tier > list[j].Hit.Tier
		}
		if list[i].Hit.Tier != backend.TierNone {
			return list[i].LexRank < list[j].LexRank // the title tier's own order
		}
		if list[i].Score != list[j].Score {
			return list[i].Score > list[j].Score
		}
		return list[i].Hit.ID.String() < list[j].Hit.ID.String()
	})
	return list
}

// rrfWeights is each hit's reciprocal rank fusion share.
func rrfWeights(hits []backend.SearchHit, k, w float64) []float64 {
	out := make([]float64, len(hits))
	for i := range hits {
		out[i] = w / (k + float64(i+1))
	}
	return out
}

// minMax scales the hits' scores to [0, w].
func minMax(hits []backend.SearchHit, w float64) []float64 {
	out := make([]float64, len(hits))
	if len(hits) == 0 {
		return out
	}
	lo, hi := hits[0].Score, hits[0].Score
	for _, h := range hits {
		lo, hi = min(lo, h.Score), max(hi, h.Score)
	}
	for i, h := range hits {
		if hi == lo {
			out[i] = w
		} else {
			out[i] = w * (h.Score - lo) / (hi - lo)
		}
	}
	return out
}

// snippet is the start of the chunk's body as plain text (title and
// heading lines left out, link syntax gone), HTML-escaped, with the
// query's words marked.
func snippet(c backend.ChunkHit, terms []string) string {
	body := c.Text
	for _, prefix := range []string{c.Title + "\n", c.Heading + "\n"} {
		if prefix != "\n" {
			body = strings.TrimPrefix(body, prefix)
		}
	}
	body, _ = markdown.PlainText([]byte(body)) // the text as read: no link syntax
	body = strings.Join(strings.Fields(body), " ")
	if len(body) > 240 {
		cut := 240
		for cut > 0 && !utf8.RuneStart(body[cut]) {
			cut--
		}
		body = body[:cut] + "…"
	}
	return mark(body, terms)
}

// stopWords are words a meaning snippet does not mark: they say nothing
// of why the note matched ("the", "of", "is"…), in English and the other
// languages the notes of this app's users are most often written in.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the of in on at to for with by from and or but nor not no is are was were be been
		being am it its it's this that these those as than then there their they them we our us you your he she
		his her him i me my do does did done has have had can could may might will would shall should into onto
		over under about after before so if what which who whom whose when where why how all any some such
		very just also only own same too more most other each both few again off out up down here
		der die das und oder ist sind ein eine einen dem den des zu mit von im auf für nicht
		el la los las un una y o es son de del en con por para que se lo al
		le les des du et est une au aux pour dans sur pas qui`) {
		m[w] = true
	}
	return m
}()

// mark escapes s and wraps the whole-word, case-insensitive matches of
// terms in <mark>, stop words left out.
func mark(s string, terms []string) string {
	lower := strings.ToLower(s)
	type span struct{ a, b int }
	var spans []span
	for _, t := range terms {
		for _, w := range strings.Fields(strings.ToLower(t)) {
			if len(w) < 2 || stopWords[w] {
				continue
			}
			for off := 0; ; {
				i := strings.Index(lower[off:], w)
				if i < 0 {
					break
				}
				a, b := off+i, off+i+len(w)
				if (a == 0 || !isWordByte(lower[a-1])) && (b == len(lower) || !isWordByte(lower[b])) {
					spans = append(spans, span{a, b})
				}
				off = b
			}
		}
	}
	if len(spans) == 0 || len(lower) != len(s) {
		return html.EscapeString(s)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].a < spans[j].a })
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.a < last {
			continue
		}
		b.WriteString(html.EscapeString(s[last:sp.a]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s[sp.a:sp.b]))
		b.WriteString("</mark>")
		last = sp.b
	}
	b.WriteString(html.EscapeString(s[last:]))
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

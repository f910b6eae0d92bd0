package lexical

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/search"
)

// The title tier. A search whose whole text is a note's title or alias
// (case and accents ignored) puts that note first, whatever BM25 says of
// its body: a short note named "Flancia" would otherwise rank below long
// notes that say "flancia" fifty times. After the exact matches come the
// titles and aliases starting with the text (shortest first), and, when no
// title or alias holds the text exactly or as a prefix, the titles that are
// the text with a typo (edit distance, transpositions counted once). Every
// filter of the search applies to the tier too.
const (
	// tierExactMax, tierPrefixMax and tierTypoMax cap the notes each
	// kind puts before the ranked hits.
	tierExactMax  = 20
	tierPrefixMax = 5
	tierTypoMax   = 3
	// tierPrefixRunes is the shortest text that counts as a title's
	// prefix (any length of Chinese, Japanese or Korean text does).
	tierPrefixRunes = 3
	// tierTypoRunes is the shortest text forgiven a typo;
	// tierTypoMaxRunes and tierTypoMaxWords the longest: titles are short,
	// and a long text's trigrams would make the similarity scan costly.
	tierTypoRunes    = 4
	tierTypoMaxRunes = 100
	tierTypoMaxWords = 10
	// tierTypoCandidates is how many titles, by trigram similarity, are
	// measured by edit distance.
	tierTypoCandidates = 50
	// tierTypoSimilarity is the trigram similarity a title needs to be
	// measured (one typo in a five-letter word leaves about 0.33).
	tierTypoSimilarity = 0.25
)

// tierSQL reads the titles and aliases that are the folded text $1 or start
// with it ($2 is the LIKE pattern; $3 says whether prefixes count). %s are
// the filters' conditions on note_search s.
const tierSQL = `
SELECT s.note_id, s.title_fold, n.title, ''::text AS alias FROM note_search AS s
JOIN notes AS n ON n.id = s.note_id
WHERE (s.title_fold = $1 OR ($3 AND s.title_fold LIKE $2)) %[1]s
ORDER BY s.title_fold <> $1, length(s.title_fold), s.title_fold, s.note_id
LIMIT 200`

// tierAliasSQL reads the aliases whose lower-cased name starts with $1 (a
// LIKE pattern); the folded comparison is made in Go.
const tierAliasSQL = `
SELECT a.note_id, sb_fold(a.name), a.name, a.name FROM aliases AS a
JOIN note_search AS s ON s.note_id = a.note_id
WHERE a.name_key LIKE $1 %[1]s
ORDER BY length(a.name), a.name_key, a.note_id
LIMIT 200`

// tierTypoPatternRunes is the longest text whose typos are also looked
// for by their LIKE patterns (tierPatternSQL): a typo in a short word
// leaves too few trigrams in common for the similarity to find it.
const tierTypoPatternRunes = 8

// tierPatternSQL reads the titles matching one of the LIKE patterns %[2]s.
const tierPatternSQL = `
SELECT s.note_id, s.title_fold FROM note_search AS s
WHERE (%[2]s) %[1]s
LIMIT 200`

// tierTypoSQL reads the titles most like the folded text $1 by trigrams,
// among those $3 to $4 characters long (a title within a few edits of the
// text is within that many characters of its length, spaces collapsed; the
// window also admits a stray double space or two).
const tierTypoSQL = `
SELECT s.note_id, s.title_fold FROM note_search AS s
WHERE s.title_fold %% $1 AND char_length(s.title_fold) BETWEEN $3 AND $4 %[1]s
ORDER BY similarity(s.title_fold, $1) DESC, s.note_id
LIMIT $2`

// tierText is the text the title tier compares with titles: the search text
// without quotes and a trailing prefix star, its spaces collapsed; "" when
// the query excludes words (a title match would not say the note lacks
// them).
func tierText(text string, pq search.Query) string {
	if len(pq.Excluded) > 0 {
		return ""
	}
	text = strings.ReplaceAll(text, `"`, " ")
	text = strings.TrimRight(strings.TrimSpace(text), "*")
	return strings.Join(strings.Fields(text), " ")
}

// tierHit is a note the title tier found.
type tierHit struct {
	id    uuid.UUID
	tier  backend.TitleTier
	runes int    // length of the name that matched
	fold  string // the folded name that matched
	alias string // the alias that matched, "" for the title
	dist  int    // edit distance, for typos
	// off says how far the match is from the text as typed: 0 the same,
	// 1 in another letter case, 2 with other accents (for a prefix, 0 or
	// 2).
	off int
}

// titleTier returns the notes the title tier puts first, best first.
func (s *Searcher) titleTier(ctx context.Context, text string, f *filterSQL) ([]tierHit, error) {
	if text == "" {
		return nil, nil
	}
	var fold string
	if err := s.db().QueryRowContext(ctx, `SELECT sb_fold($1)`, text).Scan(&fold); err != nil {
		return nil, err
	}
	fold = strings.Join(strings.Fields(fold), " ")
	runes := utf8.RuneCountInString(fold)
	if runes == 0 {
		return nil, nil
	}
	prefixes := runes >= tierPrefixRunes || isCJK(fold)
	best := map[uuid.UUID]*tierHit{}
	offer := func(h tierHit) {
		if b, ok := best[h.id]; !ok || h.tier > b.tier || h.tier == b.tier && (h.off < b.off || h.off == b.off && h.runes < b.runes) {
			best[h.id] = &h
		}
	}
	read := func(query string, args ...any) error {
		query = fmt.Sprintf(query, filterAnd(f, &args))
		rows, err := s.db().QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h tierHit
			var name string
			if err := rows.Scan(&h.id, &h.fold, &name, &h.alias); err != nil {
				return err
			}
			h.fold = strings.Join(strings.Fields(h.fold), " ")
			switch {
			case h.fold == fold:
				h.tier = backend.TierExact
				name = strings.Join(strings.Fields(name), " ")
				switch {
				case name == text:
				case strings.EqualFold(name, text):
					h.off = 1
				default:
					h.off = 2
				}
			case prefixes && strings.HasPrefix(h.fold, fold):
				h.tier = backend.TierPrefix
				if !strings.HasPrefix(strings.ToLower(strings.Join(strings.Fields(name), " ")), strings.ToLower(text)) {
					h.off = 2 // only with other accents
				}
			default:
				continue
			}
			h.runes = utf8.RuneCountInString(h.fold)
			offer(h)
		}
		return rows.Err()
	}
	if err := read(tierSQL, fold, likeEscape(fold)+"%", prefixes); err != nil {
		return nil, err
	}
	if err := read(tierAliasSQL, likeEscape(strings.ToLower(text))+"%"); err != nil {
		return nil, err
	}
	if len(best) == 0 && runes >= tierTypoRunes && runes <= tierTypoMaxRunes &&
		len(strings.Fields(fold)) <= tierTypoMaxWords && !isCJK(fold) {
		typos, err := s.tierTypos(ctx, fold, f)
		if err != nil {
			return nil, err
		}
		for _, h := range typos {
			offer(h)
		}
	}
	out := make([]tierHit, 0, len(best))
	for _, h := range best {
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.tier != b.tier {
			return a.tier > b.tier
		}
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		if a.off != b.off {
			return a.off < b.off
		}
		if a.runes != b.runes {
			return a.runes < b.runes
		}
		if (a.alias == "") != (b.alias == "") {
			return a.alias == "" // the title before an alias
		}
		if a.fold != b.fold {
			return a.fold < b.fold
		}
		return a.id.String() < b.id.String()
	})
	// Cap each kind.
	kept := out[:0]
	count := map[backend.TitleTier]int{}
	caps := map[backend.TitleTier]int{backend.TierExact: tierExactMax, backend.TierPrefix: tierPrefixMax, backend.TierTypo: tierTypoMax}
	for _, h := range out {
		if count[h.tier] < caps[h.tier] {
			count[h.tier]++
			kept = append(kept, h)
		}
	}
	return kept, nil
}

// tierTypos returns the titles that are fold with a typo: within
// maxTypos(fold) edits of it, among the titles most like it by trigrams.
func (s *Searcher) tierTypos(ctx context.Context, fold string, f *filterSQL) ([]tierHit, error) {
	tx, err := s.db().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	limit := maxTypos(fold)
	// The trigram index hands over every title sharing enough of the
	// text's trigrams, and each is measured again: for a text of common
	// words, thousands of titles at the floor of tierTypoSimilarity (30 ms
	// at 100k notes). A title within limit edits of the text is more alike
	// than that floor: see typoTrigrams. Asking for that much hands over
	// a fraction of them, and the same titles within reach.
	var threshold, jit string
	if err := tx.QueryRowContext(ctx, `SELECT set_config('pg_trgm.similarity_threshold', greatest($1::float8,
			(n - $2) / (n + $2) - $3)::text, true), set_config('jit', 'off', true)
		FROM (SELECT coalesce(array_length(show_trgm($4), 1), 0)::float8 AS n) AS t`,
		tierTypoSimilarity, typoTrigrams*limit, typoSlack, fold).Scan(&threshold, &jit); err != nil {
		return nil, err
	}
	q := []rune(fold)
	seen := map[uuid.UUID]bool{}
	var out []tierHit
	read := func(query string, args ...any) error {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(query, filterAnd(f, &args)), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h tierHit
			if err := rows.Scan(&h.id, &h.fold); err != nil {
				return err
			}
			h.fold = strings.Join(strings.Fields(h.fold), " ")
			t := []rune(h.fold)
			if d := editDistance(q, t, limit); d <= limit && !seen[h.id] {
				seen[h.id] = true
				h.tier, h.dist, h.runes = backend.TierTypo, d, len(t)
				out = append(out, h)
			}
		}
		return rows.Err()
	}
	if err := read(tierTypoSQL, fold, tierTypoCandidates, max(0, len(q)-limit), len(q)+limit+2); err != nil {
		return nil, err
	}
	if len(q) <= tierTypoPatternRunes {
		// The driver prepares and caches each statement, and after five
		// runs PostgreSQL may plan a statement once for any parameters:
		// with its LIKE patterns unknown, that generic plan of
		// tierPatternSQL scans every title (200 ms at 100k notes instead
		// of under 1), so each run is planned for its own patterns.
		if _, err := tx.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			return nil, err
		}
		pats := typoPatterns(q)
		args := make([]any, len(pats))
		ors := make([]string, len(pats))
		for i, p := range pats {
			args[i] = p
			ors[i] = fmt.Sprintf("s.title_fold LIKE $%d", i+1)
		}
		query := strings.ReplaceAll(tierPatternSQL, "%[2]s", strings.Join(ors, " OR "))
		if err := read(query, args...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// typoTrigrams is how many of pg_trgm's trigrams one edit (a rune
// inserted, left out or replaced, or two neighbours swapped, letters or
// separators alike) takes away at most, and how many it brings at most:
// pg_trgm makes the trigrams of each word (a run of letters and digits)
// padded with two spaces before and one after, so a rune is in at most
// three of them, two neighbours in at most four, and a separator inserted,
// left out or replaced changes at most the three at the ends of the words
// it parts or joins.
//
// So a text with n trigrams and a title within k edits of it share at
// least n-4k of them, and the title has at most 4k the text lacks: their
// similarity (shared over either's) is at least (n-4k)/(n+4k), which
// tierTypos asks of the titles it measures (less typoSlack, for the
// rounding of pg_trgm's float4). TestTypoSimilarityBound checks the bound
// against PostgreSQL.
const (
	typoTrigrams = 4
	typoSlack    = 0.001
)

// typoPatterns returns the LIKE patterns of the texts one edit away from q:
// a rune left out, two neighbours swapped, a rune replaced or one more
// (the last two as the wildcard _).
func typoPatterns(q []rune) []string {
	esc := func(rs []rune) string {
		var b strings.Builder
		for _, r := range rs {
			switch r {
			case '\\', '%', '_':
				b.WriteRune('\\')
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for i := range q {
		add(esc(q[:i]) + esc(q[i+1:]))       // left out
		add(esc(q[:i]) + "_" + esc(q[i+1:])) // replaced
		add(esc(q[:i]) + "_" + esc(q[i:]))   // one more
		if i+1 < len(q) && q[i] != q[i+1] {  // swapped
			add(esc(q[:i]) + esc([]rune{q[i+1], q[i]}) + esc(q[i+2:]))
		}
	}
	add(esc(q) + "_")
	return out
}

// maxTypos is how many edits a text of that length is forgiven: one up to
// nine letters, two from ten.
func maxTypos(fold string) int {
	n := 0
	for _, r := range fold {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	if n >= 10 {
		return 2
	}
	return 1
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and transpositions of neighbours),
// or limit+1 as soon as it is known to exceed limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			low = min(low, v)
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// filterAnd returns the filters' conditions on note_search s, each after
// AND, appending their arguments.
func filterAnd(f *filterSQL, args *[]any) string {
	var b strings.Builder
	for _, c := range f.sql(args) {
		b.WriteString(" AND ")
		b.WriteString(c)
	}
	return b.String()
}

// tierWhy says why the title tier put a note first.
func tierWhy(h tierHit) string {
	name := "title"
	if h.alias != "" {
		name = fmt.Sprintf("alias %q", h.alias)
	}
	switch h.tier {
	case backend.TierExact:
		return name + " is the query"
	case backend.TierPrefix:
		return name + " starts with the query"
	}
	return name + " is the query with a typo"
}

// withTier puts the title tier's notes before the ranked hits (dropping
// them from there) and keeps the first limit: their scores go above every
// ranked hit's, so Score still orders the hits.
func withTier(tier []tierHit, hits []backend.SearchHit, limit int) []backend.SearchHit {
	if len(tier) == 0 {
		if len(hits) > limit {
			hits = hits[:limit]
		}
		return hits
	}
	top := 0.0
	for _, h := range hits {
		top = math.Max(top, h.Score)
	}
	out := make([]backend.SearchHit, 0, min(limit, len(tier)+len(hits)))
	in := map[uuid.UUID]bool{}
	for i, t := range tier {
		if len(out) == limit {
			break
		}
		out = append(out, backend.SearchHit{ID: t.id, Why: tierWhy(t), Score: top + float64(len(tier)-i), Tier: t.tier})
		in[t.id] = true
	}
	for _, h := range hits {
		if len(out) == limit {
			break
		}
		if !in[h.ID] {
			out = append(out, h)
		}
	}
	return out
}

package evaluation

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Known-item search over titles: every note's title is a query whose
// answer is that note (any note with exactly that title counts, for titles
// repeated across folders), typed in full, as a prefix, and with a typo.

// Kinds of known-item query.
const (
	KnownExact  = "exact"
	KnownPrefix = "prefix"
	KnownTypo   = "typo"
)

// TitledNote is a note of the vault under test.
type TitledNote struct {
	ID    uuid.UUID
	Title string
}

// KnownItem is one known-item query.
type KnownItem struct {
	Kind  string
	Query string
	Title string // the title the query comes from
	Want  []uuid.UUID
	// Ambiguous says that another title also starts with a prefix query
	// (case ignored): no ranking can put both first.
	Ambiguous bool
}

// KnownItems makes the queries for every distinct title of notes: the
// title itself; for titles of six runes or more, its first half (at least
// three runes); for titles of five letters or more, the title with its two
// middle letters swapped (or, when they are alike, the middle one
// replaced).
func KnownItems(notes []TitledNote) []KnownItem {
	byTitle := map[string][]uuid.UUID{}
	var titles []string
	for _, n := range notes {
		if _, ok := byTitle[n.Title]; !ok {
			titles = append(titles, n.Title)
		}
		byTitle[n.Title] = append(byTitle[n.Title], n.ID)
	}
	sort.Strings(titles)
	lower := make([]string, 0, len(titles))
	for _, t := range titles {
		lower = append(lower, strings.ToLower(t))
	}
	sort.Strings(lower)
	// othersWith says whether a title other than t starts with p.
	othersWith := func(p, t string) bool {
		p, t = strings.ToLower(p), strings.ToLower(t)
		for i := sort.SearchStrings(lower, p); i < len(lower) && strings.HasPrefix(lower[i], p); i++ {
			if lower[i] != t {
				return true
			}
		}
		return false
	}
	var out []KnownItem
	for _, t := range titles {
		want := byTitle[t]
		out = append(out, KnownItem{Kind: KnownExact, Query: t, Title: t, Want: want})
		if p := titlePrefix(t); p != "" {
			out = append(out, KnownItem{Kind: KnownPrefix, Query: p, Title: t, Want: want, Ambiguous: othersWith(p, t)})
		}
		if ty := titleTypo(t); ty != "" {
			out = append(out, KnownItem{Kind: KnownTypo, Query: ty, Title: t, Want: want})
		}
	}
	return out
}

// titlePrefix is the first half of t (rounded up, at least three runes,
// trailing spaces cut), or "" for a title under six runes.
func titlePrefix(t string) string {
	rs := []rune(t)
	if len(rs) < 6 {
		return ""
	}
	n := max(3, (len(rs)+1)/2)
	p := []rune(string(rs[:n]))
	for len(p) > 0 && unicode.IsSpace(p[len(p)-1]) {
		p = p[:len(p)-1]
	}
	return string(p)
}

// titleTypo is t with a typo in its middle letter, or "" for a title with
// fewer than five letters.
func titleTypo(t string) string {
	rs := []rune(t)
	var letters []int
	for i, r := range rs {
		if unicode.IsLetter(r) {
			letters = append(letters, i)
		}
	}
	if len(letters) < 5 {
		return ""
	}
	k := len(letters) / 2
	i, j := letters[k-1], letters[k]
	if j == i+1 && unicode.ToLower(rs[i]) != unicode.ToLower(rs[j]) {
		rs[i], rs[j] = rs[j], rs[i]
		return string(rs)
	}
	if unicode.ToLower(rs[j]) == 'x' {
		rs[j] = 'q'
	} else {
		rs[j] = 'x'
	}
	return string(rs)
}

// KnownScores are the scores of one kind of known-item query.
type KnownScores struct {
	Queries int `json:"queries"`
	// Unsearchable counts the queries the search refused (EINVALID: no
	// word to look for, such as the title "..."); they count as misses.
	Unsearchable int     `json:"unsearchable"`
	MRR10        float64 `json:"mrr_at_10"`
	Top1         float64 `json:"top1"`
	Top10        float64 `json:"top10"`
	// Unambiguous scores the queries only one title fits (for prefixes:
	// no other title starts with the query); nil when all are.
	Unambiguous *KnownScores `json:"unambiguous,omitempty"`
}

// add counts one query found at rank (0: not in the first ten).
func (s *KnownScores) add(rank int, refused bool) {
	s.Queries++
	if refused {
		s.Unsearchable++
	}
	if rank > 0 {
		s.MRR10 += 1 / float64(rank)
		s.Top10++
	}
	if rank == 1 {
		s.Top1++
	}
}

// finish turns the sums into means.
func (s *KnownScores) finish() {
	if s.Queries > 0 {
		n := float64(s.Queries)
		s.MRR10, s.Top1, s.Top10 = s.MRR10/n, s.Top1/n, s.Top10/n
	}
	if s.Unambiguous != nil {
		s.Unambiguous.finish()
	}
}

// KnownMiss is a query whose note did not come first (ambiguous prefixes
// are not listed).
type KnownMiss struct {
	Kind  string `json:"kind"`
	Query string `json:"query"`
	Title string `json:"title"`
	// Rank is the first wanted note's rank, 0 when not in the first ten.
	Rank  int    `json:"rank"`
	First string `json:"first"` // the first hit's title
}

// KnownReport is the result of a known-item run; its JSON is the CLI's
// `eval --titles --json`.
type KnownReport struct {
	Mode   backend.SearchMode `json:"mode"`
	Vault  string             `json:"vault"`
	Notes  int                `json:"notes"`
	Titles int                `json:"titles"`
	Exact  KnownScores        `json:"exact"`
	Prefix KnownScores        `json:"prefix"`
	Typo   KnownScores        `json:"typo"`
	// Misses lists up to MaxMisses queries of each kind whose note did
	// not come first, in title order.
	Misses     []KnownMiss `json:"misses"`
	ImportMS   int64       `json:"import_ms"`
	SearchMS   int64       `json:"search_ms"`
	DurationMS int64       `json:"duration_ms"`
}

// MaxMisses is how many misses of each kind a KnownReport lists.
const MaxMisses = 25

// RunKnownItems runs every query through search (asking for ten hits) with
// workers at once and scores them. titles names the notes, for the misses.
func RunKnownItems(ctx context.Context, items []KnownItem, titles map[uuid.UUID]string, search SearchFunc, workers int) (*KnownReport, error) {
	if workers <= 0 {
		workers = 4
	}
	start := time.Now()
	type result struct {
		rank   int // 1-based, 0: not in the first ten
		first  string
		refuse bool
	}
	results := make([]result, len(items))
	var mu sync.Mutex
	err := parallel(ctx, len(items), workers, func(i int) error {
		it := items[i]
		ids, err := search(ctx, it.Query, 10)
		var r result
		switch {
		case backend.ErrorCode(err) == backend.EINVALID:
			r.refuse = true
		case err != nil:
			return fmt.Errorf("search: %s query %q: %w", it.Kind, it.Query, err)
		}
		want := map[uuid.UUID]bool{}
		for _, id := range it.Want {
			want[id] = true
		}
		for k, id := range ids {
			if k == 10 {
				break
			}
			if want[id] {
				r.rank = k + 1
				break
			}
		}
		if len(ids) > 0 {
			r.first = titles[ids[0]]
		}
		mu.Lock()
		results[i] = r
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := &KnownReport{Misses: []KnownMiss{}, SearchMS: time.Since(start).Milliseconds()}
	scores := map[string]*KnownScores{KnownExact: &rep.Exact, KnownPrefix: &rep.Prefix, KnownTypo: &rep.Typo}
	misses := map[string]int{}
	distinct := map[string]bool{}
	for i, it := range items {
		distinct[it.Title] = true
		s, r := scores[it.Kind], results[i]
		s.add(r.rank, r.refuse)
		if it.Kind == KnownPrefix {
			if s.Unambiguous == nil {
				s.Unambiguous = &KnownScores{}
			}
			if !it.Ambiguous {
				s.Unambiguous.add(r.rank, r.refuse)
			}
		}
		if r.rank != 1 && misses[it.Kind] < MaxMisses && !it.Ambiguous {
			misses[it.Kind]++
			rep.Misses = append(rep.Misses, KnownMiss{Kind: it.Kind, Query: it.Query, Title: it.Title, Rank: r.rank, First: r.first})
		}
	}
	for _, s := range scores {
		s.finish()
	}
	rep.Titles = len(distinct)
	return rep, nil
}

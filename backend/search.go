package backend

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// SearchMode says how a search finds notes.
type SearchMode string

const (
	// SearchLexical finds notes by their words: full text with BM25 ranking,
	// prefixes and typo-tolerant titles.
	SearchLexical SearchMode = "lexical"
)

// SearchQuery is what the user searches for.
//
// Text holds words (any of them may match; notes holding more of the rarer
// ones rank first), "quoted phrases" (required), -excluded words or
// -"phrases", and word* for a prefix. Words are matched without accents and
// case; Chinese, Japanese and Korean text is matched by character bigrams.
type SearchQuery struct {
	Text string
	Mode SearchMode
	// Limit is the most hits returned; 0 means 20.
	Limit int
	// Prefix treats the last word as a prefix, for search as you type.
	Prefix bool
	// Tags keeps notes carrying every one of these tags (a nested tag "a/b"
	// counts as "a"), case-insensitively, without the leading #.
	Tags []string
	// Folder keeps notes inside this folder of the vault or its subfolders.
	Folder string
	// Properties keeps notes whose front matter has every key with the value
	// (or, for a list, holding the value).
	Properties []PropertyFilter
	// UpdatedAfter and UpdatedBefore keep notes updated at or after, and
	// before, these times; zero times do not filter.
	UpdatedAfter  time.Time
	UpdatedBefore time.Time
	// Strict fails a semantic or hybrid search whose semantic half is
	// unavailable (the embedder or the vector server is down) instead of
	// answering by words alone; the eval command sets it, so that a score
	// is never a fallback's.
	Strict bool
}

// PropertyFilter matches one front-matter property.
type PropertyFilter struct {
	Key   string
	Value string
}

// SearchHit is one note found, best first.
type SearchHit struct {
	ID        uuid.UUID
	Title     string
	Path      string
	UpdatedAt time.Time
	// Score orders the hits; it is comparable only within one search.
	Score float64
	// Snippet is HTML: the note's text escaped, with the matches inside
	// <mark>…</mark>. No other markup appears in it.
	Snippet string
	// Why says in a few words why the note matched, e.g. "title: cafe; body: menu".
	Why string
	// Tier says how the note's title or one of its aliases matched the
	// query as a whole: TierExact, TierPrefix or TierTypo; TierNone for
	// the other hits. A higher tier ranks first whatever the scores, in
	// lexical and in hybrid search.
	Tier TitleTier
}

// TitleTier is how a note's title or alias matched a search's whole query.
type TitleTier int

// Title tiers, best last.
const (
	// TierNone: the title did not match the query as a whole.
	TierNone TitleTier = iota
	// TierTypo: the title (with no title or alias holding the query
	// exactly or as a prefix) is the query with a typo or two.
	TierTypo
	// TierPrefix: the title or an alias starts with the query.
	TierPrefix
	// TierExact: the title or an alias is the query (case and accents
	// ignored).
	TierExact
)

// Searcher finds notes.
type Searcher interface {
	// Search returns the live notes matching q, best first: the notes whose
	// title or alias is the query, then those whose title starts with it
	// (or, when none does, is it with a typo), then the rest by rank. A
	// query without text and with a filter (tags, folder, properties,
	// dates) lists the notes the filters keep, the most recently updated
	// first. Returns EINVALID for a query without any word or phrase to
	// look for and without a filter, an unknown mode or a bad filter;
	// EUNAVAILABLE when the store cannot be reached; ECANCELED.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
}

// TitleMatch is a note whose title or alias matches what was typed in the
// quick switcher.
type TitleMatch struct {
	ID    uuid.UUID
	Title string
	Path  string
	// Alias is the alias that matched, "" when the title did.
	Alias string
	// Score orders the matches: exact, then prefix, then word prefix, then
	// substring, then trigram similarity.
	Score float64
}

// TitleFinder finds notes by their titles, for the quick switcher.
type TitleFinder interface {
	// FindTitles returns up to limit live notes whose title or an alias
	// holds text (case and accents ignored), or resembles it, best first.
	// An empty text returns the most recently updated notes. Returns
	// EINVALID for limit < 1.
	FindTitles(ctx context.Context, text string, limit int) ([]TitleMatch, error)
}

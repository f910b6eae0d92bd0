package dto

import (
	"strings"
	"time"

	"secondbrain/backend"
)

// SearchRequest is a search from the search panel.
type SearchRequest struct {
	Text string `json:"text"`
	// Mode is "lexical", "semantic" or "hybrid"; "" means lexical.
	Mode   string   `json:"mode"`
	Limit  int      `json:"limit"`
	Prefix bool     `json:"prefix"`
	Tags   []string `json:"tags"`
	Folder string   `json:"folder"`
	// Type keeps notes of this front-matter type.
	Type string `json:"type"`
	// After and Before are dates (YYYY-MM-DD) or RFC 3339 times; "" for none.
	After  string `json:"after"`
	Before string `json:"before"`
}

// SearchHit is one search result. Snippet is HTML: escaped text with <mark>.
type SearchHit struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Path      string  `json:"path"`
	Score     float64 `json:"score"`
	Snippet   string  `json:"snippet"`
	Why       string  `json:"why"`
	UpdatedAt string  `json:"updated_at"`
}

// TitleMatch is a quick-switcher result.
type TitleMatch struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Path  string `json:"path"`
	Alias string `json:"alias"`
}

// FromHits converts search hits.
func FromHits(hs []backend.SearchHit) []SearchHit {
	out := make([]SearchHit, len(hs))
	for i, h := range hs {
		out[i] = SearchHit{ID: h.ID.String(), Title: h.Title, Path: h.Path, Score: h.Score, Snippet: h.Snippet,
			Why: h.Why, UpdatedAt: h.UpdatedAt.UTC().Format(time.RFC3339Nano)}
	}
	return out
}

// FromTitleMatches converts quick-switcher matches.
func FromTitleMatches(ms []backend.TitleMatch) []TitleMatch {
	out := make([]TitleMatch, len(ms))
	for i, m := range ms {
		out[i] = TitleMatch{ID: m.ID.String(), Title: m.Title, Path: m.Path, Alias: m.Alias}
	}
	return out
}

// ParseDate reads a date filter: YYYY-MM-DD (midnight, local time) or an
// RFC 3339 time; "" is the zero time (no filter).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02", s, time.Local)
}

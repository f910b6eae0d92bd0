package app

import (
	"context"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
)

// SearchAPI is bound to the frontend: the search panel and the quick switcher.
type SearchAPI struct {
	app *App
}

// Search finds notes for the search panel. Errors: invalid (no word to look
// for, a bad filter or date), unavailable.
func (sa *SearchAPI) Search(req dto.SearchRequest) ([]dto.SearchHit, error) {
	q := backend.SearchQuery{Text: req.Text, Mode: backend.SearchMode(req.Mode), Limit: req.Limit, Prefix: req.Prefix,
		Tags: req.Tags, Folder: req.Folder}
	if q.Mode == "" {
		q.Mode = backend.SearchLexical
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	if req.Type != "" {
		q.Properties = append(q.Properties, backend.PropertyFilter{Key: "type", Value: req.Type})
	}
	var err error
	if q.UpdatedAfter, err = dto.ParseDate(req.After); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "%q is not a date: use YYYY-MM-DD", req.After)
	}
	if q.UpdatedBefore, err = dto.ParseDate(req.Before); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "%q is not a date: use YYYY-MM-DD", req.Before)
	}
	return callTo(sa.app, func(ctx context.Context, s *stack.Stack) ([]backend.SearchHit, error) { return s.Search.Search(ctx, q) }, dto.FromHits)
}

// Titles returns the quick switcher's matches for what was typed: titles
// and aliases, prefixes first, typos forgiven; the recent notes for "".
func (sa *SearchAPI) Titles(text string, limit int) ([]dto.TitleMatch, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	return callTo(sa.app, func(ctx context.Context, s *stack.Stack) ([]backend.TitleMatch, error) {
		return s.Titles.FindTitles(ctx, text, limit)
	}, dto.FromTitleMatches)
}

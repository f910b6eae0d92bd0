package cli

import (
	"fmt"
	"strings"
	"time"

	"secondbrain/app/dto"
	"secondbrain/backend"
)

// stringList collects a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// search runs `secondbrain search QUERY`: a note whose title or alias is
// the query comes first. Without a QUERY it lists the notes the filters
// keep (`search --tag T`: the tag's notes, nested tags included), the most
// recently updated first.
func (e *env) search(args []string) error {
	fs, g := e.flags("search")
	mode := fs.String("mode", string(backend.SearchLexical), "lexical, semantic or hybrid")
	limit := fs.Int("limit", 20, "most hits to show")
	prefix := fs.Bool("prefix", false, "treat the last word as a prefix (search as you type)")
	folder := fs.String("folder", "", "only notes in this folder")
	after := fs.String("after", "", "only notes updated on or after this date (YYYY-MM-DD or RFC 3339)")
	before := fs.String("before", "", "only notes updated before this date (YYYY-MM-DD or RFC 3339)")
	var tags, props stringList
	fs.Var(&tags, "tag", "only notes with this tag (repeatable)")
	fs.Var(&props, "property", "only notes whose property KEY=VALUE (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 && len(tags) == 0 && *folder == "" && len(props) == 0 && *after == "" && *before == "" {
		return usageError{"search needs a QUERY, or a filter (--tag, --folder, --property, --after, --before) to list its notes"}
	}
	if *limit <= 0 || *limit > 1000 {
		return usageError{"search --limit must be between 1 and 1000"}
	}
	q := backend.SearchQuery{Text: strings.Join(pos, " "), Mode: backend.SearchMode(*mode), Limit: *limit,
		Prefix: *prefix, Tags: tags, Folder: *folder}
	for _, p := range props {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usageError{fmt.Sprintf("search --property %q: want KEY=VALUE", p)}
		}
		q.Properties = append(q.Properties, backend.PropertyFilter{Key: strings.TrimSpace(k), Value: v})
	}
	if q.UpdatedAfter, err = parseDate("after", *after); err != nil {
		return err
	}
	if q.UpdatedBefore, err = parseDate("before", *before); err != nil {
		return err
	}
	if err := e.open(g); err != nil {
		return err
	}
	hits, err := e.stack.Search.Search(e.ctx, q)
	if err != nil {
		return err
	}
	if e.json {
		out := dto.FromHits(hits)
		return e.writeJSON(map[string]any{"results": out})
	}
	if len(hits) == 0 {
		fmt.Fprintln(e.stdout, "no notes found")
		return nil
	}
	for _, h := range hits {
		fmt.Fprintf(e.stdout, "%.3f  %s  (%s)\n", h.Score, h.Path, h.Why)
		if h.Snippet != "" {
			fmt.Fprintf(e.stdout, "       %s\n", oneLine(h.Snippet))
		}
	}
	return nil
}

func parseDate(name, s string) (time.Time, error) {
	t, err := dto.ParseDate(s)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("search --%s %q: want YYYY-MM-DD or an RFC 3339 time", name, s)}
	}
	return t, nil
}

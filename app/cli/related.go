package cli

import "fmt"

// relatedJSON is one hit of `related --json`.
type relatedJSON struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Path       string  `json:"path"`
	Score      float64 `json:"score"`
	Similarity float64 `json:"similarity"`
	LinksTo    bool    `json:"links_to"`
	LinkedFrom bool    `json:"linked_from"`
	Shared     int     `json:"shared_links"`
	SharedTags int     `json:"shared_tags"`
	Why        string  `json:"why"`
}

// related runs `secondbrain related TITLE|ID`: notes near in meaning
// (vector neighbours) or through links, with a reason for each.
func (e *env) related(args []string) error {
	fs, g := e.flags("related")
	limit := fs.Int("limit", 10, "most notes to show")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"related needs one TITLE, PATH or ID"}
	}
	if *limit <= 0 || *limit > 1000 {
		return usageError{"related --limit must be between 1 and 1000"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	n, err := e.stack.Notes.Find(e.ctx, pos[0])
	if err != nil {
		return err
	}
	hits, err := e.stack.Related.FindID(e.ctx, n.ID, *limit)
	if err != nil {
		return err
	}
	if e.json {
		out := make([]relatedJSON, len(hits))
		for i, h := range hits {
			out[i] = relatedJSON{ID: h.ID.String(), Title: h.Title, Path: h.Path, Score: h.Score, Similarity: h.Similarity,
				LinksTo: h.LinksTo, LinkedFrom: h.LinkedFrom, Shared: h.Shared, SharedTags: h.SharedTags, Why: h.Why}
		}
		return e.writeJSON(map[string]any{"id": n.ID.String(), "title": n.Title, "related": out})
	}
	if len(hits) == 0 {
		fmt.Fprintln(e.stdout, "no related notes")
		return nil
	}
	for _, h := range hits {
		fmt.Fprintf(e.stdout, "%.3f  %s  (%s)\n", h.Score, h.Path, h.Why)
	}
	return nil
}

package app

import (
	"context"
	"fmt"
	"strings"

	"secondbrain/app/stack"
	"secondbrain/backend/hybrid"
)

// Related is a note related to the open one, with why: in a sentence
// (Why) and as the reasons the related panel shows one by one.
type Related struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Path       string          `json:"path"`
	Similarity float64         `json:"similarity"`
	Why        string          `json:"why"`
	Reasons    []RelatedReason `json:"reasons"`
}

// RelatedReason is one reason a note is related: Kind is "link" (one
// links to the other), "shared-links" (both link to the same notes),
// "shared-tags" or "meaning"; Text says it in a few words.
type RelatedReason struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Related returns up to 10 notes near a note in meaning or through links,
// each with a short reason. Errors: invalid for a malformed id, not_found,
// unavailable while semantic search cannot run.
func (n *NotesAPI) Related(id string) ([]Related, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]hybrid.RelatedHit, error) {
		return s.Related.Find(ctx, id, 10)
	}, relatedOf)
}

// relatedOf converts related notes.
func relatedOf(hits []hybrid.RelatedHit) []Related {
	out := make([]Related, len(hits))
	for i, h := range hits {
		out[i] = Related{ID: h.ID.String(), Title: h.Title, Path: h.Path, Similarity: h.Similarity, Why: h.Why, Reasons: reasonsOf(h)}
	}
	return out
}

// reasonsOf lists why h is related, links first.
func reasonsOf(h hybrid.RelatedHit) []RelatedReason {
	out := []RelatedReason{}
	switch {
	case h.LinksTo && h.LinkedFrom:
		out = append(out, RelatedReason{"link", "linked both ways"})
	case h.LinksTo:
		out = append(out, RelatedReason{"link", "linked from here"})
	case h.LinkedFrom:
		out = append(out, RelatedReason{"link", "links here"})
	}
	if h.Shared > 0 {
		out = append(out, RelatedReason{"shared-links", "both link to " + listed(h.SharedLinkNames, h.Shared, "")})
	}
	if h.SharedTags > 0 {
		out = append(out, RelatedReason{"shared-tags", listed(h.SharedTagNames, h.SharedTags, "#")})
	}
	if h.Similarity > 0 {
		out = append(out, RelatedReason{"meaning", fmt.Sprintf("%.0f%% similar", 100*h.Similarity)})
	}
	return out
}

// listed names a few of n things, each with prefix, and how many more.
func listed(names []string, n int, prefix string) string {
	if len(names) == 0 {
		return fmt.Sprintf("%d of the same", n)
	}
	parts := make([]string, len(names))
	for i, s := range names {
		parts[i] = prefix + s
	}
	out := strings.Join(parts, ", ")
	if n > len(names) {
		out += fmt.Sprintf(" +%d", n-len(names))
	}
	return out
}

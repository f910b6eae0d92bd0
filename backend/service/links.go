package service

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"secondbrain/backend"
	"secondbrain/backend/markdown"
)

// maxMentionCandidates bounds the notes scanned for unlinked mentions.
const maxMentionCandidates = 500

// Backlinks returns the links into a note from other live notes.
func (s *Notes) Backlinks(ctx context.Context, id string) ([]backend.Backlink, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.Backlinks", err)
	}
	return s.store.Backlinks(ctx, uid)
}

// OutgoingLinks returns a note's links in body order with what they resolve to.
func (s *Notes) OutgoingLinks(ctx context.Context, id string) ([]backend.ResolvedLink, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.OutgoingLinks", err)
	}
	return s.store.OutgoingLinks(ctx, uid)
}

// Tags lists every tag with its note count.
func (s *Notes) Tags(ctx context.Context) ([]backend.TagCount, error) {
	return s.store.Tags(ctx)
}

// UnlinkedMentions returns notes that name this note's title (or one of its
// aliases) as a whole word in plain text — outside code and outside links —
// and do not link to it yet.
func (s *Notes) UnlinkedMentions(ctx context.Context, id string) ([]backend.Mention, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.UnlinkedMentions", err)
	}
	n, err := s.store.Note(ctx, uid)
	if err != nil {
		return nil, err
	}
	names := []string{n.Title}
	names = append(names, Derive(n.Path, n.Body).Aliases...)
	linked := map[string]bool{}
	backs, err := s.store.Backlinks(ctx, uid)
	if err != nil {
		return nil, err
	}
	for _, b := range backs {
		linked[b.SourceID.String()] = true
	}
	seen := map[string]bool{}
	var out []backend.Mention
	for _, name := range names {
		if len([]rune(strings.TrimSpace(name))) < 3 {
			continue // "AI", "Go": too many false mentions
		}
		cands, err := s.store.MentionCandidates(ctx, uid, name, maxMentionCandidates)
		if err != nil {
			return nil, err
		}
		for _, c := range cands {
			key := c.ID.String()
			if linked[key] || seen[key] {
				continue
			}
			if ctxLine, ok := findMention(c.Body, name); ok {
				seen[key] = true
				out = append(out, backend.Mention{SourceID: c.ID, SourceTitle: c.Title, SourcePath: c.Path, Context: ctxLine})
			}
		}
	}
	return out, nil
}

// findMention finds name in body as a whole word, case-insensitively,
// outside front matter, code spans, code blocks and link syntax, and
// returns its line.
func findMention(body, name string) (string, bool) {
	start, end, ok := mentionAt(body, name)
	if !ok {
		return "", false
	}
	ls := strings.LastIndexByte(body[:start], '\n') + 1
	le := strings.IndexByte(body[end:], '\n')
	if le < 0 {
		le = len(body)
	} else {
		le += end
	}
	return strings.TrimSpace(body[ls:le]), true
}

// mentionAt returns the byte range of the first mention of name that
// findMention would report.
func mentionAt(body, name string) (start, end int, ok bool) {
	doc := markdown.Parse([]byte(body))
	lowBody, lowName := strings.ToLower(body), strings.ToLower(name)
	if len(lowBody) != len(body) || len(lowName) != len(name) {
		lowBody = body // lower-casing changed byte lengths: match exactly instead
		lowName = name
	}
	excluded := append([][2]int(nil), doc.CodeRanges...)
	excluded = append(excluded, [2]int{0, doc.BodyStart})
	for _, l := range doc.Links {
		excluded = append(excluded, [2]int{l.Start, l.End})
	}
	for from := 0; from < len(lowBody) && lowName != ""; {
		i := strings.Index(lowBody[from:], lowName)
		if i < 0 {
			return 0, 0, false
		}
		start, end := from+i, from+i+len(lowName)
		from = end
		if !wordBoundary(body, start, end) || inRanges(excluded, start) {
			continue
		}
		return start, end, true
	}
	return 0, 0, false
}

// LinkMention turns the unlinked mention of the note targetID that the
// mentions list shows for the note sourceID — the first one, of the title
// or else of an alias — into a wikilink: [[Title]] when the text is the
// title as written, else [[Title|text as written]]. The source is saved
// only if it is still at expectedVersion. Returns EINVALID, ENOTFOUND (no
// such note, or no unlinked mention left) or ECONFLICT (the source changed).
func (s *Notes) LinkMention(ctx context.Context, sourceID string, expectedVersion int, targetID string) (*backend.Note, error) {
	const op = "service.LinkMention"
	tid, err := ParseID(targetID)
	if err != nil {
		return nil, withOp(op, err)
	}
	sid, err := ParseID(sourceID)
	if err != nil {
		return nil, withOp(op, err)
	}
	target, err := s.store.Note(ctx, tid)
	if err != nil {
		return nil, err
	}
	src, err := s.store.Note(ctx, sid)
	if err != nil {
		return nil, err
	}
	if src.Version != expectedVersion {
		return nil, &backend.Error{Code: backend.ECONFLICT, Op: op,
			Message: fmt.Sprintf("%q changed since its mentions were listed (version %d, not %d); nothing was linked", src.Title, src.Version, expectedVersion)}
	}
	link := target.Title
	if strings.ContainsAny(link, "[]|#^") {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("%q cannot be written as a wikilink", link)}
	}
	if same, err := s.store.NotesByTitle(ctx, target.Title); err != nil {
		return nil, err
	} else if len(same) > 1 {
		link = strings.TrimSuffix(target.Path, ".md") // a title in several folders: link by path
	}
	names := append([]string{target.Title}, Derive(target.Path, target.Body).Aliases...)
	for _, name := range names {
		if len([]rune(strings.TrimSpace(name))) < 3 {
			continue // as UnlinkedMentions
		}
		start, end, ok := mentionAt(src.Body, name)
		if !ok {
			continue
		}
		text := src.Body[start:end]
		repl := "[[" + link + "]]"
		if text != link {
			repl = "[[" + link + "|" + text + "]]"
		}
		return s.Save(ctx, sourceID, expectedVersion, src.Body[:start]+repl+src.Body[end:])
	}
	return nil, &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("%q no longer mentions %q without a link", src.Title, target.Title)}
}

// wordBoundary says whether s[start:end] is a whole word: no letter or
// digit joins it on either side. In Chinese, Japanese and Korean text,
// whose words are not spaced, any position is a boundary.
func wordBoundary(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		first, _ := utf8.DecodeRuneInString(s[start:])
		if spacedWord(r) && spacedWord(first) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		last, _ := utf8.DecodeLastRuneInString(s[:end])
		if spacedWord(r) && spacedWord(last) {
			return false
		}
	}
	return true
}

// spacedWord says whether r is part of a word in a script that spaces its words.
func spacedWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func inRanges(rs [][2]int, at int) bool {
	for _, r := range rs {
		if at >= r[0] && at < r[1] {
			return true
		}
	}
	return false
}

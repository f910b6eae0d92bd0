package mcp

import (
	"context"
	"fmt"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/backend"
	"secondbrain/backend/agent"
)

// toolError is a failed call as the agent reads it: "code: message", the
// code one of backend's (invalid, not_found, conflict…). Internal details
// stay in the log.
type toolError struct{ code, msg string }

func (e toolError) Error() string { return e.code + ": " + e.msg }

// fail turns an error into the tool's error result.
func (s *server) fail(err error) error {
	code := backend.ErrorCode(err)
	if code == backend.EINTERNAL {
		s.log.Error("tool failed", "err", err)
	}
	msg := backend.Redact(backend.ErrorMessage(err))
	msg = strings.TrimPrefix(msg, "conflict: ")
	return toolError{code, msg}
}

// text returns a result whose readable text is t (the structured content
// is filled from the output by the SDK).
func text(t string) *sdk.CallToolResult {
	return &sdk.CallToolResult{Content: []sdk.Content{&sdk.TextContent{Text: t}}}
}

// parseSince reads a date (2006-01-02) or a time (RFC 3339); "" is zero.
func parseSince(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		return t, nil
	}
	return time.Time{}, backend.Errorf(backend.EINVALID, "since %q is not a date (2006-01-02) or a time (RFC 3339)", s)
}

// SearchInput is the search tool's arguments.
type SearchInput struct {
	Query  string `json:"query" jsonschema:"words to look for; \"quoted phrases\" must appear, -word excludes, word* is a prefix. May be empty when a filter is given"`
	Mode   string `json:"mode,omitempty" jsonschema:"lexical (by words), semantic (by meaning) or hybrid (both; the default when semantic search is set up)"`
	Limit  int    `json:"limit,omitempty" jsonschema:"most hits to return, 1 to 100 (default 10)"`
	Tag    string `json:"tag,omitempty" jsonschema:"keep notes carrying this tag (without #; nested tags a/b count as a)"`
	Folder string `json:"folder,omitempty" jsonschema:"keep notes inside this folder of the vault"`
	Type   string `json:"type,omitempty" jsonschema:"keep notes whose front-matter type is this (person, project…)"`
	Since  string `json:"since,omitempty" jsonschema:"keep notes updated on or after this date (2006-01-02) or time (RFC 3339)"`
}

// NoteInput names a note.
type NoteInput struct {
	agent.NoteRef
}

// ReadNoteInput is read_note's arguments.
type ReadNoteInput struct {
	agent.NoteRef
	LineStart int `json:"line_start,omitempty" jsonschema:"first line to return (1-based; front matter counts)"`
	LineEnd   int `json:"line_end,omitempty" jsonschema:"last line to return"`
}

// LimitInput names a note and a limit.
type LimitInput struct {
	agent.NoteRef
	Limit int `json:"limit,omitempty" jsonschema:"most notes to return (default 10)"`
}

// NeighborsInput is graph_neighbors' arguments.
type NeighborsInput struct {
	agent.NoteRef
	Depth int `json:"depth,omitempty" jsonschema:"hops to follow in either direction, 1 to 3 (default 1)"`
	Limit int `json:"limit,omitempty" jsonschema:"most nodes to return (default 100)"`
}

// PathInput is graph_path's arguments.
type PathInput struct {
	From     agent.NoteRef `json:"from" jsonschema:"the first note (by id, path or title)"`
	To       agent.NoteRef `json:"to" jsonschema:"the second note (by id, path or title)"`
	MaxDepth int           `json:"max_depth,omitempty" jsonschema:"longest path to look for, 1 to 5 hops (default 4)"`
}

// ListNotesInput is list_notes' arguments.
type ListNotesInput struct {
	Folder string `json:"folder,omitempty" jsonschema:"keep notes inside this folder"`
	Tag    string `json:"tag,omitempty" jsonschema:"keep notes carrying this tag (or one nested under it)"`
	Type   string `json:"type,omitempty" jsonschema:"keep notes of this front-matter type"`
	Since  string `json:"since,omitempty" jsonschema:"keep notes updated on or after this date (2006-01-02) or time (RFC 3339)"`
	Offset int    `json:"offset,omitempty" jsonschema:"notes to skip (paging: the next_offset of the previous page)"`
	Limit  int    `json:"limit,omitempty" jsonschema:"notes per page, 1 to 500 (default 50)"`
}

// DailyInput is daily_note's arguments.
type DailyInput struct {
	Date   string `json:"date,omitempty" jsonschema:"the day, 2006-01-02 (default today)"`
	Create bool   `json:"create,omitempty" jsonschema:"create the day's note when it is missing (needs writes allowed)"`
}

// CreateInput is create_note's arguments.
type CreateInput struct {
	Title  string `json:"title" jsonschema:"the new note's title: its file name without .md; no / or \\"`
	Folder string `json:"folder,omitempty" jsonschema:"folder of the vault to create it in (default the root)"`
	Body   string `json:"body,omitempty" jsonschema:"the Markdown text; [[Title]] links to another note, #tag tags it"`
	DryRun bool   `json:"dry_run,omitempty" jsonschema:"only return the diff it would make; write nothing"`
}

// AppendInput is append_to_note's arguments.
type AppendInput struct {
	agent.NoteRef
	Text            string `json:"text" jsonschema:"Markdown to add at the end of the note, on a new line"`
	ExpectedVersion int    `json:"expected_version,omitempty" jsonschema:"the version you read; when the note changed since, nothing is written (conflict). Default: the current version"`
	DryRun          bool   `json:"dry_run,omitempty" jsonschema:"only return the diff it would make; write nothing"`
}

// EditInput is edit_note's arguments.
type EditInput struct {
	agent.NoteRef
	ExpectedVersion int     `json:"expected_version" jsonschema:"the version read_note returned; when the note changed since, nothing is written (conflict)"`
	Body            *string `json:"body,omitempty" jsonschema:"the whole new text of the note (give this or patch)"`
	Patch           *string `json:"patch,omitempty" jsonschema:"a unified diff (@@ -a,b +c,d @@ hunks) against the note's text as read (give this or body)"`
	DryRun          bool    `json:"dry_run,omitempty" jsonschema:"only return the diff it would make; write nothing"`
}

// RenameInput is rename_note's arguments.
type RenameInput struct {
	agent.NoteRef
	NewTitle        string `json:"new_title" jsonschema:"the new title; the note stays in its folder and links to it follow"`
	ExpectedVersion int    `json:"expected_version" jsonschema:"the version read_note returned"`
	DryRun          bool   `json:"dry_run,omitempty" jsonschema:"only return what it would do; write nothing"`
}

// TagInput is add_tag's arguments.
type TagInput struct {
	agent.NoteRef
	Tag             string `json:"tag" jsonschema:"the tag to add, without # (nested tags as a/b)"`
	ExpectedVersion int    `json:"expected_version,omitempty" jsonschema:"the version you read (default: the current version)"`
	DryRun          bool   `json:"dry_run,omitempty" jsonschema:"only return the diff it would make; write nothing"`
}

// Outputs that are lists are wrapped in objects (structured content must be one).
type (
	// RelatedOutput is related's result.
	RelatedOutput struct {
		Notes []agent.Related `json:"notes"`
	}
	// BacklinksOutput is backlinks' result.
	BacklinksOutput struct {
		Backlinks []agent.Backlink `json:"backlinks"`
	}
	// TagsOutput is list_tags' result.
	TagsOutput struct {
		Tags []agent.TagCount `json:"tags"`
	}
)

func boolPtr(b bool) *bool { return &b }

func (s *server) addTools(srv *sdk.Server) {
	ro := &sdk.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: boolPtr(false)}
	rw := &sdk.ToolAnnotations{DestructiveHint: boolPtr(false), OpenWorldHint: boolPtr(false)}

	sdk.AddTool(srv, &sdk.Tool{Name: "search", Annotations: ro,
		Description: "Search the user's notes by words, meaning or both. Each hit has a snippet, why it matched and a citation (note id, version, path, lines) of the passage: read those lines with read_note and cite them."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in SearchInput) (*sdk.CallToolResult, *agent.SearchResult, error) {
			q := backend.SearchQuery{Text: in.Query, Mode: backend.SearchMode(in.Mode), Limit: in.Limit, Folder: in.Folder}
			if in.Tag != "" {
				q.Tags = []string{strings.TrimPrefix(in.Tag, "#")}
			}
			since, err := parseSince(in.Since)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			q.UpdatedAfter = since
			res, err := s.agent.Search(ctx, q, in.Type)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			var b strings.Builder
			if len(res.Hits) == 0 {
				b.WriteString("No notes found.")
			}
			for i, h := range res.Hits {
				fmt.Fprintf(&b, "%d. %s (%s) — lines %d–%d of version %d, note %s\n   %s\n   why: %s\n", i+1, h.Title, h.Path,
					h.Citation.LineStart, h.Citation.LineEnd, h.Citation.Version, h.ID, h.Snippet, h.Why)
			}
			return text(b.String()), res, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "read_note", Annotations: ro,
		Description: "Read a note by exactly one of id, path or title: its Markdown with front matter (or only lines line_start..line_end), its version (needed to edit it), tags, backlink count and outgoing links."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in ReadNoteInput) (*sdk.CallToolResult, *agent.NoteText, error) {
			n, err := s.agent.ReadNote(ctx, in.NoteRef, in.LineStart, in.LineEnd)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			head := fmt.Sprintf("%s (%s), version %d, note %s, lines %d–%d of %d, %d backlinks\n\n", n.Title, n.Path, n.Version, n.ID, n.LineStart, n.LineEnd, n.TotalLines, n.Backlinks)
			return text(head + n.Markdown), n, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "related", Annotations: ro,
		Description: "Notes related to a note: near in meaning or sharing links, each with why."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in LimitInput) (*sdk.CallToolResult, *RelatedOutput, error) {
			rel, err := s.agent.RelatedNotes(ctx, in.NoteRef, in.Limit)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return nil, &RelatedOutput{Notes: rel}, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "backlinks", Annotations: ro,
		Description: "The notes that link to a note, each with the line around the link."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in NoteInput) (*sdk.CallToolResult, *BacklinksOutput, error) {
			bl, err := s.agent.Backlinks(ctx, in.NoteRef)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return nil, &BacklinksOutput{Backlinks: bl}, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "graph_neighbors", Annotations: ro,
		Description: "The knowledge graph around a note: notes, tags and unresolved link targets within depth hops, and the relations among them."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in NeighborsInput) (*sdk.CallToolResult, *agent.Subgraph, error) {
			g, err := s.agent.Neighbors(ctx, in.NoteRef, in.Depth, in.Limit)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return nil, g, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "graph_path", Annotations: ro,
		Description: "A shortest chain of links (and tags) between two notes, in either direction."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in PathInput) (*sdk.CallToolResult, *agent.Path, error) {
			p, err := s.agent.ShortestPath(ctx, in.From, in.To, in.MaxDepth)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			if !p.Found {
				return text("No path found."), p, nil
			}
			titles := make([]string, len(p.Nodes))
			for i, n := range p.Nodes {
				titles[i] = n.Title
			}
			return text(strings.Join(titles, " → ")), p, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "list_notes", Annotations: ro,
		Description: "List notes, the most recently updated first, filtered by folder, tag, type or update date, a page at a time."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in ListNotesInput) (*sdk.CallToolResult, *agent.NoteList, error) {
			since, err := parseSince(in.Since)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			l, err := s.agent.ListNotes(ctx, backend.NoteFilter{Folder: in.Folder, Tag: strings.TrimPrefix(in.Tag, "#"), Type: in.Type, UpdatedSince: since, Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return nil, l, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "list_tags", Annotations: ro,
		Description: "Every tag with how many notes carry it, the most used first."},
		func(ctx context.Context, _ *sdk.CallToolRequest, _ struct{}) (*sdk.CallToolResult, *TagsOutput, error) {
			t, err := s.agent.ListTags(ctx)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return nil, &TagsOutput{Tags: t}, nil
		})

	sdk.AddTool(srv, &sdk.Tool{Name: "daily_note", Annotations: ro,
		Description: "Read the daily note of a day (default today); with create, create it when missing (needs writes allowed)."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in DailyInput) (*sdk.CallToolResult, *agent.NoteText, error) {
			day := time.Now()
			if in.Date != "" {
				d, err := time.ParseInLocation("2006-01-02", in.Date, time.Local)
				if err != nil {
					return nil, nil, s.fail(backend.Errorf(backend.EINVALID, "date %q is not a date like 2006-01-02", in.Date))
				}
				day = d
			}
			n, err := s.agent.DailyNote(ctx, day, in.Create)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return text(fmt.Sprintf("%s (%s), version %d\n\n%s", n.Title, n.Path, n.Version, n.Markdown)), n, nil
		})

	write := func(r *agent.WriteResult) *sdk.CallToolResult {
		verb := "Done"
		if r.DryRun {
			verb = "Dry run, nothing written"
		}
		msg := fmt.Sprintf("%s: %s, version %d", verb, r.Path, r.Version)
		if r.Event != 0 {
			msg += fmt.Sprintf(" (event %d; the user can undo it)", r.Event)
		}
		return text(msg + "\n\n" + r.Diff)
	}
	sdk.AddTool(srv, &sdk.Tool{Name: "create_note", Annotations: rw,
		Description: "Create a note. Fails (conflict) when a note has that title in that folder."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in CreateInput) (*sdk.CallToolResult, *agent.WriteResult, error) {
			r, err := s.agent.CreateNote(ctx, in.Title, in.Folder, in.Body, in.DryRun)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return write(r), r, nil
		})
	sdk.AddTool(srv, &sdk.Tool{Name: "append_to_note", Annotations: rw,
		Description: "Add Markdown at the end of a note."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in AppendInput) (*sdk.CallToolResult, *agent.WriteResult, error) {
			r, err := s.agent.AppendToNote(ctx, in.NoteRef, in.Text, in.ExpectedVersion, in.DryRun)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return write(r), r, nil
		})
	sdk.AddTool(srv, &sdk.Tool{Name: "edit_note", Annotations: &sdk.ToolAnnotations{DestructiveHint: boolPtr(true), OpenWorldHint: boolPtr(false)},
		Description: "Change a note: its whole new body, or a unified-diff patch against the text you read. expected_version is required; when the note changed since, nothing is written and the result is a conflict: read it again."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in EditInput) (*sdk.CallToolResult, *agent.WriteResult, error) {
			r, err := s.agent.EditNote(ctx, in.NoteRef, in.ExpectedVersion, in.Body, in.Patch, in.DryRun)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return write(r), r, nil
		})
	sdk.AddTool(srv, &sdk.Tool{Name: "rename_note", Annotations: rw,
		Description: "Give a note a new title (it stays in its folder); links to it are updated as the user's setting says."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in RenameInput) (*sdk.CallToolResult, *agent.WriteResult, error) {
			r, err := s.agent.RenameNote(ctx, in.NoteRef, in.NewTitle, in.ExpectedVersion, in.DryRun)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return write(r), r, nil
		})
	sdk.AddTool(srv, &sdk.Tool{Name: "add_tag", Annotations: rw,
		Description: "Tag a note: adds the tag to its front matter's tags list."},
		func(ctx context.Context, _ *sdk.CallToolRequest, in TagInput) (*sdk.CallToolResult, *agent.WriteResult, error) {
			r, err := s.agent.AddTag(ctx, in.NoteRef, in.Tag, in.ExpectedVersion, in.DryRun)
			if err != nil {
				return nil, nil, s.fail(err)
			}
			return write(r), r, nil
		})
}

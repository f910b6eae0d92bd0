package mcp

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/backend"
	"secondbrain/backend/agent"
)

func (s *server) addResources(srv *sdk.Server) {
	srv.AddResourceTemplate(&sdk.ResourceTemplate{Name: "note", Title: "A note by id", URITemplate: "note://{id}",
		Description: "A note's Markdown (front matter included) by its id", MIMEType: "text/markdown"}, s.readResource)
	srv.AddResourceTemplate(&sdk.ResourceTemplate{Name: "note-by-path", Title: "A note by path", URITemplate: "note:///{+path}",
		Description: "A note's Markdown by its path in the vault, e.g. note:///projects/Plan.md", MIMEType: "text/markdown"}, s.readResource)
}

// readResource answers note://ID and note:///PATH.
func (s *server) readResource(ctx context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
	uri := req.Params.URI
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "note" {
		return nil, sdk.ResourceNotFoundError(uri)
	}
	var ref agent.NoteRef
	if u.Host != "" {
		ref.ID = u.Host
	} else {
		ref.Path = strings.TrimPrefix(u.Path, "/")
	}
	n, err := s.agent.ReadNote(ctx, ref, 0, 0)
	if err != nil {
		if backend.ErrorCode(err) == backend.ENOTFOUND || backend.ErrorCode(err) == backend.EINVALID {
			return nil, sdk.ResourceNotFoundError(uri)
		}
		return nil, s.fail(err)
	}
	return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: uri, MIMEType: "text/markdown", Text: n.Markdown,
		Meta: sdk.Meta{"id": n.ID, "title": n.Title, "path": n.Path, "version": n.Version}}}}, nil
}

func (s *server) addPrompts(srv *sdk.Server) {
	srv.AddPrompt(&sdk.Prompt{Name: "summarise_notes", Title: "Summarise my notes on a topic, with citations",
		Description: "Summarise what the user's notes say about a topic, citing the note and lines of every claim.",
		Arguments:   []*sdk.PromptArgument{{Name: "topic", Description: "what to summarise", Required: true}}},
		func(_ context.Context, req *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
			topic := strings.TrimSpace(req.Params.Arguments["topic"])
			if topic == "" {
				return nil, fmt.Errorf("the topic is empty")
			}
			return &sdk.GetPromptResult{Description: "Summarise my notes on " + topic, Messages: []*sdk.PromptMessage{{Role: "user",
				Content: &sdk.TextContent{Text: fmt.Sprintf("Summarise what my notes say about %q. Use the search tool (mode hybrid) with a few phrasings, "+
					"then read_note the cited lines of the best hits (and follow backlinks or related notes when useful). "+
					"Write a short summary; after every claim cite its source as [Title, lines A–B, version V] from the hit's citation. "+
					"Say plainly what the notes do not cover.", topic)}}}}, nil
		})
	srv.AddPrompt(&sdk.Prompt{Name: "this_week", Title: "What did I write this week?",
		Description: "Review the notes created or changed in the last seven days."},
		func(_ context.Context, _ *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
			since := time.Now().AddDate(0, 0, -7).Format("2006-01-02")
			return &sdk.GetPromptResult{Description: "What I wrote this week", Messages: []*sdk.PromptMessage{{Role: "user",
				Content: &sdk.TextContent{Text: "What did I write this week? Call list_notes with since " + since +
					" (page through next_offset), read_note the notes, and give me a short review grouped by theme: what I worked on, " +
					"open questions and loose ends. Cite each note as [Title, version V]."}}}}, nil
		})
}

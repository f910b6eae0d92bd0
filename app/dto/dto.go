// Package dto holds the JSON shapes the outside world sees: the values the
// desktop frontend receives from bound methods and the documents the CLI
// prints with --json. Field names are a stable contract.
package dto

import (
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Note is a note with its body.
type Note struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Path      string  `json:"path"`
	Body      string  `json:"body"`
	Version   int     `json:"version"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
	TrashedAt *string `json:"trashed_at"`
}

// NoteSummary is a note in a list, without its body.
type NoteSummary struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Path      string  `json:"path"`
	Version   int     `json:"version"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
	TrashedAt *string `json:"trashed_at"`
}

// NotePage is one page of a note list; Total counts every matching note.
type NotePage struct {
	Notes []NoteSummary `json:"notes"`
	Total int           `json:"total"`
}

// Version is one entry of a note's history.
type Version struct {
	Seq     int64  `json:"seq"`
	Version int    `json:"version"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	At      string `json:"at"`
	Body    string `json:"body,omitempty"`
	Purged  bool   `json:"purged,omitempty"`
}

// FromNote converts a domain note.
func FromNote(n *backend.Note) Note {
	return Note{ID: n.ID.String(), Title: n.Title, Path: n.Path, Body: n.Body, Version: n.Version,
		CreatedAt: stamp(n.CreatedAt), UpdatedAt: stamp(n.UpdatedAt), TrashedAt: stampPtr(n.TrashedAt)}
}

// FromPage converts a domain page of notes.
func FromPage(p *backend.NotePage) NotePage {
	out := NotePage{Total: p.Total, Notes: make([]NoteSummary, len(p.Notes))}
	for i, n := range p.Notes {
		out.Notes[i] = NoteSummary{ID: n.ID.String(), Title: n.Title, Path: n.Path, Version: n.Version,
			CreatedAt: stamp(n.CreatedAt), UpdatedAt: stamp(n.UpdatedAt), TrashedAt: stampPtr(n.TrashedAt)}
	}
	return out
}

// FromVersion converts one history entry.
func FromVersion(v backend.NoteVersion) Version {
	return Version{Seq: v.Seq, Version: v.Version, Kind: string(v.Kind), Title: v.Title, Path: v.Path,
		At: stamp(v.At), Body: v.Body, Purged: v.Purged}
}

// FromVersions converts a history.
func FromVersions(vs []backend.NoteVersion) []Version {
	out := make([]Version, len(vs))
	for i, v := range vs {
		out[i] = FromVersion(v)
	}
	return out
}

// Error is the shape of every error the frontend and the CLI see.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// FromError maps any error to its code and user-facing message, its
// secrets redacted (backend.Redact) should one quote a configured address.
func FromError(err error) Error {
	return Error{Code: backend.ErrorCode(err), Message: backend.Redact(backend.ErrorMessage(err))}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func stampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := stamp(*t)
	return &s
}

// Backlink is a link into a note from another note.
type Backlink struct {
	SourceID    string `json:"source_id"`
	SourceTitle string `json:"source_title"`
	SourcePath  string `json:"source_path"`
	Context     string `json:"context"`
}

// Link is one outgoing link of a note and what it resolves to.
type Link struct {
	Target        string `json:"target"`
	Anchor        string `json:"anchor"`
	Alias         string `json:"alias"`
	Kind          string `json:"kind"`
	Rel           string `json:"rel,omitempty"`
	ResolvedID    string `json:"resolved_id"`
	ResolvedTitle string `json:"resolved_title"`
	AttachmentID  string `json:"attachment_id"`
}

// Tag is a tag with its note count.
type Tag struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// FromBacklinks converts backlinks.
func FromBacklinks(bs []backend.Backlink) []Backlink {
	out := make([]Backlink, len(bs))
	for i, b := range bs {
		out[i] = Backlink{SourceID: b.SourceID.String(), SourceTitle: b.SourceTitle, SourcePath: b.SourcePath, Context: b.Context}
	}
	return out
}

// FromMentions converts unlinked mentions (same shape as backlinks).
func FromMentions(ms []backend.Mention) []Backlink {
	out := make([]Backlink, len(ms))
	for i, m := range ms {
		out[i] = Backlink{SourceID: m.SourceID.String(), SourceTitle: m.SourceTitle, SourcePath: m.SourcePath, Context: m.Context}
	}
	return out
}

// FromLinks converts outgoing links; ids of unresolved targets are "".
func FromLinks(ls []backend.ResolvedLink) []Link {
	out := make([]Link, len(ls))
	for i, l := range ls {
		out[i] = Link{Target: l.Target, Anchor: l.Anchor, Alias: l.Alias, Kind: l.Kind, Rel: l.Rel, ResolvedTitle: l.TargetTitle}
		if l.TargetID != uuid.Nil {
			out[i].ResolvedID = l.TargetID.String()
		}
		if l.AttachmentID != uuid.Nil {
			out[i].AttachmentID = l.AttachmentID.String()
		}
	}
	return out
}

// FromTags converts tag counts.
func FromTags(ts []backend.TagCount) []Tag {
	out := make([]Tag, len(ts))
	for i, t := range ts {
		out[i] = Tag{Name: t.Name, Count: t.Count}
	}
	return out
}

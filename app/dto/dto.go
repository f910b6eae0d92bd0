// Package dto holds the JSON shapes the outside world sees: the values the
// desktop frontend receives from bound methods and the documents the CLI
// prints with --json. Field names are a stable contract.
package dto

import (
	"time"

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
	return Version{Seq: v.Seq, Version: v.Version, Kind: v.Kind, Title: v.Title, Path: v.Path,
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

// FromError maps any error to its code and user-facing message.
func FromError(err error) Error {
	return Error{Code: backend.ErrorCode(err), Message: backend.ErrorMessage(err)}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func stampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := stamp(*t)
	return &s
}

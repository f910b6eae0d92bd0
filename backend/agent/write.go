package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gopkg.in/yaml.v3"

	"secondbrain/backend"
	"secondbrain/backend/markdown"
	"secondbrain/backend/service"
)

// WriteResult is what a write (or its dry run) did.
type WriteResult struct {
	DryRun  bool   `json:"dry_run" jsonschema:"true when nothing was written"`
	ID      string `json:"id,omitempty"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	Version int    `json:"version" jsonschema:"the note's version after the write (the current version for a dry run)"`
	// Diff is the unified diff of the note's text.
	Diff string `json:"diff" jsonschema:"unified diff of the change"`
	// Event is the event log entry of the write: `secondbrain mcp undo EVENT` reverses it.
	Event int64 `json:"event,omitempty" jsonschema:"the event log entry recording the write (the user can undo it)"`
}

// checkVisible refuses a body or folder that would put a note out of the
// agent's sight: agents cannot write into private folders or add private tags.
func (a *Agent) checkVisible(folder, notePath, body string) error {
	if folderPrivate(folder, a.Policy().Private.Folders) {
		return backend.Errorf(backend.EINVALID, "the folder %q cannot be written by agents", folder)
	}
	for _, t := range service.Derive(notePath, body).Tags {
		if tagPrivate(t, a.Policy().Private.Tags) {
			return backend.Errorf(backend.EINVALID, "agents cannot add the tag %q", t)
		}
	}
	return nil
}

// lastEvent returns the seq of the event that made version v of note id.
func (a *Agent) lastEvent(ctx context.Context, id uuid.UUID, v int) int64 {
	hist, err := a.d.Store.History(ctx, id, false)
	if err != nil {
		return 0
	}
	for _, h := range hist {
		if h.Version == v {
			return h.Seq
		}
	}
	return 0
}

func (a *Agent) result(ctx context.Context, n *backend.Note, diff string) *WriteResult {
	return &WriteResult{ID: n.ID.String(), Title: n.Title, Path: n.Path, Version: n.Version, Diff: diff, Event: a.lastEvent(ctx, n.ID, n.Version)}
}

// CreateNote creates a note titled title in folder. Returns EINVALID (bad
// title or folder, writes not allowed), ECONFLICT when the path is taken.
func (a *Agent) CreateNote(ctx context.Context, title, folder, body string, dryRun bool) (*WriteResult, error) {
	if err := a.canWrite(); err != nil {
		return nil, err
	}
	t, err := service.CleanTitle(title)
	if err != nil {
		return nil, err
	}
	f, err := service.CleanFolder(folder)
	if err != nil {
		return nil, err
	}
	if err := service.CheckBody(body); err != nil {
		return nil, err
	}
	p := t + ".md"
	if f != "" {
		p = f + "/" + p
	}
	if err := a.checkVisible(f, p, body); err != nil {
		return nil, err
	}
	diff := UnifiedDiff("/dev/null", p, "", body)
	if dryRun {
		if _, err := a.resolve(ctx, NoteRef{Path: p}, nil); err == nil {
			return nil, backend.Errorf(backend.ECONFLICT, "a note already exists at %s", p)
		}
		return &WriteResult{DryRun: true, Title: t, Path: p, Diff: diff}, nil
	}
	n, err := a.d.Notes.Create(ctx, t, f, body)
	if err != nil {
		return nil, err
	}
	return a.result(ctx, n, diff), nil
}

// change applies edit to a visible note's body at expectedVersion (0: the
// current version) and saves it unless dryRun. Returns ECONFLICT when the
// note is not at expectedVersion.
func (a *Agent) change(ctx context.Context, r NoteRef, expectedVersion int, dryRun bool, edit func(body string) (string, error)) (*WriteResult, error) {
	if err := a.canWrite(); err != nil {
		return nil, err
	}
	n, err := a.atVersion(ctx, r, expectedVersion)
	if err != nil {
		return nil, err
	}
	expectedVersion = n.Version
	body, err := edit(n.Body)
	if err != nil {
		return nil, err
	}
	if err := service.CheckBody(body); err != nil {
		return nil, err
	}
	if err := a.checkVisible("", n.Path, body); err != nil {
		return nil, err
	}
	diff := UnifiedDiff("a/"+n.Path, "b/"+n.Path, n.Body, body)
	if dryRun {
		return &WriteResult{DryRun: true, ID: n.ID.String(), Title: n.Title, Path: n.Path, Version: n.Version, Diff: diff}, nil
	}
	if body == n.Body {
		return &WriteResult{ID: n.ID.String(), Title: n.Title, Path: n.Path, Version: n.Version}, nil
	}
	saved, err := a.d.Notes.Save(ctx, n.ID.String(), expectedVersion, body)
	if err != nil {
		if backend.ErrorCode(err) == backend.ECONFLICT {
			if cur, gerr := a.d.Store.Note(ctx, n.ID); gerr == nil {
				return nil, staleVersion(cur, expectedVersion)
			}
		}
		return nil, err
	}
	return a.result(ctx, saved, diff), nil
}

// atVersion resolves r among the visible notes and checks that it is at
// expectedVersion (0: any version). Returns ECONFLICT when it is not.
func (a *Agent) atVersion(ctx context.Context, r NoteRef, expectedVersion int) (*backend.Note, error) {
	n, _, err := a.visible(ctx, r)
	if err != nil {
		return nil, err
	}
	if expectedVersion != 0 && expectedVersion != n.Version {
		return nil, staleVersion(n, expectedVersion)
	}
	return n, nil
}

// requireVersion refuses a write without the version the agent read.
func requireVersion(expectedVersion int) error {
	if expectedVersion < 1 {
		return backend.Errorf(backend.EINVALID, "expected_version is required: the version read_note returned")
	}
	return nil
}

func staleVersion(n *backend.Note, expected int) error {
	return backend.Errorf(backend.ECONFLICT, "conflict: %s is at version %d, not %d: it changed since you read it. Read it again and redo the change; nothing was written", n.Path, n.Version, expected)
}

// AppendToNote adds text at the end of a note, on a new line.
func (a *Agent) AppendToNote(ctx context.Context, r NoteRef, text string, expectedVersion int, dryRun bool) (*WriteResult, error) {
	if strings.TrimSpace(text) == "" {
		return nil, backend.Errorf(backend.EINVALID, "the text to append is empty")
	}
	return a.change(ctx, r, expectedVersion, dryRun, func(body string) (string, error) {
		if body != "" && !strings.HasSuffix(body, "\n") {
			body += "\n"
		}
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		return body + text, nil
	})
}

// EditNote replaces a note's body, or applies a unified-diff patch to it,
// if the note is still at expectedVersion (required). Returns EINVALID for
// none or both of body and patch, or a patch that does not apply; ECONFLICT
// for a stale version.
func (a *Agent) EditNote(ctx context.Context, r NoteRef, expectedVersion int, body, patch *string, dryRun bool) (*WriteResult, error) {
	if err := requireVersion(expectedVersion); err != nil {
		return nil, err
	}
	if (body == nil) == (patch == nil) {
		return nil, backend.Errorf(backend.EINVALID, "give exactly one of body (the whole new text) or patch (a unified diff)")
	}
	return a.change(ctx, r, expectedVersion, dryRun, func(old string) (string, error) {
		if body != nil {
			return *body, nil
		}
		return ApplyPatch(old, *patch)
	})
}

// AddTag adds a tag to a note's front matter `tags` list (creating the
// front matter or the list when missing); a note already carrying the tag
// is left as it is.
func (a *Agent) AddTag(ctx context.Context, r NoteRef, tag string, expectedVersion int, dryRun bool) (*WriteResult, error) {
	tag = strings.TrimPrefix(strings.TrimSpace(tag), "#")
	if tag == "" || strings.ContainsAny(tag, " \t\n,#[]{}") {
		return nil, backend.Errorf(backend.EINVALID, "the tag %q is not a tag: no spaces, commas, # or brackets", tag)
	}
	return a.change(ctx, r, expectedVersion, dryRun, func(body string) (string, error) {
		for _, t := range markdown.Parse([]byte(body)).Tags {
			if strings.EqualFold(t, tag) {
				return body, nil
			}
		}
		return addFrontMatterTag(body, tag)
	})
}

// addFrontMatterTag adds tag to the `tags` of body's front matter.
func addFrontMatterTag(body, tag string) (string, error) {
	doc := markdown.Parse([]byte(body))
	if doc.BodyStart == 0 {
		return "---\ntags:\n  - " + tag + "\n---\n" + body, nil
	}
	if doc.FrontMatterError != "" {
		return "", backend.Errorf(backend.EINVALID, "the note's front matter is not valid YAML (%s); fix it first", doc.FrontMatterError)
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(doc.RawFrontMatter), &root); err != nil {
		return "", backend.Errorf(backend.EINVALID, "the note's front matter cannot be read: %v", err)
	}
	if root.Kind == 0 { // empty front matter
		root = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return "", backend.Errorf(backend.EINVALID, "the note's front matter is not a mapping")
	}
	item := &yaml.Node{Kind: yaml.ScalarNode, Value: tag}
	done := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := strings.ToLower(m.Content[i].Value); k != "tags" && k != "tag" {
			continue
		}
		v := m.Content[i+1]
		switch v.Kind {
		case yaml.SequenceNode:
			v.Content = append(v.Content, item)
		case yaml.ScalarNode:
			seq := &yaml.Node{Kind: yaml.SequenceNode}
			for _, t := range strings.FieldsFunc(v.Value, func(r rune) bool { return r == ',' || r == ' ' }) {
				seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: strings.TrimPrefix(t, "#")})
			}
			seq.Content = append(seq.Content, item)
			m.Content[i+1] = seq
		default:
			return "", backend.Errorf(backend.EINVALID, "the note's tags are neither a list nor text")
		}
		done = true
		break
	}
	if !done {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "tags"},
			&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{item}})
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return "", fmt.Errorf("agent: encode front matter: %w", err)
	}
	return "---\n" + buf.String() + "---\n" + body[doc.BodyStart:], nil
}

// RenameNote gives a note a new title in its folder; links to it are
// rewritten as the user's setting says.
func (a *Agent) RenameNote(ctx context.Context, r NoteRef, newTitle string, expectedVersion int, dryRun bool) (*WriteResult, error) {
	if err := a.canWrite(); err != nil {
		return nil, err
	}
	if err := requireVersion(expectedVersion); err != nil {
		return nil, err
	}
	t, err := service.CleanTitle(newTitle)
	if err != nil {
		return nil, err
	}
	n, err := a.atVersion(ctx, r, expectedVersion)
	if err != nil {
		return nil, err
	}
	newPath := t + ".md"
	if i := strings.LastIndex(n.Path, "/"); i >= 0 {
		newPath = n.Path[:i+1] + newPath
	}
	diff := fmt.Sprintf("rename %s\n    to %s\n", n.Path, newPath)
	if dryRun {
		return &WriteResult{DryRun: true, ID: n.ID.String(), Title: t, Path: newPath, Version: n.Version, Diff: diff}, nil
	}
	rewrite, err := a.d.Notes.RenameRewrites(ctx)
	if err != nil {
		return nil, err
	}
	renamed, err := a.d.Notes.Rename(ctx, n.ID.String(), expectedVersion, t, rewrite)
	if err != nil {
		return nil, err
	}
	return a.result(ctx, renamed, diff), nil
}

// AgentEvent is an agent's change or call, for `secondbrain mcp log`.
type AgentEvent struct {
	Seq     int64             `json:"event"`
	Time    string            `json:"time"`
	Kind    backend.EventKind `json:"kind"`
	Agent   string            `json:"agent"`
	NoteID  string            `json:"note_id,omitempty"`
	Title   string            `json:"title,omitempty"`
	Path    string            `json:"path,omitempty"`
	Version int               `json:"version,omitempty"`
	Diff    string            `json:"diff,omitempty"`
	Call    map[string]any    `json:"call,omitempty"`
}

// Log returns the agents' writes (and, with calls, every tool call), newest
// first, each write with its diff against the version before it.
func Log(ctx context.Context, store Store, calls bool, limit int) ([]AgentEvent, error) {
	evs, err := store.AgentEvents(ctx, calls, limit)
	if err != nil {
		return nil, err
	}
	out := make([]AgentEvent, 0, len(evs))
	for _, e := range evs {
		ae := AgentEvent{Seq: e.Seq, Time: e.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00"), Kind: e.Kind,
			Agent: strings.TrimPrefix(e.Origin, backend.OriginAgentPrefix)}
		if e.Kind == backend.EventAgentCall {
			// The call as recorded, whatever fields it had then.
			if err := json.Unmarshal(e.Payload, &ae.Call); err != nil {
				return nil, err
			}
			out = append(out, ae)
			continue
		}
		p, err := e.NotePayload()
		if err != nil {
			return nil, err
		}
		ae.Title, ae.Path, ae.Version = p.Title, p.Path, p.Version
		if e.NoteID != nil {
			ae.NoteID = e.NoteID.String()
			after := ""
			if p.Body != nil {
				after = *p.Body
			}
			before := ""
			if ae.Version > 1 {
				if prev, err := store.Version(ctx, *e.NoteID, ae.Version-1); err == nil {
					before = prev.Body
					if prev.Path != ae.Path && e.Kind == backend.EventNoteRenamed {
						ae.Diff = fmt.Sprintf("rename %s\n    to %s\n", prev.Path, ae.Path)
					}
				}
			}
			if p.Body != nil {
				ae.Diff = UnifiedDiff("a/"+ae.Path, "b/"+ae.Path, before, after)
			}
		}
		out = append(out, ae)
	}
	return out, nil
}

// Undo reverses the agent's change recorded by event seq: an edit goes
// back to the version before it, a new note goes to the trash, a rename
// takes the old title back. The undo is itself a new version (history keeps
// both). Returns EINVALID when the event is not an agent's change to a
// note, ENOTFOUND, and ECONFLICT when the note changed since (the user's
// later edit is never overwritten).
func Undo(ctx context.Context, notes *service.Notes, store Store, seq int64) (*backend.Note, error) {
	e, err := store.Event(ctx, seq)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(e.Origin, backend.OriginAgentPrefix) || e.NoteID == nil || e.Kind == backend.EventAgentCall {
		return nil, backend.Errorf(backend.EINVALID, "event %d is not an agent's change to a note", seq)
	}
	p, err := e.NotePayload()
	if err != nil {
		return nil, err
	}
	ver := p.Version
	cur, err := store.Note(ctx, *e.NoteID)
	if err != nil {
		return nil, err
	}
	if cur.Version != ver {
		return nil, backend.Errorf(backend.ECONFLICT, "%s changed since the agent's change (it made version %d; the note is at version %d): undo would overwrite the later change, so nothing was done. Restore a version from the note's history instead", cur.Path, ver, cur.Version)
	}
	id := e.NoteID.String()
	switch e.Kind {
	case backend.EventNoteCreated:
		return notes.Trash(ctx, id)
	case backend.EventNoteUpdated, backend.EventNoteReverted:
		return notes.Revert(ctx, id, ver, ver-1)
	case backend.EventNoteRenamed:
		prev, err := store.Version(ctx, *e.NoteID, ver-1)
		if err != nil {
			return nil, err
		}
		rewrite, err := notes.RenameRewrites(ctx)
		if err != nil {
			return nil, err
		}
		return notes.Rename(ctx, id, ver, prev.Title, rewrite)
	}
	return nil, backend.Errorf(backend.EINVALID, "an event of kind %s cannot be undone", e.Kind)
}

package cli

import (
	"fmt"
	"text/tabwriter"

	"secondbrain/app/dto"
	"secondbrain/backend"
)

// note runs `secondbrain note SUB ...`.
func (e *env) note(sub string, args []string) error {
	fs, g := e.flags("note " + sub)
	title := fs.String("title", "", "note title")
	folder := fs.String("folder", "", "folder inside the vault")
	bodyFile := fs.String("body-file", "", "file with the Markdown body, - for stdin")
	expect := fs.Int("expect-version", 0, "the version being edited")
	version := fs.Int("version", 0, "version to revert to")
	order := fs.String("order", "updated", "updated or title")
	limit := fs.Int("limit", 100, "notes per page")
	offset := fs.Int("offset", 0, "notes to skip")
	trash := fs.Bool("trash", false, "list the trash")
	asOf := fs.String("as-of", "", "restore: the moment to restore to (RFC 3339 or YYYY-MM-DD[THH:MM] in --tz)")
	tz := fs.String("tz", "", "time zone of --as-of (default: the timeline.timezone setting, else the system's)")
	noRewrite := fs.Bool("no-rewrite", false, "rename without rewriting links to the note (default: the rename.rewrite_links setting, on)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	needRef := func() (string, error) {
		if len(pos) != 1 {
			return "", usageError{fmt.Sprintf("note %s needs exactly one TITLE, PATH or ID", sub)}
		}
		return pos[0], nil
	}
	needExpect := func() error {
		if *expect <= 0 {
			return usageError{fmt.Sprintf("note %s needs --expect-version N (the version you edited; see `note show`)", sub)}
		}
		return nil
	}
	if sub == "restore" && *asOf != "" {
		return e.restoreAsOf(g, pos, *folder, *asOf, *tz)
	}
	switch sub {
	case "new":
		if *title == "" {
			return usageError{"note new needs --title"}
		}
	case "show", "trash", "restore", "delete", "history", "rename", "revert", "edit", "backlinks", "mentions", "links", "activity":
		if _, err := needRef(); err != nil {
			return err
		}
	case "list":
	default:
		return usageError{fmt.Sprintf("unknown note command %q", sub)}
	}
	if sub == "edit" && *bodyFile == "" {
		return usageError{"note edit needs --body-file FILE (or - for stdin)"}
	}
	if sub == "edit" || sub == "rename" || sub == "revert" {
		if err := needExpect(); err != nil {
			return err
		}
	}
	body := ""
	if *bodyFile != "" {
		if body, err = readBody(*bodyFile); err != nil {
			return err
		}
	}
	if err := e.open(g); err != nil {
		return err
	}
	notes := e.stack.Notes
	find := func() (*backend.Note, error) { return notes.Find(e.ctx, pos[0]) }
	var n *backend.Note
	switch sub {
	case "new":
		n, err = notes.Create(e.ctx, *title, *folder, body)
	case "show":
		n, err = find()
	case "edit":
		n, err = notes.Save(e.ctx, pos[0], *expect, body)
	case "rename":
		rewrite := !*noRewrite
		if rewrite {
			if rewrite, err = notes.RenameRewrites(e.ctx); err != nil {
				return err
			}
		}
		if n, err = find(); err == nil {
			n, err = notes.Rename(e.ctx, n.ID.String(), *expect, *title, rewrite)
		}
	case "trash":
		if n, err = find(); err == nil {
			n, err = notes.Trash(e.ctx, n.ID.String())
		}
	case "restore":
		if n, err = notes.Get(e.ctx, pos[0]); err == nil {
			n, err = notes.Restore(e.ctx, n.ID.String())
		}
	case "delete":
		if n, err = find(); err == nil {
			if err = notes.Delete(e.ctx, n.ID.String()); err == nil {
				return e.print(map[string]any{"deleted": n.ID.String()}, "deleted %s\n", n.Path)
			}
		}
	case "revert":
		if n, err = find(); err == nil {
			n, err = notes.Revert(e.ctx, n.ID.String(), *expect, *version)
		}
	case "history":
		if n, err = find(); err == nil {
			return e.history(n)
		}
	case "activity":
		if n, err = find(); err == nil {
			return e.noteActivity(n)
		}
	case "backlinks", "mentions", "links":
		if n, err = find(); err == nil {
			return e.links(sub, n)
		}
	case "list":
		return e.list(backend.ListOptions{Order: backend.NoteOrder(*order), Limit: *limit, Offset: *offset, Trashed: *trash})
	}
	if err != nil {
		return err
	}
	if sub == "show" && !e.json {
		fmt.Fprintf(e.stdout, "# %s\n%s · version %d · %s\n\n%s", n.Title, n.Path, n.Version, n.ID, n.Body)
		return nil
	}
	d := dto.FromNote(n)
	return e.print(d, "%s %s version %d\n", d.ID, d.Path, d.Version)
}

func (e *env) list(opts backend.ListOptions) error {
	page, err := e.stack.Notes.List(e.ctx, opts)
	if err != nil {
		return err
	}
	d := dto.FromPage(page)
	if e.json {
		return e.writeJSON(d)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, n := range d.Notes {
		fmt.Fprintf(tw, "%s\t%s\tv%d\t%s\n", n.ID, n.Path, n.Version, n.UpdatedAt)
	}
	fmt.Fprintf(tw, "%d of %d notes\n", len(d.Notes), d.Total)
	return tw.Flush()
}

func (e *env) history(n *backend.Note) error {
	vs, err := e.stack.Notes.History(e.ctx, n.ID.String())
	if err != nil {
		return err
	}
	d := dto.FromVersions(vs)
	if e.json {
		return e.writeJSON(map[string]any{"id": n.ID.String(), "versions": d})
	}
	for _, v := range d {
		fmt.Fprintf(e.stdout, "v%d\t%s\t%s\t%s\n", v.Version, v.At, v.Kind, v.Path)
	}
	return nil
}

// links prints a note's backlinks, unlinked mentions or outgoing links.
func (e *env) links(sub string, n *backend.Note) error {
	notes := e.stack.Notes
	id := n.ID.String()
	var (
		doc   any
		lines []string
	)
	switch sub {
	case "backlinks", "mentions":
		var list []dto.Backlink
		if sub == "backlinks" {
			bs, err := notes.Backlinks(e.ctx, id)
			if err != nil {
				return err
			}
			list = dto.FromBacklinks(bs)
		} else {
			ms, err := notes.UnlinkedMentions(e.ctx, id)
			if err != nil {
				return err
			}
			list = dto.FromMentions(ms)
		}
		doc = map[string]any{"id": id, sub: list}
		for _, b := range list {
			lines = append(lines, b.SourcePath+": "+b.Context)
		}
	case "links":
		ls, err := notes.OutgoingLinks(e.ctx, id)
		if err != nil {
			return err
		}
		list := dto.FromLinks(ls)
		doc = map[string]any{"id": id, "links": list}
		for _, l := range list {
			to := "(unresolved)"
			switch {
			case l.ResolvedID != "":
				to = "→ " + l.ResolvedTitle
			case l.AttachmentID != "":
				to = "→ attachment"
			}
			lines = append(lines, l.Kind+" "+l.Target+" "+to)
		}
	}
	if e.json {
		return e.writeJSON(doc)
	}
	for _, l := range lines {
		fmt.Fprintln(e.stdout, l)
	}
	return nil
}

// print writes v as JSON, or the formatted line for people.
func (e *env) print(v any, format string, args ...any) error {
	if e.json {
		return e.writeJSON(v)
	}
	_, err := fmt.Fprintf(e.stdout, format, args...)
	return err
}

package cli

import (
	"fmt"

	"secondbrain/backend/exporter"
	"secondbrain/backend/importer"
)

// importVault runs `secondbrain import PATH [--on-existing overwrite|keep-both]`:
// a Markdown folder, an Obsidian vault or a Logseq graph. Progress goes to
// stderr unless --json.
func (e *env) importVault(args []string) error {
	fs, g := e.flags("import")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	onExisting := fs.String("on-existing", importer.Overwrite, "a note already at a file's path with other text: overwrite it (history keeps the old text) or keep-both (the file comes in under a free name)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"import needs exactly one folder: secondbrain import PATH [--on-existing overwrite|keep-both]"}
	}
	if *onExisting != importer.Overwrite && *onExisting != importer.KeepBoth {
		return usageError{fmt.Sprintf("import: --on-existing is %s or %s, not %q", importer.Overwrite, importer.KeepBoth, *onExisting)}
	}
	if err := e.open(g); err != nil {
		return err
	}
	opts := importer.Options{Logger: e.log, OnExisting: *onExisting}
	if !e.json && !*quiet {
		opts.OnProgress = func(p importer.Progress) {
			fmt.Fprintf(e.stderr, "\r%-12s %6d/%-6d", p.Phase, p.Done, p.Total)
		}
	}
	rep, err := e.stack.Import(e.ctx, pos[0], opts)
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(rep)
	}
	fmt.Fprintf(e.stderr, "\r%40s\r", "")
	fmt.Fprintf(e.stdout, "imported %d notes (%d new, %d updated, %d unchanged) and %d attachments in %d ms\n",
		rep.Notes, rep.Created, rep.Updated, rep.Unchanged, rep.Attachments, rep.DurationMS)
	fmt.Fprintf(e.stdout, "%d links, %d unresolved; %d files skipped, %d renamed, %d warnings\n",
		rep.Links, rep.UnresolvedLinks, len(rep.Skipped), len(rep.Renamed), len(rep.Warnings))
	for _, p := range rep.UpdatedPaths {
		fmt.Fprintf(e.stdout, "  updated %s\n", p)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(e.stdout, "  skipped %s: %s\n", s.Path, s.Reason)
	}
	for _, s := range rep.Renamed {
		fmt.Fprintf(e.stdout, "  renamed %s → %s: %s\n", s.Path, s.NewPath, s.Reason)
	}
	for _, s := range rep.Warnings {
		fmt.Fprintf(e.stdout, "  warning %s: %s\n", s.Path, s.Reason)
	}
	if rep.Canceled {
		fmt.Fprintln(e.stdout, "canceled: what was imported is kept; run the import again to finish")
	}
	return nil
}

// exportVault runs `secondbrain export PATH`.
func (e *env) exportVault(args []string) error {
	fs, g := e.flags("export")
	asOf := fs.String("as-of", "", "write the vault as it was at this moment (RFC 3339 or YYYY-MM-DD[THH:MM] in --tz)")
	tz := fs.String("tz", "", "time zone of --as-of (default: the timeline.timezone setting, else the system's)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"export needs exactly one folder: secondbrain export PATH"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	if *asOf != "" {
		return e.exportAsOf(pos[0], *asOf, *tz)
	}
	rep, err := e.stack.Export(e.ctx, pos[0])
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(rep)
	}
	e.printExport(rep)
	return nil
}

// printExport prints an export's report as text.
func (e *env) printExport(rep *exporter.Report) {
	fmt.Fprintf(e.stdout, "exported %d notes and %d attachments (%d bytes) to %s in %d ms\n",
		rep.Notes, rep.Attachments, rep.Bytes, rep.Path, rep.DurationMS)
	for _, r := range rep.Renamed {
		fmt.Fprintf(e.stdout, "  renamed %s → %s: %s\n", r.Path, r.NewPath, r.Reason)
	}
	for _, m := range rep.Missing {
		fmt.Fprintf(e.stdout, "  missing attachment %s: its file is not in the data folder\n", m)
	}
}

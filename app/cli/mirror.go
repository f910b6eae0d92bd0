package cli

import (
	"fmt"
	"time"

	"secondbrain/backend/vault"
)

// vaultCmd runs `secondbrain vault attach|detach|status|sync|conflicts|
// resolve|confirm-deletions`: the folder mirror (backend/vault).
func (e *env) vaultCmd(args []string) error {
	const help = "vault needs a subcommand: attach PATH, detach, status, sync, conflicts, resolve ID --keep note|file|both, confirm-deletions --apply|--restore"
	if len(args) == 0 {
		return usageError{help}
	}
	sub := args[0]
	fs, g := e.flags("vault " + sub)
	keep := fs.String("keep", "", "resolve: note, file or both")
	apply := fs.Bool("apply", false, "confirm-deletions: move the notes of the deleted files to the trash")
	restore := fs.Bool("restore", false, "confirm-deletions: write the deleted files back from the vault")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	want := map[string]int{"attach": 1, "resolve": 1}[sub]
	switch sub {
	case "attach", "detach", "status", "sync", "conflicts", "resolve", "confirm-deletions":
	default:
		return usageError{fmt.Sprintf("unknown vault subcommand %q; %s", sub, help)}
	}
	if len(pos) != want {
		return usageError{fmt.Sprintf("vault %s takes %d argument(s); %s", sub, want, help)}
	}
	if sub == "resolve" && *keep != vault.KeepNote && *keep != vault.KeepFile && *keep != vault.KeepBoth {
		return usageError{"vault resolve needs --keep note|file|both"}
	}
	if sub == "confirm-deletions" && *apply == *restore {
		return usageError{"vault confirm-deletions needs one of --apply or --restore"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	m := e.stack.Vault()
	var st vault.Status
	switch sub {
	case "attach":
		st, err = m.Attach(e.ctx, pos[0])
	case "detach":
		st, err = m.Detach(e.ctx)
	case "status":
		st = m.Status(e.ctx)
	case "sync":
		start := time.Now()
		st, err = m.SyncOnce(e.ctx)
		if err == nil && !e.json {
			fmt.Fprintf(e.stdout, "synced in %d ms\n", time.Since(start).Milliseconds())
		}
	case "confirm-deletions":
		st, err = m.ConfirmDeletions(e.ctx, *apply)
	case "conflicts":
		cs, err := m.Conflicts(e.ctx)
		if err != nil {
			return err
		}
		if e.json {
			out := make([]conflictJSON, len(cs))
			for i, c := range cs {
				out[i] = conflictJSON{ID: c.ID.String(), NoteID: c.NoteID.String(), Title: c.Title, Path: c.Path,
					ConflictPath: c.ConflictPath, Created: c.Created.UTC().Format(time.RFC3339)}
			}
			return e.writeJSON(out)
		}
		if len(cs) == 0 {
			fmt.Fprintln(e.stdout, "no conflicts")
		}
		for _, c := range cs {
			fmt.Fprintf(e.stdout, "%s  %s  %s ↔ %s\n", c.ID, c.Created.Local().Format("2006-01-02 15:04"), c.Path, c.ConflictPath)
		}
		return nil
	case "resolve":
		if err := m.Resolve(e.ctx, pos[0], *keep); err != nil {
			return err
		}
		st = m.Status(e.ctx)
	}
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(st)
	}
	printVaultStatus(e, st)
	return nil
}

// conflictJSON is one entry of `vault conflicts --json`.
type conflictJSON struct {
	ID           string `json:"id"`
	NoteID       string `json:"note_id"`
	Title        string `json:"title"`
	Path         string `json:"path"`
	ConflictPath string `json:"conflict_path"`
	Created      string `json:"created"`
}

func printVaultStatus(e *env, st vault.Status) {
	if !st.Attached {
		fmt.Fprintln(e.stdout, "vault: no folder attached")
		return
	}
	fmt.Fprintf(e.stdout, "vault: %s\n", st.Path)
	fmt.Fprintf(e.stdout, "  lag %d events, %d external changes pending, %d conflicts, %d deletions awaiting confirmation\n",
		st.LagEvents, st.PendingExternal, st.Conflicts, st.PendingDeletions)
	if st.PendingDeletions > 0 {
		fmt.Fprintln(e.stdout, "  confirm with `secondbrain vault confirm-deletions --apply`, or bring the files back with --restore")
	}
	if st.LastError != "" {
		fmt.Fprintf(e.stdout, "  error: %s\n", oneLine(st.LastError))
	}
	for _, is := range st.Issues {
		fmt.Fprintf(e.stdout, "  not synced %s: %s\n", is.Path, is.Message)
	}
}

package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/devicesync"
)

// syncCmd runs `secondbrain sync setup|run|status|confirm-trash`: device
// sync through a hub (backend/devicesync).
func (e *env) syncCmd(args []string) error {
	const help = "sync needs a subcommand: setup --hub DSN --device NAME, run, status, confirm-trash --apply|--reject"
	if len(args) == 0 {
		return usageError{help}
	}
	sub := args[0]
	fs, g := e.flags("sync " + sub)
	hub := fs.String("hub", "", "setup: the hub's PostgreSQL DSN (any PostgreSQL 15+ you can reach; sslmode as libpq)")
	device := fs.String("device", "", "setup: this device's name")
	apply := fs.Bool("apply", false, "confirm-trash: move the notes to the trash as the other device did")
	reject := fs.Bool("reject", false, "confirm-trash: keep the notes, on every device")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch sub {
	case "setup", "run", "status", "confirm-trash":
	default:
		return usageError{fmt.Sprintf("unknown sync subcommand %q; %s", sub, help)}
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("sync %s takes no arguments; %s", sub, help)}
	}
	if sub == "setup" && (*hub == "" || strings.TrimSpace(*device) == "") {
		return usageError{"sync setup needs --hub DSN and --device NAME"}
	}
	if sub == "confirm-trash" && *apply == *reject {
		return usageError{"sync confirm-trash needs one of --apply or --reject"}
	}
	var pass string
	if sub == "setup" {
		if pass, err = e.passphrase(); err != nil {
			return err
		}
	}
	if err := e.open(g); err != nil {
		return err
	}
	eng := e.stack.Sync()
	switch sub {
	case "setup":
		res, err := eng.Setup(e.ctx, *hub, *device, pass)
		if err != nil {
			return err
		}
		if err := config.Update(config.FilePath(), func(c *config.Config) { c.Sync.Hub = *hub }); err != nil {
			return err
		}
		if e.json {
			return e.writeJSON(map[string]any{"device": res.Device.Name, "device_id": res.Device.ID, "created": res.Created, "recovery_code": res.RecoveryCode})
		}
		if res.Created {
			fmt.Fprintf(e.stdout, "made a new vault on %s; this device is %q\n", devicesync.RedactDSN(*hub), res.Device.Name)
			fmt.Fprintf(e.stdout, "recovery code (shown once; keep it somewhere safe, it unlocks the vault if the passphrase is lost):\n\n  %s\n\n", res.RecoveryCode)
		} else {
			fmt.Fprintf(e.stdout, "joined the vault on %s as %q; run `secondbrain sync run` to sync\n", devicesync.RedactDSN(*hub), res.Device.Name)
		}
		return nil
	case "run":
		start := time.Now()
		if err := eng.RunOnce(e.ctx); err != nil {
			return err
		}
		if !e.json {
			st, _ := eng.Status(e.ctx)
			fmt.Fprintf(e.stdout, "synced in %d ms: pushed %d, pulled %d, %d conflicts\n", time.Since(start).Milliseconds(), st.PushedSeq, st.PulledSeq, st.Conflicts)
			if st.PendingTrash > 0 {
				fmt.Fprintf(e.stdout, "%d notes trashed on another device wait for `secondbrain sync confirm-trash --apply|--reject`\n", st.PendingTrash)
			}
			return nil
		}
	case "confirm-trash":
		if err := eng.ConfirmTrash(e.ctx, *apply); err != nil {
			return err
		}
	}
	st, err := eng.Status(e.ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(st)
	}
	if !st.Configured {
		fmt.Fprintln(e.stdout, "device sync: not set up (secondbrain sync setup --hub DSN --device NAME)")
		return nil
	}
	last := "never"
	if st.LastSyncAt != nil {
		last = st.LastSyncAt.Local().Format(time.DateTime)
	}
	fmt.Fprintf(e.stdout, "device %q on hub %s\npushed %d, pulled %d; %d changes waiting to go out, %d to come in; %d conflicts; last sync %s\n",
		st.Device, st.Hub, st.PushedSeq, st.PulledSeq, st.PendingOut, st.PendingIn, st.Conflicts, last)
	if st.PendingTrash > 0 {
		fmt.Fprintf(e.stdout, "%d notes trashed on another device wait for `secondbrain sync confirm-trash --apply|--reject`\n", st.PendingTrash)
	}
	if st.LastError != "" {
		fmt.Fprintf(e.stdout, "last error: %s\n", oneLine(st.LastError))
	}
	return nil
}

// passphrase returns SECONDBRAIN_SYNC_PASSPHRASE, or asks on the terminal
// without echo (a line of stdin when it is not a terminal).
func (e *env) passphrase() (string, error) {
	if p := os.Getenv("SECONDBRAIN_SYNC_PASSPHRASE"); p != "" {
		return p, nil
	}
	fmt.Fprint(e.stderr, "sync passphrase: ")
	defer fmt.Fprintln(e.stderr)
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		b, err := term.ReadPassword(fd)
		if err != nil {
			return "", backend.Errorf(backend.EINVALID, "cannot read the passphrase: %v", err)
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if strings.TrimSpace(line) == "" {
		return "", backend.Errorf(backend.EINVALID, "no passphrase given (set SECONDBRAIN_SYNC_PASSPHRASE or type it): %v", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// Package cli is the headless command line of the secondbrain binary: the
// same backend as the desktop app, without a window, for scripts, tests and
// benchmarks. With --json every command prints one JSON document on stdout,
// errors included ({"error": {"code", "message"}}), and exits non-zero on error.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
)

// Commands lists the subcommands Run answers, so main can tell a subcommand
// from desktop flags.
var Commands = []string{"note", "daily", "tags", "doctor", "search", "eval", "import", "export", "graph", "vectors", "related", "vault", "sync", "mcp", "timeline", "on-this-day", "version", "help"}

// IsCommand reports whether arg names a subcommand.
func IsCommand(arg string) bool {
	for _, c := range Commands {
		if arg == c {
			return true
		}
	}
	return arg == "--version" || arg == "-version" || arg == "--help" || arg == "-h"
}

// usageError is a mistake in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// env is what one command invocation works with.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	json   bool
	// version is the program's version, from the build.
	version string
	cfg     config.Config
	log     *slog.Logger
	stack   *stack.Stack
	// pgIdle, when set, overrides how long the embedded cluster outlives
	// this process ("0" for a long-running server such as mcp).
	pgIdle string
}

// Run executes the subcommand in args (without the program name) and returns
// the process exit code: 0 on success, 1 on an error, 2 on a usage error.
// version is the program's version, from the build.
func Run(ctx context.Context, version string, args []string, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, version: version, stdout: stdout, stderr: stderr}
	for _, a := range args {
		if a == "--json" || a == "-json" {
			e.json = true
		}
	}
	err := e.run(args)
	if e.stack != nil {
		if cerr := e.stack.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = cerr
		}
	}
	if err == nil {
		return 0
	}
	code := 1
	var ue usageError
	if errors.As(err, &ue) {
		code = 2
	}
	e.printError(err)
	return code
}

// reported is an error whose command already printed it.
type reported struct{ error }

func (r reported) Unwrap() error { return r.error }

func (e *env) printError(err error) {
	if _, ok := err.(reported); ok {
		return
	}
	var ue usageError
	ecode, msg := backend.ErrorCode(err), backend.ErrorMessage(err)
	if errors.As(err, &ue) {
		ecode, msg = backend.EINVALID, ue.msg
	}
	msg = backend.Redact(msg)
	if ecode == backend.EINTERNAL && e.log != nil {
		e.log.Error("command failed", "err", err)
	}
	if e.json {
		e.writeJSON(map[string]any{"error": map[string]string{"code": ecode, "message": msg}})
		return
	}
	fmt.Fprintf(e.stderr, "secondbrain: %s\n", oneLine(msg))
}

func (e *env) run(args []string) error {
	if len(args) == 0 {
		return usageError{"no command given; try `secondbrain help`"}
	}
	switch args[0] {
	case "version", "--version", "-version":
		if e.json {
			return e.writeJSON(map[string]string{"version": e.version})
		}
		fmt.Fprintln(e.stdout, "secondbrain", e.version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(e.stdout, usage)
		return nil
	case "doctor":
		return e.doctor(args[1:])
	case "daily":
		return e.daily(args[1:])
	case "tags":
		return e.tags(args[1:])
	case "search":
		return e.search(args[1:])
	case "eval":
		return e.eval(args[1:])
	case "import":
		return e.importVault(args[1:])
	case "export":
		return e.exportVault(args[1:])
	case "vault":
		return e.vaultCmd(args[1:])
	case "sync":
		return e.syncCmd(args[1:])
	case "graph":
		return e.graph(args[1:])
	case "vectors":
		return e.vectors(args[1:])
	case "related":
		return e.related(args[1:])
	case "mcp":
		return e.mcpCmd(args[1:])
	case "timeline":
		return e.timeline(args[1:])
	case "on-this-day":
		return e.onThisDay(args[1:])
	case "note":
		if len(args) < 2 {
			return usageError{"note needs a subcommand: new, show, edit, list, rename, trash, restore, delete, history, revert, activity"}
		}
		return e.note(args[1], args[2:])
	}
	return usageError{fmt.Sprintf("unknown command %q; try `secondbrain help`", args[0])}
}

const usage = `secondbrain — Markdown notes in a knowledge graph

Usage: secondbrain COMMAND [flags] [--data-dir DIR] [--postgres DSN] [--json]
Without a command it opens the desktop window.

  note new --title T [--folder F] [--body-file FILE|-]
  note show TITLE|PATH|ID
  note edit ID --body-file FILE|- --expect-version N
  note list [--order updated|title] [--limit N] [--offset N] [--trash]
  note rename TITLE|ID --title NEW --expect-version N [--no-rewrite]
  note trash|delete TITLE|ID
  note restore ID
  note restore TITLE|ID --as-of T   its text as of T, as a new version
  note restore --folder F --as-of T   every note that was in F at T
  note history TITLE|ID
  note activity TITLE|ID   the note's changes over time, with words added/removed
  note revert TITLE|ID --version V --expect-version N
  note backlinks|mentions|links TITLE|ID
  daily [--date YYYY-MM-DD]   today's (or that day's) daily note, created if missing
  tags           every tag with its note count
  import PATH [--on-existing overwrite|keep-both]
                 import a Markdown folder, Obsidian vault or Logseq graph
  export PATH    write every note (and attachment) to a folder of Markdown
  export PATH --as-of T   the vault as it was at T (RFC 3339 or YYYY-MM-DD[THH:MM])
  timeline --from D --to D [--bucket hour|day|week|month] [--folder F] [--tag T] [--type X]
                 notes created/edited/renamed/trashed and words per bucket
  on-this-day [--date D]   notes changed on this day in earlier years, and dated that day
                 (dates in the time zone --tz, else the timeline.timezone setting, else the system's)
  vault attach PATH   keep the vault and a folder of Markdown the same notes, both ways
                 (the desktop app keeps it continuous; the CLI syncs with vault sync)
  vault detach|status|sync   stop mirroring; where it stands; one pass both ways
  vault conflicts | resolve ID --keep note|file|both
  vault confirm-deletions --apply|--restore   a mass deletion in the folder waits for this
  sync setup --hub DSN --device NAME   join (or make) the vault on a hub, any PostgreSQL;
                 passphrase prompted or SECONDBRAIN_SYNC_PASSPHRASE; prints a recovery code once
  sync run | status [--json]   one push-and-pull pass; where sync stands
  sync confirm-trash --apply|--reject   a pull trashing many notes waits for this
  search QUERY [--mode lexical|semantic|hybrid] [--limit N] [--tag T] [--folder F]
                 (a note titled QUERY first; no QUERY and a filter: its notes, newest first)
  related TITLE|ID [--limit N]   notes near in meaning or sharing links, with why
  graph neighbors TITLE|ID [--depth N] [--labels L,..] [--types T,..] [--limit N]
  graph path A B [--max-depth N]
  graph stats|orphans|hubs|clusters [--limit N]
  graph rebuild  derive the Neo4j projection again
  vectors rebuild  derive the Qdrant collection again from PostgreSQL (recreated
                 when it no longer fits the model: another dimension)
                 (graph commands take --graph sql|neo4j; default neo4j when configured)
  mcp [--http 127.0.0.1:PORT]   serve AI agents over the Model Context Protocol
                 (stdio; --http: loopback with the bearer token agents.http_token)
  mcp log [--calls] [--limit N]   agents' writes with their diffs (--calls: every call)
  mcp undo EVENT   reverse an agent's write (a conflict if the note changed since)
  eval DIR [--mode lexical|semantic|hybrid]   search quality on a BEIR-layout relevance set
  eval --titles VAULT [--mode M]   known-item search over every note title of a vault
  doctor         status of every store

The embedded PostgreSQL is shared by every process on a data dir and keeps
running for SECONDBRAIN_PG_IDLE (default 60s) after the last command.
  version        print the version
`

// flags returns a flag set with the global flags every command takes.
func (e *env) flags(name string) (*flag.FlagSet, *globalFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g := &globalFlags{}
	fs.StringVar(&g.dataDir, "data-dir", "", "data folder (default: the OS user data folder)")
	fs.StringVar(&g.postgres, "postgres", "", "PostgreSQL DSN (default: the embedded cluster)")
	fs.BoolVar(&g.json, "json", false, "print JSON")
	return fs, g
}

type globalFlags struct {
	dataDir  string
	postgres string
	json     bool
}

// parse parses flags and positional arguments in any order.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// open loads the configuration with the command's flags and opens the backend.
func (e *env) open(g *globalFlags) error {
	cfg, err := config.Load(config.FilePath())
	if err != nil {
		return err
	}
	if g.dataDir != "" {
		cfg.DataDir = g.dataDir
	}
	if g.postgres != "" {
		cfg.PostgresDSN = g.postgres
	}
	if e.pgIdle != "" {
		cfg.PGIdle = e.pgIdle
	}
	if cfg.DataDir, err = stack.AbsDataDir(cfg.DataDir); err != nil {
		return err
	}
	e.cfg = cfg
	e.log = newLogger(e.stderr, cfg.LogLevel)
	s, err := stack.Open(e.ctx, cfg, e.log)
	if err != nil {
		return err
	}
	e.stack = s
	return nil
}

// newLogger logs to stderr; the CLI keeps quiet below warnings unless the
// configured level asks for more. Secrets are redacted (backend.RedactLogAttr).
func newLogger(w io.Writer, level string) *slog.Logger {
	lv := slog.LevelWarn
	if level == "debug" {
		lv = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lv, ReplaceAttr: backend.RedactLogAttr}))
}

func (e *env) writeJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// readBody reads a note body from a file, or stdin for "-".
func readBody(path string) (string, error) {
	var (
		b   []byte
		err error
	)
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(os.Stdin, 1<<30))
	} else {
		b, err = os.ReadFile(filepath.Clean(path))
	}
	if err != nil {
		return "", backend.Errorf(backend.EINVALID, "cannot read the body file: %v", err)
	}
	return string(b), nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

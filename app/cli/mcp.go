package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"secondbrain/app/mcp"
	"secondbrain/backend"
	"secondbrain/backend/agent"
	"secondbrain/backend/config"
)

// mcpCmd runs `secondbrain mcp`: the MCP server on stdio (or --http on
// loopback), and its `log` and `undo` subcommands.
func (e *env) mcpCmd(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "log":
			return e.mcpLog(args[1:])
		case "undo":
			return e.mcpUndo(args[1:])
		}
	}
	fs, g := e.flags("mcp")
	httpAddr := fs.String("http", "", "serve streamable HTTP on this loopback host:port instead of stdio")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("mcp takes no argument %q; subcommands: log, undo", pos[0])}
	}
	// A long-running server, like the window: the embedded cluster stops
	// with the last process that uses it.
	e.pgIdle = "0"
	var (
		token string
		l     net.Listener
	)
	if *httpAddr != "" {
		if l, err = mcp.Listen(*httpAddr); err != nil {
			return err
		}
		defer l.Close()
		if token, err = ensureHTTPToken(config.FilePath()); err != nil {
			return err
		}
	}
	if err := e.open(g); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	e.stack.StartProjectors(ctx)
	e.stack.StartIndexer(ctx)
	e.stack.Warm(ctx)
	srv := mcp.NewServer(e.stack, mcp.Options{Version: e.version, Log: e.log, ConfigFile: config.FilePath()})
	if *httpAddr == "" {
		return mcp.ServeStdio(ctx, srv)
	}
	fmt.Fprintf(e.stderr, "secondbrain mcp: serving http://%s/ (bearer token in %s, agents.http_token)\n", l.Addr(), config.FilePath())
	return mcp.ServeHTTP(ctx, srv, l, token)
}

// ensureHTTPToken returns agents.http_token from the config file at path,
// generating and saving it (0600) when it is missing. Only the file's own
// settings are saved back, never the environment's.
func ensureHTTPToken(path string) (string, error) {
	var c config.Config
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", backend.Errorf(backend.EINVALID, "cannot read the config file %s: %v", path, err)
	default:
		if err := json.Unmarshal(b, &c); err != nil {
			return "", backend.Errorf(backend.EINVALID, "the config file %s is not valid JSON: %v", path, err)
		}
	}
	if c.Agents.HTTPToken != "" {
		return c.Agents.HTTPToken, os.Chmod(path, 0o600)
	}
	c.Agents.HTTPToken = mcp.NewToken()
	if err := config.Save(path, c); err != nil {
		return "", backend.Errorf(backend.EINVALID, "cannot save the HTTP token in %s: %v", path, err)
	}
	return c.Agents.HTTPToken, nil
}

// mcpLog runs `secondbrain mcp log`: the agents' writes with their diffs,
// newest first (--calls adds every tool call).
func (e *env) mcpLog(args []string) error {
	fs, g := e.flags("mcp log")
	limit := fs.Int("limit", 50, "most entries to show")
	calls := fs.Bool("calls", false, "list every tool call too, not only writes")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"mcp log takes no argument"}
	}
	if *limit < 1 || *limit > 10_000 {
		return usageError{"mcp log --limit must be between 1 and 10000"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	evs, err := agent.Log(e.ctx, e.stack.Agents, *calls, *limit)
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(map[string]any{"events": evs})
	}
	if len(evs) == 0 {
		fmt.Fprintln(e.stdout, "no agent activity")
	}
	for _, ev := range evs {
		if ev.Call != nil {
			fmt.Fprintf(e.stdout, "%d  %s  %s  call %v (%v bytes)\n", ev.Seq, ev.Time, ev.Agent, ev.Call["tool"], ev.Call["result_bytes"])
			continue
		}
		fmt.Fprintf(e.stdout, "%d  %s  %s  %s %s (version %d)\n%s\n", ev.Seq, ev.Time, ev.Agent, ev.Kind, ev.Path, ev.Version, ev.Diff)
	}
	return nil
}

// mcpUndo runs `secondbrain mcp undo EVENT`.
func (e *env) mcpUndo(args []string) error {
	fs, g := e.flags("mcp undo")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"mcp undo needs one EVENT number (from `secondbrain mcp log`)"}
	}
	seq, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || seq < 1 {
		return usageError{fmt.Sprintf("mcp undo: %q is not an event number", pos[0])}
	}
	if err := e.open(g); err != nil {
		return err
	}
	n, err := agent.Undo(e.ctx, e.stack.Notes, e.stack.Agents, seq)
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(map[string]any{"id": n.ID.String(), "title": n.Title, "path": n.Path, "version": n.Version, "trashed": n.TrashedAt != nil})
	}
	fmt.Fprintf(e.stdout, "undone: %s is at version %d\n", n.Path, n.Version)
	return nil
}

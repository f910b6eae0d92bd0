// Package mcp serves the brain to AI agents over the Model Context Protocol
// (the official Go SDK): tools to search, read, walk the graph and — when
// the user allows it — write notes, the notes as resources (note://ID) and
// two prompts. It only wires the SDK to the agent use case
// (backend/agent), which enforces private folders and tags, read-only mode
// and dry runs; every tool call is recorded in the event log.
package mcp

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/agent"
)

// MaxArgumentBytes is the largest tool call's arguments accepted, in bytes.
const MaxArgumentBytes = 1 << 20

// Options configure a server.
type Options struct {
	// Version is the program's version, sent in the handshake.
	Version string
	Log     *slog.Logger
	// ConfigFile, when set, is followed for changes to the agents section
	// (private folders and tags, writes allowed) while the server runs;
	// otherwise the stack's config applies for good.
	ConfigFile string
}

// server holds what the tool handlers use.
type server struct {
	agent *agent.Agent
	store agent.Store
	log   *slog.Logger
}

// NewAgent returns the agent use case over an opened stack, with the
// policy from its config, or followed in configFile when set.
func NewAgent(st *stack.Stack, configFile string, log *slog.Logger) *agent.Agent {
	d := agent.Deps{Notes: st.Notes, Store: st.Agents, Search: st.Search, Graph: st.Graph, Log: log}
	if st.Related.Available() {
		d.Related = func(ctx context.Context, id uuid.UUID, limit int) ([]agent.Related, error) {
			hits, err := st.Related.FindID(ctx, id, limit)
			if err != nil {
				return nil, err
			}
			out := make([]agent.Related, len(hits))
			for i, h := range hits {
				out[i] = agent.Related{ID: h.ID.String(), Title: h.Title, Path: h.Path, Score: h.Score, Why: h.Why}
			}
			return out, nil
		}
	}
	if configFile == "" {
		return agent.New(d, policyOf(st.Config.Agents))
	}
	return agent.NewWithPolicy(d, newFilePolicy(configFile, st.Config.Agents, log).Policy)
}

// NewServer returns the MCP server of an opened stack.
func NewServer(st *stack.Stack, opts Options) *sdk.Server {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "mcp")
	return newServer(NewAgent(st, opts.ConfigFile, log), st.Agents, opts.Version, log)
}

func newServer(a *agent.Agent, store agent.Store, version string, log *slog.Logger) *sdk.Server {
	s := &server{agent: a, store: store, log: log}
	instructions := "Second Brain: the user's Markdown notes, their links and tags. Search first, then read_note; cite the citation (note id, version, lines) of every passage you use."
	if a.Policy().AllowWrites {
		instructions += " Writes are allowed: read a note first and pass its version as expected_version; try dry_run: true to see the diff first."
	} else {
		instructions += " The user keeps agents read-only: write tools answer with an error."
	}
	srv := sdk.NewServer(&sdk.Implementation{Name: "secondbrain", Title: "Second Brain", Version: version},
		&sdk.ServerOptions{Instructions: instructions, Logger: log})
	srv.AddReceivingMiddleware(s.audit)
	s.addTools(srv)
	s.addResources(srv)
	s.addPrompts(srv)
	return srv
}

// callerName is the client's name from the MCP handshake.
func callerName(ss *sdk.ServerSession) string {
	if ss == nil {
		return ""
	}
	if p := ss.InitializeParams(); p != nil && p.ClientInfo != nil {
		return p.ClientInfo.Name
	}
	return ""
}

// audit refuses oversized tool calls and records every tool call in the
// event log with the caller's name as its origin.
func (s *server) audit(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		if method != "tools/call" {
			return next(ctx, method, req)
		}
		ctr, ok := req.(*sdk.CallToolRequest)
		if !ok {
			return next(ctx, method, req)
		}
		origin := backend.AgentOrigin(callerName(ctr.Session))
		ctx = backend.WithOrigin(ctx, origin)
		start := time.Now()
		var (
			res sdk.Result
			err error
		)
		if n := len(ctr.Params.Arguments); n > MaxArgumentBytes {
			r := &sdk.CallToolResult{}
			r.SetError(backend.Errorf(backend.EINVALID, "the arguments are %d bytes; the limit is %d (1 MB)", n, MaxArgumentBytes))
			res = r
		} else {
			res, err = next(ctx, method, req)
		}
		size, isError := 0, err != nil
		if r, ok := res.(*sdk.CallToolResult); ok && r != nil {
			b, _ := json.Marshal(r)
			size, isError = len(b), isError || r.IsError
		}
		payload := backend.AgentCallPayload{
			Tool: ctr.Params.Name, Arguments: auditArguments(ctr.Params.Arguments),
			ResultBytes: size, Error: isError, Client: strings.TrimPrefix(origin, backend.OriginAgentPrefix),
			DurMS: time.Since(start).Milliseconds(),
		}
		if _, aerr := s.store.AppendEvent(context.WithoutCancel(ctx), backend.EventAgentCall, payload); aerr != nil {
			s.log.Warn("cannot record a tool call", "err", aerr)
		}
		return res, err
	}
}

// auditArguments returns a call's arguments for the log: keys that name
// secrets dropped, long texts cut to 1 KB (bodies are in the notes'
// history anyway), oversized or malformed arguments summarised.
func auditArguments(raw json.RawMessage) any {
	if len(raw) > MaxArgumentBytes {
		return map[string]any{"omitted_bytes": len(raw)}
	}
	var args map[string]any
	if err := json.Unmarshal(raw, &args); err != nil {
		return map[string]any{"malformed_bytes": len(raw)}
	}
	for k, v := range args {
		lk := strings.ToLower(k)
		if strings.Contains(lk, "token") || strings.Contains(lk, "password") || strings.Contains(lk, "secret") || strings.Contains(lk, "key") {
			args[k] = "[redacted]"
			continue
		}
		if s, ok := v.(string); ok && len(s) > 1024 {
			cut := 1024
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			args[k] = s[:cut] + fmt.Sprintf("… (%d bytes)", len(s))
		}
	}
	return args
}

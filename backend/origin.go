package backend

import (
	"context"
	"strings"
)

// OriginAgentPrefix starts the origin of a change made by an AI agent
// through the MCP server: "agent:" and the client's name.
const OriginAgentPrefix = "agent:"

// OriginFolder is the origin of a change read from the attached folder of
// Markdown files (backend/vault): the mirror does not write it back.
const OriginFolder = "folder"

type originKey struct{}

// WithOrigin returns a context whose changes the store records as made by
// origin ("" for the user; "agent:NAME" for an MCP client).
func WithOrigin(ctx context.Context, origin string) context.Context {
	return context.WithValue(ctx, originKey{}, origin)
}

// Origin returns who makes the changes in ctx: "" for the user.
func Origin(ctx context.Context) string {
	o, _ := ctx.Value(originKey{}).(string)
	return o
}

// AgentOrigin returns the origin of an agent named name, its name kept to
// printable characters and 64 bytes.
func AgentOrigin(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if len(name) > 64 {
		name = name[:64]
	}
	if name == "" {
		name = "unknown"
	}
	return OriginAgentPrefix + name
}

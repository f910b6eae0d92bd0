// Package ent holds the Ent schema (schema/), the code generated from it and
// the versioned migrations (migrate/migrations) that are embedded in the
// binary and applied at start-up.
package ent

//go:generate go run -mod=mod entgo.io/ent/cmd/ent generate --feature sql/versioned-migration,sql/execquery,sql/upsert,sql/lock ./schema

// Command diff writes a new versioned migration to ent/migrations with the
// changes between the migrations already there and the Ent schema. It starts
// a throwaway embedded PostgreSQL as the dev database, replays the existing
// files on it and diffs against the schema.
//
//	go run ./ent/migrations/diff NAME          write NAME's migration, if any
//	go run ./ent/migrations/diff -check        fail if the schema has changes no migration holds
//	go run ./ent/migrations/diff -rehash       rewrite atlas.sum after a hand edit
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"secondbrain/backend/pgserver"
	"secondbrain/ent/migrations/devdiff"
)

func main() {
	dir := flag.String("dir", "ent/migrations", "migration directory")
	check := flag.Bool("check", false, "only check that no migration is missing")
	rehash := flag.Bool("rehash", false, "rewrite atlas.sum from the files")
	flag.Parse()
	if err := run(*dir, *check, *rehash, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "diff:", err)
		os.Exit(1)
	}
}

func run(dir string, check, rehash bool, name string) error {
	if rehash {
		return devdiff.Rehash(dir)
	}
	if !check && name == "" {
		return fmt.Errorf("usage: diff NAME | -check | -rehash")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tmp, err := os.MkdirTemp("", "secondbrain-devdb-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: filepath.Join(tmp, "data"), BinDir: os.Getenv("SECONDBRAIN_PG_BIN"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer srv.Stop(context.WithoutCancel(ctx))
	if check {
		changes, err := devdiff.Pending(ctx, srv.DSN(), dir)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			return fmt.Errorf("the Ent schema has changes that no migration holds; run `make migration NAME=...`:\n%s", changes)
		}
		fmt.Println("migrations match the schema")
		return nil
	}
	wrote, err := devdiff.Write(ctx, srv.DSN(), dir, name)
	if err != nil {
		return err
	}
	if wrote == "" {
		fmt.Println("no changes")
	} else {
		fmt.Println("wrote", wrote)
	}
	return nil
}

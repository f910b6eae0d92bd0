// Command secondbrain is the Second Brain desktop app and, given a
// subcommand, its headless command line. main only wires: flags → config →
// slog → app → wails.Run. Nothing is started before wails.Run, because
// Wails runs main to generate the frontend bindings.
package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/wailsapp/wails/v2"

	"secondbrain/app"
	"secondbrain/app/cli"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
)

// version is stamped at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, version, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	if err := runDesktop(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "secondbrain:", backend.Redact(err.Error()))
		os.Exit(1)
	}
}

// runDesktop opens the window. Flags: --data-dir, --postgres.
func runDesktop(args []string) error {
	fl := flag.NewFlagSet("secondbrain", flag.ContinueOnError)
	dataDir := fl.String("data-dir", "", "data folder (default: the OS user data folder)")
	postgres := fl.String("postgres", "", "PostgreSQL DSN (default: the embedded cluster)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(config.FilePath())
	if err != nil {
		return err
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir
	}
	if *postgres != "" {
		cfg.PostgresDSN = *postgres
	}
	if cfg.DataDir, err = stack.AbsDataDir(cfg.DataDir); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel(cfg.LogLevel),
		ReplaceAttr: backend.RedactLogAttr}))
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return err
	}
	a := app.New(cfg, logger, version)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		logger.Info("signal received, quitting")
		a.Quit()
	}()
	return wails.Run(a.Options(dist))
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}

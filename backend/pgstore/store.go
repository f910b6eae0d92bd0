// Package pgstore keeps notes and the event log in PostgreSQL through Ent.
// It implements backend.NoteStore; Ent types never leave this package, and
// driver errors are translated to *backend.Error here.
package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"secondbrain/backend"
	"secondbrain/ent"
	"secondbrain/ent/migrations"
)

// Store is the PostgreSQL system of record. It is safe for concurrent use.
type Store struct {
	db     *sql.DB
	client *ent.Client
	log    *slog.Logger
	target string // "host … database …" for messages; never holds a password
}

var _ backend.NoteStore = (*Store)(nil)

// Open connects to the database at dsn, applies every pending migration and
// returns the store. A DSN that cannot be parsed is EINVALID; a server that
// cannot be reached is EUNAVAILABLE with a message naming the host and
// database (never the password).
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*Store, error) {
	db, err := Connect(ctx, dsn, logger)
	if err != nil {
		return nil, err
	}
	return New(db, logger), nil
}

// DB is a connection pool to a migrated database: the store and the
// packages that read the same tables in SQL (sqlgraph, titleindex) share
// it. The composition root opens it with Connect and hands it to each.
type DB struct {
	*sql.DB
	target string // "host … database …" for messages; never holds a password
}

// Connect connects to the database at dsn and applies every pending
// migration. Errors as Open's. Closing the store made by New closes it.
func Connect(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With("component", "pgstore")
	db, target, err := connect(ctx, "pgstore.Open", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	start := time.Now()
	applied, err := migrations.Apply(ctx, db)
	if err != nil {
		db.Close()
		return nil, &backend.Error{Code: backend.EUNAVAILABLE, Op: "pgstore.Open",
			Message: fmt.Sprintf("cannot migrate the database at %s", target), Err: err}
	}
	if len(applied) > 0 {
		logger.Info("applied migrations", "count", len(applied), "dur", time.Since(start))
	}
	return &DB{DB: db, target: target}, nil
}

// New returns the store over a pool Connect opened.
func New(db *DB, logger *slog.Logger) *Store {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.Postgres, db.DB)))
	return &Store{db: db.DB, client: client, log: logger.With("component", "pgstore"), target: db.target}
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.client.Close() }

// DB returns the connection pool, for benchmarks and tests that check rows directly.
func (s *Store) DB() *sql.DB { return s.db }

// ServerVersion returns the server's version, e.g. "15.18".
func (s *Store) ServerVersion(ctx context.Context) (string, error) {
	var v string
	if err := s.db.QueryRowContext(ctx, `SHOW server_version`).Scan(&v); err != nil {
		return "", s.translate("pgstore.ServerVersion", err)
	}
	return v, nil
}

// describe names where a configuration points, without secrets.
func describe(cfg *pgx.ConnConfig) string {
	host := cfg.Host
	if cfg.Port != 0 && (len(host) == 0 || host[0] != '/') {
		host = fmt.Sprintf("%s:%d", host, cfg.Port)
	}
	return fmt.Sprintf("host %s, database %q, user %q", host, cfg.Database, cfg.User)
}

// withTx runs fn in one transaction, committing when it returns nil.
func (s *Store) withTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			s.log.Warn("rollback failed", "err", rerr)
		}
		return err
	}
	return tx.Commit()
}

// connect opens and pings the database of dsn; target names it for
// messages (host and database, never the password).
func connect(ctx context.Context, op, dsn string) (*sql.DB, string, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// The parse error can quote the DSN; keep only its innermost cause.
		cause := errors.Unwrap(err)
		msg := "the PostgreSQL connection string is not valid"
		if cause != nil {
			msg += ": " + backend.Redact(cause.Error()) // url.Parse's error quotes the URL
		}
		return nil, "", &backend.Error{Code: backend.EINVALID, Op: op, Message: msg}
	}
	target := describe(cfg)
	db := stdlib.OpenDB(*cfg)
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, "", &backend.Error{Code: backend.EUNAVAILABLE, Op: op,
			Message: fmt.Sprintf("cannot connect to PostgreSQL at %s: %s", target, backend.Cause(err))}
	}
	return db, target, nil
}

// Check connects to the PostgreSQL of dsn and returns its version, changing
// nothing (no migration): the settings' "test connection". Returns EINVALID
// for a malformed DSN, EUNAVAILABLE when the server cannot be reached or
// refuses the login; messages name host and database, never the password.
func Check(ctx context.Context, dsn string) (string, error) {
	db, target, err := connect(ctx, "pgstore.Check", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v string
	if err := db.QueryRowContext(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "", &backend.Error{Code: backend.EUNAVAILABLE, Op: "pgstore.Check", Message: fmt.Sprintf("cannot query PostgreSQL at %s", target), Err: err}
	}
	return v, nil
}

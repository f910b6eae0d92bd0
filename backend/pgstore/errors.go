package pgstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"

	"github.com/jackc/pgx/v5/pgconn"

	"secondbrain/backend"
	"secondbrain/ent"
)

// translate maps Ent, pgx and network errors to *backend.Error. Errors that
// are already *backend.Error pass through.
func (s *Store) translate(op string, err error) error {
	if err == nil {
		return nil
	}
	var be *backend.Error
	if errors.As(err, &be) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &backend.Error{Code: backend.ECANCELED, Op: op, Message: "The operation was canceled.", Err: err}
	}
	if ent.IsNotFound(err) {
		return &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: "not found", Err: err}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "23505":
			return &backend.Error{Code: backend.ECONFLICT, Op: op, Message: "it already exists", Err: err}
		case pgErr.Code == "22021" || pgErr.Code == "22P05":
			return &backend.Error{Code: backend.EINVALID, Op: op, Message: "the text is not valid UTF-8", Err: err}
		case pgErr.Code == "54000":
			return &backend.Error{Code: backend.EINVALID, Op: op, Message: "the text is too large to store", Err: err}
		case pgErr.Code[:2] == "08" || pgErr.Code[:2] == "57" || pgErr.Code[:2] == "53":
			return &backend.Error{Code: backend.EUNAVAILABLE, Op: op,
				Message: fmt.Sprintf("PostgreSQL at %s is unavailable", s.target), Err: err}
		}
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err) || isConnClosed(err) {
		return &backend.Error{Code: backend.EUNAVAILABLE, Op: op,
			Message: fmt.Sprintf("PostgreSQL at %s is unavailable", s.target), Err: err}
	}
	return &backend.Error{Code: backend.EINTERNAL, Op: op, Err: err}
}

func isConnClosed(err error) bool {
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}

// TranslateError maps a driver error of a query on DB to *backend.Error, as
// the store's own methods do, for the packages that query its tables
// (lexical search).
func (s *Store) TranslateError(op string, err error) error { return s.translate(op, err) }

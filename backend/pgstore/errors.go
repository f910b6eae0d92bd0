package pgstore

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net"

	"github.com/jackc/pgx/v5/pgconn"

	"secondbrain/backend"
	"secondbrain/ent"
)

// translate maps Ent, pgx and network errors to *backend.Error
// (backend.Translate).
func (s *Store) translate(op string, err error) error {
	return backend.Translate(op, err, s.known)
}

// known returns the code and message of the Ent, pgx and network errors
// the store recognises.
func (s *Store) known(err error) (code, message string) {
	unavailable := fmt.Sprintf("PostgreSQL at %s is unavailable", s.target)
	if ent.IsNotFound(err) {
		return backend.ENOTFOUND, "not found"
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "23505":
			return backend.ECONFLICT, "it already exists"
		case pgErr.Code == "22021" || pgErr.Code == "22P05":
			return backend.EINVALID, "the text is not valid UTF-8"
		case pgErr.Code == "54000":
			return backend.EINVALID, "the text is too large to store"
		case pgErr.Code[:2] == "08" || pgErr.Code[:2] == "57" || pgErr.Code[:2] == "53":
			return backend.EUNAVAILABLE, unavailable
		}
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err) || isConnClosed(err) {
		return backend.EUNAVAILABLE, unavailable
	}
	return "", ""
}

func isConnClosed(err error) bool {
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}

// TranslateError maps a driver error of a query on DB to *backend.Error, as
// the store's own methods do, for the packages that query its tables
// (lexical search).
func (s *Store) TranslateError(op string, err error) error { return s.translate(op, err) }

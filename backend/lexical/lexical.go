// Package lexical finds notes by their words: BM25F over the title and the
// body in PostgreSQL's full-text index (search.go), with lists of each
// common term's best notes (search_top.go) and a tier of title matches put
// first (search_titles.go). It implements backend.Searcher over the tables
// that pgstore keeps; it reads them only.
package lexical

import (
	"database/sql"
)

// Store is what lexical search needs of the system of record (a
// *pgstore.Store): its database and its translation of driver errors to
// *backend.Error.
type Store interface {
	DB() *sql.DB
	TranslateError(op string, err error) error
}

// Searcher is lexical search over a store. It is safe for concurrent use.
type Searcher struct {
	store Store
}

// New returns lexical search over the notes of store.
func New(store Store) *Searcher { return &Searcher{store: store} }

func (s *Searcher) db() *sql.DB { return s.store.DB() }

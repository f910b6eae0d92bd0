package pgstore_test

import (
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/titletest"
)

// TestFindTitles runs the quick switcher's suite against the SQL.
func TestFindTitles(t *testing.T) {
	titletest.Run(t, func(t *testing.T, st *pgstore.Store) backend.TitleFinder { return st })
}

// Package sqltext reads query results as text, for tests that compare what
// two databases hold.
package sqltext

import (
	"database/sql"
	"fmt"
	"testing"
)

// Rows returns the rows of q as text: each value with whether it was not
// NULL, so that NULL and "" differ. A failing query fails tb.
func Rows(tb testing.TB, db *sql.DB, q string) [][]string {
	tb.Helper()
	rows, err := db.Query(q)
	if err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = fmt.Sprint(v.String, v.Valid)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

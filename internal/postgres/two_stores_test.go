package postgres

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// openAt opens the database at url at each call (closed with the test
// that opened it when closed is true).
func openAt(url string, closed bool) storetest.Open {
	return storetest.Opener(func(opts ...store.Option) (store.Store, error) { return Open(context.Background(), url, opts...) }, closed)
}

// placeholder is a ? of a statement written for both engines.
var placeholder = regexp.MustCompile(`\?`)

// execSQL runs a statement written with ? placeholders on the database of
// s, whatever its schema.
func execSQL(t *testing.T, s store.Store, query string, args ...any) {
	n := 0
	query = placeholder.ReplaceAllStringFunc(query, func(string) string { n++; return "$" + strconv.Itoa(n) })
	if _, err := s.(*DB).pool.Exec(context.Background(), query, args...); err != nil {
		t.Fatal(err)
	}
}

// openTwo opens two stores on one new database.
func openTwo(t *testing.T, opts ...store.Option) (store.Store, store.Store) {
	open := openAt(pgtest.URL(t), true)
	return open(t, opts...), open(t, opts...)
}

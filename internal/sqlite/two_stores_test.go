package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// openAt opens the database at path at each call (closed with the test
// that opened it when closed is true).
func openAt(path string, closed bool) storetest.Open {
	return storetest.Opener(func(opts ...store.Option) (store.Store, error) { return Open(context.Background(), path, opts...) }, closed)
}

// execSQL runs a statement on the database of s, whatever its schema.
func execSQL(t *testing.T, s store.Store, query string, args ...any) {
	if _, err := s.(*DB).write.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatal(err)
	}
}

// openTwo opens two stores on one new database.
func openTwo(t *testing.T, opts ...store.Option) (store.Store, store.Store) {
	open := openAt(filepath.Join(t.TempDir(), "m.db"), true)
	return open(t, opts...), open(t, opts...)
}

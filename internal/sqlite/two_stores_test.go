package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store"
)

// openTwo opens two stores on one new database.
func openTwo(t *testing.T, opts ...store.Option) (store.Store, store.Store) {
	path := filepath.Join(t.TempDir(), "m.db")
	var dbs [2]store.Store
	for i := range dbs {
		db, err := Open(context.Background(), path, opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		})
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

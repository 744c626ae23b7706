package postgres

import (
	"context"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
)

// openTwo opens two stores on one new database.
func openTwo(t *testing.T, opts ...store.Option) (store.Store, store.Store) {
	url := pgtest.URL(t)
	var dbs [2]store.Store
	for i := range dbs {
		db, err := Open(context.Background(), url, opts...)
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

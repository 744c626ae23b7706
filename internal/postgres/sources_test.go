package postgres

import (
	"context"
	"maillage/internal/postgres/pgtest"
	"testing"

	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// Two processes on one database contend for a lease.
func TestLeaseInstances(t *testing.T) {
	storetest.RunLeaseInstances(t, func(t *testing.T, opts ...store.Option) (store.Store, store.Store) {
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
	})
}

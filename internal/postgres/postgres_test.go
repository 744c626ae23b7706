package postgres

import (
	"context"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

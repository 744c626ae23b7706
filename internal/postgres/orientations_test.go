package postgres

import (
	"context"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestOrientations(t *testing.T) {
	storetest.RunOrientations(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

package postgres

import (
	"context"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestJournalFloor(t *testing.T) {
	storetest.RunJournalFloor(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) {
		if _, err := s.(*DB).pool.Exec(context.Background(), query); err != nil {
			t.Fatal(err)
		}
	})
}

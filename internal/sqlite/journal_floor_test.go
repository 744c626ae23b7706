package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestJournalFloor(t *testing.T) {
	storetest.RunJournalFloor(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) {
		if _, err := s.(*DB).write.Exec(query); err != nil {
			t.Fatal(err)
		}
	})
}

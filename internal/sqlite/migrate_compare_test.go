package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/dedup"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// A registry from before the merge has its records compared once.
func TestMigrationCompareOnce(t *testing.T) {
	storetest.RunMigrationCompareOnce(t, func(t *testing.T) storetest.Open {
		path := filepath.Join(t.TempDir(), "old.db")
		return func(t *testing.T, opts ...store.Option) store.Store {
			db, err := Open(context.Background(), path, opts...)
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
	}, func(t *testing.T, s store.Store, query string, args ...any) {
		if _, err := s.(*DB).write.ExecContext(context.Background(), query, args...); err != nil {
			t.Fatal(err)
		}
	}, func(ctx context.Context, s store.Store) error {
		_, err := dedup.DefaultConfig().RunStore(ctx, s)
		return err
	})
}

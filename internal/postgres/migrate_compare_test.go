package postgres

import (
	"context"
	"testing"

	"maillage/internal/dedup"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// A registry from before the merge has its records compared once.
func TestMigrationCompareOnce(t *testing.T) {
	storetest.RunMigrationCompareOnce(t, func(t *testing.T) storetest.Open {
		return openAt(pgtest.URL(t), false)
	}, execSQL, func(ctx context.Context, s store.Store) error {
		_, err := dedup.DefaultConfig().RunStore(ctx, s)
		return err
	})
}

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
		return openAt(filepath.Join(t.TempDir(), "old.db"), false)
	}, execSQL, func(ctx context.Context, s store.Store) error {
		_, err := dedup.DefaultConfig().RunStore(ctx, s)
		return err
	})
}

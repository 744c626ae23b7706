package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestOrientations(t *testing.T) {
	storetest.RunOrientations(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

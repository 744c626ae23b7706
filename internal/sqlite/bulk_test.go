package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store"
)

// TestBulkWrites: a store opened for bulk writes (a harvest, an import)
// gives its writer a 64 MB page cache and checkpoints its journal every
// 10 000 pages; a store opened otherwise keeps SQLite's defaults.
func TestBulkWrites(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name             string
		opts             []store.Option
		cache, autocheck int
	}{
		{"bulk", []store.Option{store.WithBulkWrites()}, -65536, 10000},
		{"default", nil, -2000, 1000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(ctx, filepath.Join(t.TempDir(), "b.db"), tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var cache, autocheck int
			if err := db.write.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
				t.Fatal(err)
			}
			if err := db.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&autocheck); err != nil {
				t.Fatal(err)
			}
			if cache != tt.cache || autocheck != tt.autocheck {
				t.Errorf("writer: cache_size %d, wal_autocheckpoint %d; want %d, %d", cache, autocheck, tt.cache, tt.autocheck)
			}
		})
	}
}

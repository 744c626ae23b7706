package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// BenchmarkStatements: go test -run '^$' -bench Statements -benchtime=1x ./internal/sqlite
func BenchmarkStatements(b *testing.B) {
	storetest.BenchStatements(b, func(b *testing.B, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), append(opts, store.WithBulkWrites())...)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}, func(s store.Store, query string) error {
		_, err := s.(*DB).write.Exec(query)
		return err
	}, `PRAGMA wal_checkpoint(TRUNCATE)`)
}

// BenchmarkRedeem: go test -run '^$' -bench Redeem -benchtime=1x ./internal/sqlite
func BenchmarkRedeem(b *testing.B) {
	storetest.BenchRedeem(b, func(b *testing.B, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), opts...)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}, func(s store.Store, query string) error {
		_, err := s.(*DB).write.Exec(query)
		return err
	})
}

package postgres

import (
	"context"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// BenchmarkStatements: go test -run '^$' -bench Statements -benchtime=1x ./internal/postgres
func BenchmarkStatements(b *testing.B) {
	storetest.BenchStatements(b, func(b *testing.B, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(b), opts...)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}, func(s store.Store, query string) error {
		_, err := s.(*DB).pool.Exec(context.Background(), query)
		return err
	}, `VACUUM ANALYZE`)
}

// BenchmarkRedeem: go test -run '^$' -bench Redeem -benchtime=1x ./internal/postgres
func BenchmarkRedeem(b *testing.B) {
	storetest.BenchRedeem(b, func(b *testing.B, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(b), opts...)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}, func(s store.Store, query string) error {
		_, err := s.(*DB).pool.Exec(context.Background(), query)
		return err
	})
}

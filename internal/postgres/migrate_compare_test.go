package postgres

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"maillage/internal/dedup"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// A registry from before the merge has its records compared once.
func TestMigrationCompareOnce(t *testing.T) {
	storetest.RunMigrationCompareOnce(t, func(t *testing.T) storetest.Open {
		url := pgtest.URL(t)
		return func(t *testing.T, opts ...store.Option) store.Store {
			db, err := Open(context.Background(), url, opts...)
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
	}, func(t *testing.T, s store.Store, query string, args ...any) {
		n := 0
		query = regexp.MustCompile(`\?`).ReplaceAllStringFunc(query, func(string) string { n++; return "$" + strconv.Itoa(n) })
		if _, err := s.(*DB).pool.Exec(context.Background(), query, args...); err != nil {
			t.Fatal(err)
		}
	}, func(ctx context.Context, s store.Store) error {
		_, err := dedup.DefaultConfig().RunStore(ctx, s)
		return err
	})
}

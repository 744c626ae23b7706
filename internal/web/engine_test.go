package web

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// The web tests run on SQLite, and on PostgreSQL with
// MAILLAGE_TEST_ENGINE=postgres: make test runs this package a second time
// so when a test server is configured, and always with CI=true (where a
// missing server fails the run).

// openTestStore opens an empty store of the engine under test.
func openTestStore(t testing.TB, opts ...store.Option) store.Store {
	t.Helper()
	ctx := context.Background()
	var (
		st  store.Store
		err error
	)
	switch e := os.Getenv("MAILLAGE_TEST_ENGINE"); e {
	case "", "sqlite":
		st, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"), opts...)
	case "postgres":
		st, err = postgres.Open(ctx, pgtest.URL(t), opts...)
	default:
		t.Fatalf("MAILLAGE_TEST_ENGINE=%q : sqlite ou postgres", e)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

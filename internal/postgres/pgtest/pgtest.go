// Package pgtest gives each test its own PostgreSQL schema on the test server.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"maillage/internal/testenv"
)

var seq atomic.Int64

// URL creates a fresh schema on the server named by MAILLAGE_TEST_POSTGRES_URL
// and returns a database URL that uses it; the schema is dropped when the
// test ends. Without a server the test is skipped, except in CI.
func URL(t testing.TB) string {
	base := testenv.PostgresURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connexion à %s : %v", base, err)
	}
	schema := fmt.Sprintf("t%d_%d", time.Now().UnixNano(), seq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping the test's schema %s: %v", schema, err)
		}
		if err := conn.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// Database creates a fresh database on the server named by
// MAILLAGE_TEST_POSTGRES_URL and returns its URL; it is dropped when the
// test ends. For a test that other packages' transactions must not touch:
// what VACUUM may remove depends on the transactions open in the same
// database only. Without a server the test is skipped, except in CI.
func Database(t testing.TB) string {
	base := testenv.PostgresURL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("MAILLAGE_TEST_POSTGRES_URL : %v", err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connexion à %s : %v", base, err)
	}
	name := fmt.Sprintf("maillage_t%d_%d", time.Now().UnixNano(), seq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close(ctx)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping the test's database %s: %v", name, err)
		}
		if err := conn.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

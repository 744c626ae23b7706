// Package pgtest gives each test its own PostgreSQL schema on the test server.
package pgtest

import (
	"context"
	"fmt"
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

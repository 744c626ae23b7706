// Package testenv tells tests what the test environment provides. It
// imports nothing of maillage, so that any package's tests may use it
// without an import cycle (storetest imports the domain packages, which
// test helpers such as pgtest must not).
package testenv

import (
	"os"
	"testing"
)

// PostgresURL returns the PostgreSQL server of the tests
// (MAILLAGE_TEST_POSTGRES_URL), skips the test when there is none, and
// fails it when CI=true (PostgreSQL tests must not skip in CI).
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MAILLAGE_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("MAILLAGE_TEST_POSTGRES_URL is required when CI=true")
		}
		t.Skip("MAILLAGE_TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
	}
	return u
}

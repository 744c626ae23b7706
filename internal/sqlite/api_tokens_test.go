package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/store/storetest"
)

// The database keeps an API token's hash, never the token.
func TestAPITokensAtRest(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	storetest.APITokensAtRest(t, db, func(ctx context.Context) (string, error) {
		rows, err := db.write.QueryContext(ctx, `SELECT id || ' ' || compte || ' ' || hash || ' ' || nom || ' ' || created_at || ' ' || last_used_at || ' ' || revoked_at FROM jetons_api
			UNION ALL SELECT actor || ' ' || action || ' ' || object_id || ' ' || before || ' ' || after FROM audit`)
		if err != nil {
			return "", err
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return "", err
			}
			b.WriteString(s + "\n")
		}
		return b.String(), rows.Err()
	})
}

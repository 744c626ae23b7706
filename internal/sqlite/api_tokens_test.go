package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
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

// A token is accepted at once while the database's writer is held (an
// import): recording its use waits a moment, then gives up.
func TestAPITokenWhileWriterHeld(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	id, err := db.CreateUser(ctx, account.User{Email: "caisse@epn.fr", Role: account.LieuQualifie}, "test")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	token, _, err := db.CreateAPIToken(ctx, id, "", now, "test")
	if err != nil {
		t.Fatal(err)
	}
	held, err := db.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	u, got, err := db.UserByAPIToken(ctx, account.HashToken(token), now.Add(time.Hour))
	took := time.Since(start)
	held.Close()
	if err != nil || u.ID != id {
		t.Fatalf("refused while the writer is held: %v", err)
	}
	if took > time.Second || !got.LastUsed.IsZero() {
		t.Errorf("took %s, last use %s: want at once, unrecorded", took, got.LastUsed)
	}
	// Once the writer is free, the use is recorded.
	if _, got, err := db.UserByAPIToken(ctx, account.HashToken(token), now.Add(time.Hour)); err != nil || !got.LastUsed.Equal(now.Add(time.Hour)) {
		t.Errorf("after: %+v %v", got, err)
	}
}

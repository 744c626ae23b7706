package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// Migration 018 withdraws the pending claims and proposals that accounts
// deleted before DeleteUser withdrew them left in moderation.
func TestMigration018(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	im, err := db.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	l := storetest.Sample("a")
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, email := range []string{"gone@hub.fr", "here@hub.fr"} {
		id, err := db.CreateUser(ctx, account.User{Email: email, Role: account.Contributeur}, "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddClaim(ctx, store.Claim{UserID: id, LieuID: "a", Status: store.StatusPending}, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddProposal(ctx, store.Proposal{LieuID: "a", UserID: id, Values: map[string]string{"nom": "X"}}, "test"); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// As an earlier version deleted an account: its requests stayed pending.
	for _, q := range []string{
		`UPDATE comptes SET email = 'supprime-1', deleted_at = '2026-11-01T00:00:00.000000000Z' WHERE email = 'gone@hub.fr'`,
		`DELETE FROM schema_migrations WHERE version = 18`,
	} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	claims, err := db.Claims(ctx, store.StatusPending, 0)
	if err != nil {
		t.Fatal(err)
	}
	props, err := db.Proposals(ctx, store.StatusPending)
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 || claims[0].UserID != ids[1] || len(props) != 1 || props[0].UserID != ids[1] {
		t.Errorf("pending after migration 018: claims %+v, proposals %+v", claims, props)
	}
}

package postgres

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"maillage/internal/account"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
)

// TestVacuumReportsWhatAnOlderTransactionKeeps: a transaction of the same
// database older than an account's deletion keeps VACUUM from removing the
// deleted row's old version, and VACUUM succeeds all the same: the
// deletion stands and the warning is logged (verification 12, N1: nothing
// was). Once that transaction has ended, the next erasure logs nothing. In
// a database of its own, which no other test's transaction holds back.
func TestVacuumReportsWhatAnOlderTransactionKeeps(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	var logged bytes.Buffer
	db, err := Open(ctx, url, store.WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ids []int64
	for _, email := range []string{"zephyrin.quetzal@exemple.fr", "ursule.quetzal@exemple.fr"} {
		id, err := db.CreateUser(ctx, account.User{Email: email, Role: account.Contributeur}, "test")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	other, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	tx, err := other.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM comptes`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("older transaction: %d, %v", n, err)
	}
	if err := db.DeleteUser(ctx, ids[0], "test"); err != nil {
		t.Fatalf("the deletion fails with its VACUUM: %v", err)
	}
	if _, err := db.User(ctx, ids[0]); err == nil {
		t.Errorf("the account is not deleted")
	}
	if log := logged.String(); !strings.Contains(log, "données effacées") || !strings.Contains(log, "d'anciennes versions de lignes restent") || !strings.Contains(log, "comptes : ") {
		t.Errorf("what VACUUM left is not logged: %q", log)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	logged.Reset()
	if err := db.DeleteUser(ctx, ids[1], "test"); err != nil {
		t.Fatal(err)
	}
	if logged.Len() != 0 {
		t.Errorf("logged with no older transaction left: %q", logged.String())
	}
}

package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestScrubErasedBestEffort: a reader of another process still reading
// the state before an account's deletion keeps the WAL from being emptied:
// the deletion stands, the failure is logged (the WAL still holds the old
// address, which the log's reader is told), and the next erasure, once the
// reader is gone, empties it.
func TestScrubErasedBestEffort(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	var logged bytes.Buffer
	db, err := Open(ctx, path, store.WithBusyTimeout(200*time.Millisecond), store.WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
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
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	reader, err := other.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRow(`SELECT count(*) FROM comptes`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("reader: %d, %v", n, err)
	}
	if err := db.DeleteUser(ctx, ids[0], "test"); err != nil {
		t.Fatalf("the deletion fails with its scrubbing: %v", err)
	}
	if u, err := db.User(ctx, ids[0]); err == nil && u.Email == "zephyrin.quetzal@exemple.fr" {
		t.Fatalf("the account is not deleted: %+v", u)
	}
	if !strings.Contains(logged.String(), "données effacées") || !strings.Contains(logged.String(), "wal_checkpoint(TRUNCATE) inachevé") {
		t.Errorf("the failed scrubbing is not logged: %q", logged.String())
	}
	if err := reader.Rollback(); err != nil {
		t.Fatal(err)
	}
	logged.Reset()
	if err := db.DeleteUser(ctx, ids[1], "test"); err != nil {
		t.Fatal(err)
	}
	if logged.Len() != 0 {
		t.Errorf("logged with no reader left: %q", logged.String())
	}
	wal, err := os.ReadFile(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if len(wal) != 0 {
		t.Errorf("the WAL holds %d bytes after the second erasure", len(wal))
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"zephyrin.quetzal@exemple.fr", "ursule.quetzal@exemple.fr"} {
		if bytes.Contains(file, []byte(email)) {
			t.Errorf("%s is still in the file", email)
		}
	}
}

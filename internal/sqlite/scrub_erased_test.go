package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// TestScrubErasedDoesNotStallWriters: with the default busy timeout, a
// reader of another process holding a read transaction (a sqlite3 shell, a
// backup, Litestream) does not make an account's deletion wait for it: the
// WAL's checkpoint fails at once (logged), the deletion returns quickly,
// and writes started meanwhile, of this process and of another, succeed
// without waiting (verification 12, N2: 5 s, then « base occupée »).
func TestScrubErasedDoesNotStallWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	var logged syncBuffer
	db, err := Open(ctx, path, store.WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id, err := db.CreateUser(ctx, account.User{Email: "zephyrin.quetzal@exemple.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
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
	defer reader.Rollback()
	var n int
	if err := reader.QueryRow(`SELECT count(*) FROM comptes`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("reader: %d, %v", n, err)
	}
	otherWriter, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer otherWriter.Close()

	start := time.Now()
	deleted := make(chan error, 1)
	go func() { deleted <- db.DeleteUser(ctx, id, "test") }()
	time.Sleep(20 * time.Millisecond)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, email := range []string{"a@exemple.fr", "b@exemple.fr", "c@exemple.fr"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := db.CreateUser(ctx, account.User{Email: email, Role: account.Contributeur}, "test"); err != nil {
				errs <- fmt.Errorf("writer of this process, %s: %w", email, err)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		w0 := time.Now()
		if _, err := otherWriter.Exec(`UPDATE comptes SET nom = 'x' WHERE id = 999999`); err != nil {
			errs <- fmt.Errorf("writer of another process: %w", err)
		} else if took := time.Since(w0); took > 2500*time.Millisecond {
			errs <- fmt.Errorf("writer of another process waited %v", took)
		}
	}()
	if err := <-deleted; err != nil {
		t.Fatalf("deletion: %v", err)
	}
	// Bounds well under the 5 s busy timeout the old checkpoint waited,
	// well above a loaded CI machine's milliseconds.
	if took := time.Since(start); took > 2500*time.Millisecond {
		t.Errorf("the deletion took %v with a reader open: its checkpoint waited for the reader", took)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if took := time.Since(start); took > 3500*time.Millisecond {
		t.Errorf("the writers were held %v", took)
	}
	if !strings.Contains(logged.String(), "wal_checkpoint(TRUNCATE) inachevé") && !strings.Contains(logged.String(), "wal_checkpoint(TRUNCATE) :") {
		t.Errorf("the failed checkpoint is not logged: %q", logged.String())
	}
	// The connection's busy timeout is back: a write of another process
	// holding the lock is waited for, not refused at once.
	hold, err := otherWriter.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(`UPDATE comptes SET nom = 'y' WHERE id = 999999`); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		hold.Rollback()
	}()
	if _, err := db.CreateUser(ctx, account.User{Email: "d@exemple.fr", Role: account.Contributeur}, "test"); err != nil {
		t.Errorf("a write waiting 300 ms for another process's lock fails: the busy timeout was not restored: %v", err)
	}
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

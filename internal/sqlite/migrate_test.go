package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"maillage/internal/store/storetest"
)

// Two processes (here goroutines with their own connections) opening a
// fresh database at once both succeed, and each migration is applied once.
func TestConcurrentOpenOfFreshFile(t *testing.T) {
	for round := range 5 {
		path := filepath.Join(t.TempDir(), "fresh.db")
		const openers = 4
		var wg sync.WaitGroup
		errs := make([]error, openers)
		dbs := make([]*DB, openers)
		for i := range openers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dbs[i], errs[i] = Open(context.Background(), path)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, opener %d: %v", round, i, err)
			}
		}
		for _, db := range dbs {
			if db != nil {
				if err := db.Close(); err != nil {
					t.Error(err)
				}
			}
		}
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var n, distinct int
		if err := db.read.QueryRow(`SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct); err != nil {
			t.Fatal(err)
		}
		if n != distinct {
			t.Errorf("round %d: %d migrations recorded, %d distinct", round, n, distinct)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Migration 008 rewrites the times written before it with a fixed width.
func TestTimestampMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO jetons_connexion (hash, email, expires_at, used) VALUES ('a', 'a@b.fr', '2026-12-01T12:00:01Z', 0), ('b', 'b@b.fr', '2026-12-01T12:00:01.5Z', 0), ('c', 'c@b.fr', '2026-12-01T12:00:01.000000000Z', 0)`,
		`DELETE FROM schema_migrations WHERE version = 8`,
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
	rows, err := db.read.QueryContext(ctx, `SELECT expires_at FROM jetons_connexion ORDER BY hash`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{"2026-12-01T12:00:01.000000000Z", "2026-12-01T12:00:01.500000000Z", "2026-12-01T12:00:01.000000000Z"}
	if err := rows.Err(); err != nil || !slices.Equal(got, want) {
		t.Errorf("after migration 008: %q %v, want %q", got, err, want)
	}
}

// Migration 012 moves the registry to source records and places without loss.
func TestMigration012(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	storetest.RunMigration012(t, openAt(path, false), execSQL)
}

// Migration 027 numbers the places in the order they were created.
func TestMigrationCreationOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	storetest.RunMigrationCreationOrder(t, openAt(path, false), execSQL)
}

// Migration 037 rebuilds pass_qualifications under its foreign keys.
func TestMigration037(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	storetest.RunMigration037(t, openAt(path, false), execSQL)
}

// Migration 041 gives orientations their place's commune and région.
func TestMigrationOrientationCommune(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	storetest.RunMigrationOrientationCommune(t, openAt(path, false), execSQL)
}

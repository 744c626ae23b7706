package accountsql

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"maillage/internal/portablesql"

	_ "modernc.org/sqlite"
)

// TestTxPanicFreesTheWriter: a panic inside a write transaction's
// function (then recovered by the web's middleware) ends the transaction
// at once and frees the single writer connection, while the request's
// context still lives; without the deferred Rollback, conn.Close waited
// for the context, and every other write failed « base occupée » (review
// 12B MAJOR 0). Both transaction helpers: Store.tx and portablesql.DB.Tx.
func TestTxPanicFreesTheWriter(t *testing.T) {
	open := func(t *testing.T) *sql.DB {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "x.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(`CREATE TABLE t (v INTEGER)`); err != nil {
			t.Fatal(err)
		}
		return db
	}
	now := func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) }
	helpers := map[string]func(db *sql.DB, ctx context.Context, fn func(*sql.Tx) error) error{
		"Store.tx": func(db *sql.DB, ctx context.Context, fn func(*sql.Tx) error) error {
			return New(db, db, Dialect{}, now).tx(ctx, func(tx *Tx) error { return fn(tx.Tx) })
		},
		"portablesql.DB.Tx": func(db *sql.DB, ctx context.Context, fn func(*sql.Tx) error) error {
			d := &portablesql.DB{W: db, R: db, Busy: time.Second, Now: now, What: "test"}
			return d.Tx(ctx, func(tx *sql.Tx, _ string) error { return fn(tx) })
		},
	}
	for name, run := range helpers {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			ctx, cancel := context.WithCancel(context.Background()) // the request's: alive
			defer cancel()
			done := make(chan any, 1)
			go func() {
				defer func() { done <- recover() }() // the recover middleware
				run(db, ctx, func(tx *sql.Tx) error {
					if _, err := tx.Exec(`INSERT INTO t VALUES (1)`); err != nil {
						return err
					}
					panic("boom")
				})
			}()
			select {
			case v := <-done:
				if v != "boom" {
					t.Fatalf("recovered %v, want the panic", v)
				}
			case <-time.After(3 * time.Second):
				cancel()
				<-done
				t.Fatal("the panicking transaction held the writer while its context lived")
			}
			// The writer is free, and the panicking write was undone.
			wctx, wcancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer wcancel()
			if err := run(db, wctx, func(tx *sql.Tx) error { _, err := tx.Exec(`INSERT INTO t VALUES (2)`); return err }); err != nil {
				t.Fatalf("the next write: %v", err)
			}
			var got []int
			rows, err := db.Query(`SELECT v FROM t ORDER BY v`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var v int
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				got = append(got, v)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0] != 2 {
				t.Errorf("rows %v, want only the second write's 2", got)
			}
		})
	}
}

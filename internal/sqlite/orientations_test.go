package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/orientation"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestOrientations(t *testing.T) {
	storetest.RunOrientations(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestOrientationClaimRaces(t *testing.T) {
	storetest.RunOrientationClaimRaces(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, id int64, status orientation.Status) func() {
		ctx := context.Background()
		tx, err := s.(*DB).write.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`SELECT id FROM orientations WHERE id = ?`, []any{id}},
			{`UPDATE orientation_liens SET utilise_le = '2026-12-12T09:00:00Z' WHERE orientation_id = ? AND utilise_le = ''`, []any{id}},
			{`UPDATE orientations SET statut = ? WHERE id = ?`, []any{status, id}},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				tx.Rollback()
				t.Fatal(err)
			}
		}
		return func() {
			if err := tx.Commit(); err != nil {
				t.Error(err)
			}
		}
	})
}

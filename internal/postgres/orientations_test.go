package postgres

import (
	"context"
	"testing"

	"maillage/internal/orientation"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestOrientations(t *testing.T) {
	storetest.RunOrientations(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestOrientationClaimRaces(t *testing.T) {
	storetest.RunOrientationClaimRaces(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, id int64, status orientation.Status) func() {
		ctx := context.Background()
		tx, err := s.(*DB).pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`SELECT id FROM orientations WHERE id = $1 FOR UPDATE`, []any{id}},
			{`UPDATE orientation_liens SET utilise_le = '2026-12-12T09:00:00Z' WHERE orientation_id = $1 AND utilise_le = ''`, []any{id}},
			{`UPDATE orientations SET statut = $1 WHERE id = $2`, []any{string(status), id}},
		} {
			if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
				tx.Rollback(ctx)
				t.Fatal(err)
			}
		}
		return func() {
			if err := tx.Commit(ctx); err != nil {
				t.Error(err)
			}
		}
	})
}

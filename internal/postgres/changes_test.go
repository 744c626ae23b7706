package postgres

import (
	"context"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store/storetest"
)

func TestChangesOfHandWrittenSQL(t *testing.T) {
	db, err := Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	storetest.ChangesOfHandWrittenSQL(t, db, func(ctx context.Context, q string) error {
		_, err := db.pool.Exec(ctx, q)
		return err
	})
}

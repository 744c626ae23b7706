package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store/storetest"
)

func TestChangesOfHandWrittenSQL(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	storetest.ChangesOfHandWrittenSQL(t, db, func(ctx context.Context, q string) error {
		_, err := db.write.ExecContext(ctx, q)
		return err
	})
}

package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "m.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	im, _ := db.BeginImport(ctx, "hub")
	l := storetest.Sample("a")
	im.Put(ctx, &l)
	im.Commit(ctx, "f")
	db.Close()
	db, err = Open(ctx, path) // migrations are not applied twice
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if st, _ := db.Stats(ctx); st.Count != 1 {
		t.Errorf("count after reopen: %d", st.Count)
	}
}

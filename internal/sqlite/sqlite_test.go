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
	im, err := db.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	l := storetest.Sample("a")
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path) // migrations are not applied twice
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Count != 1 {
		t.Errorf("count after reopen: %d", st.Count)
	}
}

func TestJournalAttacks(t *testing.T) {
	storetest.RunJournalAttacks(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) {
		if _, err := s.(*DB).write.Exec(query); err != nil {
			t.Fatal(err)
		}
	})
}

func TestJournalFork(t *testing.T) {
	storetest.RunJournalFork(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) {
		if _, err := s.(*DB).write.Exec(query); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPass(t *testing.T) {
	storetest.RunPass(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) error {
		_, err := s.(*DB).write.Exec(query)
		return err
	})
}

func TestActivities(t *testing.T) {
	storetest.RunActivities(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) error {
		_, err := s.(*DB).write.Exec(query)
		return err
	})
}

package postgres

import (
	"context"
	"sync"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// Two processes opening a fresh database at once both succeed.
func TestConcurrentOpenOfFreshSchema(t *testing.T) {
	url := pgtest.URL(t)
	const openers = 4
	var wg sync.WaitGroup
	errs := make([]error, openers)
	for i := range openers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(context.Background(), url)
			if err == nil {
				err = db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("opener %d: %v", i, err)
		}
	}
}

func TestJournalAttacks(t *testing.T) {
	storetest.RunJournalAttacks(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) {
		if _, err := s.(*DB).pool.Exec(context.Background(), query); err != nil {
			t.Fatal(err)
		}
	})
}

func TestJournalFork(t *testing.T) {
	storetest.RunJournalFork(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) {
		if _, err := s.(*DB).pool.Exec(context.Background(), query); err != nil {
			t.Fatal(err)
		}
	})
}

// Migration 012 moves the registry to source records and places without loss.
func TestMigration012(t *testing.T) {
	storetest.RunMigration012(t, openAt(pgtest.URL(t), false), execSQL)
}

func TestPass(t *testing.T) {
	storetest.RunPass(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) error {
		_, err := s.(*DB).pool.Exec(context.Background(), query)
		return err
	})
}

// Migration 027 numbers the places in the order they were created.
func TestMigrationCreationOrder(t *testing.T) {
	storetest.RunMigrationCreationOrder(t, openAt(pgtest.URL(t), false), execSQL)
}

func TestActivities(t *testing.T) {
	storetest.RunActivities(t, func(t *testing.T, opts ...store.Option) store.Store {
		db, err := Open(context.Background(), pgtest.URL(t), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func(t *testing.T, s store.Store, query string) error {
		_, err := s.(*DB).pool.Exec(context.Background(), query)
		return err
	})
}

// Migration 041 gives orientations their place's commune and région.
func TestMigrationOrientationCommune(t *testing.T) {
	storetest.RunMigrationOrientationCommune(t, openAt(pgtest.URL(t), false), execSQL)
}

// Migration 037 lets a qualification be withdrawn, keeping the circuit.
func TestMigration037(t *testing.T) {
	storetest.RunMigration037(t, openAt(pgtest.URL(t), false), execSQL)
}

package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// CompareOnceMigration is the migration that has the records of a
// registry never compared compared once.
const CompareOnceMigration = 26

// RunMigrationCompareOnce: a registry from before the merge (schema up
// to 011) where a second source's copy of a place was published as
// SOURCE-id is migrated, and the next merge run merges the copy, whose id
// then redirects; a registry a merge run has compared is not queued again
// by the migration. fresh returns an opener of a new database (the same
// at each call of the opener); run is the merge run (dedup's RunStore).
func RunMigrationCompareOnce(t *testing.T, fresh func(t *testing.T) Open, exec ExecArgs, run func(context.Context, store.Store) error) {
	ctx := context.Background()
	t.Run("never compared", func(t *testing.T) {
		open := fresh(t)
		old := open(t, store.WithMigrationsUpTo(11))
		a := Sample("a")
		created := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		// The old model published another source's record with a
		// clashing id as a second place, SOURCE-id.
		for _, o := range []struct{ id, source string }{{"a", "national"}, {"autre-a", "autre"}} {
			insertOldPlace(t, old, exec, o.id, o.source, a, created, created)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}

		s := open(t)
		defer s.Close()
		pending, err := s.HasPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !pending {
			t.Fatal("a registry from before the merge: no record waits for a merge run after the migration")
		}
		if err := run(ctx, s); err != nil {
			t.Fatal(err)
		}
		to, moved, err := s.Redirect(ctx, "autre-a")
		if err != nil {
			t.Fatal(err)
		}
		if to != "a" || !moved {
			t.Errorf("Redirect(autre-a) = %q %v after the merge run, want a true", to, moved)
		}
		recs, err := s.SourceRecords(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 {
			t.Errorf("records of a after the merge run: %+v, want national's and autre's", recs)
		}
	})
	t.Run("compared", func(t *testing.T) {
		// Written by today's store (whose imports write the columns of
		// later migrations), then migration 026 forgotten: it runs again.
		open := fresh(t)
		before := open(t)
		a, b, c := Sample("a"), Sample("a"), Sample("c")
		c.Nom, c.Adresse, c.Commune, c.CodePostal, c.CodeINSEE = "Tout autre lieu", "9 avenue de Lattre", "Castres", "81100", "81065"
		c.Coordinates = &place.Point{Lat: 43.6, Lon: 2.24}
		put(t, before, "national", a, c)
		put(t, before, "autre", b)
		if err := run(ctx, before); err != nil {
			t.Fatal(err)
		}
		exec(t, before, "DELETE FROM schema_migrations WHERE version = "+strconv.Itoa(CompareOnceMigration))
		if err := before.Close(); err != nil {
			t.Fatal(err)
		}
		s := open(t)
		defer s.Close()
		pending, err := s.HasPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if pending {
			t.Error("a registry a merge run compared is queued again wholesale by the migration")
		}
	})
}

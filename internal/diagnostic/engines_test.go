package diagnostic

import (
	"context"
	"path/filepath"
	"testing"

	"maillage/internal/access"
	"maillage/internal/place"
	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// engines opens an empty store of each engine (PostgreSQL when
// MAILLAGE_TEST_POSTGRES_URL is set; mandatory with CI=true).
func engines(t *testing.T) map[string]func(t *testing.T) store.Store {
	open := func(t *testing.T, st store.Store, err error) store.Store {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := st.Close(); err != nil {
				t.Error(err)
			}
		})
		return st
	}
	return map[string]func(t *testing.T) store.Store{
		"sqlite": func(t *testing.T) store.Store {
			st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "d.db"))
			return open(t, st, err)
		},
		"postgres": func(t *testing.T) store.Store {
			st, err := postgres.Open(context.Background(), pgtest.URL(t))
			return open(t, st, err)
		},
	}
}

// put imports places as the source "hub"; with withdraw, the places of
// the source not given are withdrawn.
func put(t *testing.T, st store.Store, withdraw bool, ls ...*place.Lieu) {
	t.Helper()
	ctx := context.Background()
	im, err := st.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		c := *l
		c.Source = "hub"
		if _, _, err := im.Put(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	if withdraw {
		if _, err := im.Withdraw(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "hub.csv"); err != nil {
		t.Fatal(err)
	}
}

// TestThroughTheStore: the referential, the places and the indicators
// stored in each engine give the hand-computed figures of smallRef; a
// withdrawn place no longer counts, and the cache sees it by the
// revision.
func TestThroughTheStore(t *testing.T) {
	for name, open := range engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t)
			if err := st.ReplaceTerritories(ctx, smallRef()); err != nil {
				t.Fatal(err)
			}
			if err := st.ReplaceFragilityIndicators(ctx, smallTable()); err != nil {
				t.Fatal(err)
			}
			p3 := lieu("p3", "02002", at(40))
			put(t, st, false, append(smallPlaces(), p3)...)
			ref, err := st.Territories(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c := NewCache(st, ref)
			dep := Territory{Kind: KindDepartement, Code: "02"}
			o := Options{Method: access.Kind2SFCA}
			r, err := c.Report(ctx, dep, o)
			if err != nil {
				t.Fatal(err)
			}
			// People at risk (smallTable): A 100, B 600, C 250, D 90.
			// R2 = 1 / (600 + 250), R3 = 1 / 90: A_C = 10000/850, A_D = 10000/90.
			rows := rowsByCode(r)
			if !near(rows["02001"].Accessibility, 10000.0/850) || !near(rows["02002"].Accessibility, 10000.0/90) {
				t.Errorf("C %v, D %v; want %v and %v", rows["02001"].Accessibility, rows["02002"].Accessibility, 10000.0/850, 10000.0/90)
			}
			if !near(r.Total.Fragility, 100*0.35/0.3) || r.Total.Places != 2 {
				t.Errorf("département 02: fragility %v, %d places; want 116.666667 and 2", r.Total.Fragility, r.Total.Places)
			}
			// P3 withdrawn: D is unserved again.
			put(t, st, true, smallPlaces()...)
			if r2, err := c.Report(ctx, dep, o); err != nil {
				t.Fatal(err)
			} else if r2.Stale == nil {
				t.Errorf("during the new computation: not stale")
			}
			if err := c.Settle(ctx); err != nil {
				t.Fatal(err)
			}
			r2, err := c.Report(ctx, dep, o)
			if err != nil {
				t.Fatal(err)
			}
			if r2.Revision == r.Revision {
				t.Errorf("revision %q unchanged after a withdrawal", r.Revision)
			}
			rows = rowsByCode(r2)
			if d := rows["02002"]; d.Served || d.Accessibility != 0 || d.Places != 0 || d.UnservedAtRisk != 90 {
				t.Errorf("D after p3 was withdrawn: %+v", d)
			}
			if r2.Total.Places != 1 || r2.Offer.Kept != 2 {
				t.Errorf("%d places in 02, %d kept; want 1 and 2", r2.Total.Places, r2.Offer.Kept)
			}
			// New referential (a commune's population changed): new revision.
			ref2 := smallRef()
			ref2.Communes[3].Population = 600
			if err := st.ReplaceTerritories(ctx, ref2); err != nil {
				t.Fatal(err)
			}
			rev, err := Revision(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if rev == r2.Revision {
				t.Errorf("revision %q unchanged after the referential changed", rev)
			}
		})
	}
}

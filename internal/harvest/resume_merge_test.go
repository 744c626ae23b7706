package harvest

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// TestPendingMergeResumed: records left waiting by a merge run that
// failed after its import committed are merged by the schedule's next
// round even when no source is due (under a lease: not while another
// server holds it), and by the next harvest of the source even when it
// finds the source unchanged.
func TestPendingMergeResumed(t *testing.T) {
	ctx := context.Background()
	count := func(db store.Store) int {
		t.Helper()
		n := 0
		for _, err := range db.Lieux(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	setup := func(t *testing.T) (store.Store, store.Source) {
		db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		srv := duplicateSources(t)
		national := declare(t, db, store.Source{Name: "national", Type: store.SourceStandard, URL: srv.URL + "/national.csv", Interval: 24 * time.Hour})
		if _, err := Harvest(ctx, db, national, Options{PrivateAddresses: true}); err != nil {
			t.Fatal(err)
		}
		hub := declare(t, db, store.Source{Name: "hub", Type: store.SourceStandard, URL: srv.URL + "/hub.csv", Interval: 24 * time.Hour})
		run, err := Harvest(ctx, failingMerges{db}, hub, Options{PrivateAddresses: true})
		if err != nil || !MergeFailed(run) || count(db) != 2 {
			t.Fatalf("harvest whose merge failed: %+v %v, %d places", run, err, count(db))
		}
		return db, hub
	}
	log := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))

	t.Run("schedule", func(t *testing.T) {
		db, _ := setup(t)
		// Another server resumes it: this one leaves it.
		if ok, err := db.AcquireLease(ctx, mergeLease, "autre-serveur", time.Minute); err != nil || !ok {
			t.Fatalf("lease: %v %v", ok, err)
		}
		ScheduleOnce(ctx, db, time.Now, Options{PrivateAddresses: true}, log)
		if n := count(db); n != 2 {
			t.Errorf("merged while another server held the lease: %d places", n)
		}
		if err := db.ReleaseLease(ctx, mergeLease, "autre-serveur"); err != nil {
			t.Fatal(err)
		}
		ScheduleOnce(ctx, db, time.Now, Options{PrivateAddresses: true}, log)
		if n := count(db); n != 1 {
			t.Errorf("the schedule did not resume the merge: %d places", n)
		}
	})
	t.Run("unchanged harvest", func(t *testing.T) {
		db, hub := setup(t)
		run, err := Harvest(ctx, db, hub, Options{PrivateAddresses: true})
		if err != nil || run.Status != store.HarvestUnchanged {
			t.Fatalf("second harvest: %+v %v", run, err)
		}
		if n := count(db); n != 1 {
			t.Errorf("an unchanged harvest did not resume the merge: %d places", n)
		}
	})
}

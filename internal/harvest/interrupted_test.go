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

// TestKilledHarvestRetried: a harvest whose process was killed stays
// recorded running; once its lease has expired it is shown interrupted
// (Settle) and the schedule tries it again RetryFirst after it started,
// not a whole interval later. While its lease is held, it is running.
func TestKilledHarvestRetried(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := duplicateSources(t)
	declare(t, db, store.Source{Name: "national", Type: store.SourceStandard, URL: srv.URL + "/national.csv", Interval: 24 * time.Hour})
	// A process took the lease, recorded its run, and was killed.
	if ok, err := db.AcquireLease(ctx, "moisson:national", "tue", time.Minute); err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	killed, err := db.StartHarvest(ctx, "national")
	if err != nil {
		t.Fatal(err)
	}
	runs, err := db.HarvestRuns(ctx, "national", 5)
	if err != nil {
		t.Fatal(err)
	}
	if err := Settle(ctx, db, runs); err != nil {
		t.Fatal(err)
	}
	if runs[0].Status != store.HarvestRunning {
		t.Errorf("a harvest whose lease is held is shown %s", runs[0].Status)
	}
	// Its lease expires (given back here: the same for the store).
	if err := db.ReleaseLease(ctx, "moisson:national", "tue"); err != nil {
		t.Fatal(err)
	}
	if err := Settle(ctx, db, runs); err != nil {
		t.Fatal(err)
	}
	if runs[0].Status != store.HarvestInterrupted || runs[0].Error == "" {
		t.Errorf("a harvest whose lease expired is shown %s (%q), want interrupted", runs[0].Status, runs[0].Error)
	}
	last, err := db.LastHarvests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := SettleLast(ctx, db, last); err != nil {
		t.Fatal(err)
	}
	if last["national"].Status != store.HarvestInterrupted {
		t.Errorf("last harvest shown %s, want interrupted", last["national"].Status)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	later := func() time.Time { return time.Now().Add(RetryFirst + time.Minute) }
	ScheduleOnce(ctx, db, later, Options{PrivateAddresses: true}, log)
	runs, err = db.HarvestRuns(ctx, "national", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Status != store.HarvestDone || runs[1].ID != killed || runs[1].Status != store.HarvestInterrupted {
		t.Errorf("runs after the schedule: %+v\n%s", runs, logs.String())
	}
}

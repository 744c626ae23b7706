package harvest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// A source removed after a harvest loaded it (moissonner --toutes, the
// schedule) is not harvested once its lease is held: its places stay
// unpublished and it stays removed.
func TestHarvestRemovedMeanwhile(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv", Interval: time.Hour})
		if _, err := Harvest(ctx, st, src, Options{}); err != nil {
			t.Fatal(err)
		}
		if got := ids(t, st); len(got) != 4 {
			t.Fatalf("places after the first harvest: %v", got)
		}
		if _, err := Remove(ctx, st, "hub", Options{Actor: "test"}); err != nil {
			t.Fatal(err)
		}
		runs, err := st.HarvestRuns(ctx, "hub", 10)
		if err != nil {
			t.Fatal(err)
		}
		// src was loaded before the removal.
		run, err := Harvest(ctx, st, src, Options{Force: true})
		if !errors.Is(err, ErrSourceRemoved) || !errors.Is(err, failure.ErrNotFound) || run.ID != 0 || !strings.Contains(failure.MessageOf(err), "supprimée") {
			t.Errorf("harvest of a removed source: %+v, %v", run, err)
		}
		if got := ids(t, st); len(got) != 0 {
			t.Errorf("the removed source's places are published again: %v", got)
		}
		after, err := st.HarvestRuns(ctx, "hub", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(runs) {
			t.Errorf("a harvest of the removed source was recorded: %+v", after[0])
		}
		if cur, err := st.Source(ctx, "hub"); err != nil || cur.RemovedAt.IsZero() {
			t.Errorf("source no longer removed: %+v, %v", cur, err)
		}
		// Nor by the schedule, holding the stale list.
		o := Options{}
		o.Due = func([]store.HarvestRun) bool { return true }
		if run, err := scheduledHarvest(ctx, st, src, o); !errors.Is(err, ErrSourceRemoved) {
			t.Errorf("scheduled harvest of a removed source: %+v, %v", run, err)
		}
	})
}

// Within one process (serve: the schedule and the web page), removing a
// source while it is being harvested is refused until the harvest ends:
// the two never hold its lease together.
func TestRemoveDuringHarvestSameProcess(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		csv := readFile(t, "testdata/standard/hub-v1.csv")
		asked, release := make(chan struct{}), make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(asked)
			<-release
			w.Write(csv)
		}))
		defer srv.Close()
		src := declare(t, st, store.Source{Name: "lent", Type: store.SourceStandard, URL: srv.URL + "/lieux.csv", Interval: time.Hour})
		done := make(chan error, 1)
		go func() {
			ScheduleOnce(ctx, st, time.Now, Options{PrivateAddresses: true}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			done <- nil
		}()
		<-asked
		_, err := Remove(ctx, st, src.Name, Options{Actor: "compte:1"})
		close(release)
		<-done
		if !errors.Is(err, failure.ErrConflict) {
			t.Errorf("removal during the harvest: %v", err)
		}
		if _, err := Remove(ctx, st, src.Name, Options{Actor: "compte:1"}); err != nil {
			t.Fatalf("removal after the harvest: %v", err)
		}
		if got := ids(t, st); len(got) != 0 {
			t.Errorf("places of the removed source still published: %v", got)
		}
	})
}

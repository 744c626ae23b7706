package harvest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// TestStartHoldsTheLease: a harvest started in the background shows as
// running as soon as Start returns, and holds the source's lease until it
// ends: another harvest of the same process (a click on the site while
// the schedule harvests the source) is refused, not run beside it, and
// so is a removal.
func TestStartHoldsTheLease(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		release := make(chan struct{})
		csv := readFile(t, "testdata/standard/hub-v1.csv")
		var asked atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if asked.Add(1) == 1 {
				<-release // the first harvest stays running
			}
			w.Write(csv)
		}))
		defer srv.Close()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: srv.URL + "/l.csv", Interval: time.Hour})
		opt := Options{PrivateAddresses: true, Holder: "serveur-a:1"}
		id, done, err := Start(ctx, st, src, opt)
		if err != nil {
			close(release)
			t.Fatal(err)
		}
		if run, err := st.HarvestRun(ctx, id); err != nil || run.Status != store.HarvestRunning {
			t.Errorf("started: %+v, %v", run, err)
		}
		if _, err := Harvest(ctx, st, src, opt); !errors.Is(err, failure.ErrConflict) {
			t.Errorf("a second harvest of the same process: %v, want a conflict", err)
		}
		if _, err := Remove(ctx, st, "hub", opt); !errors.Is(err, failure.ErrConflict) {
			t.Errorf("a removal during the harvest: %v, want a conflict", err)
		}
		close(release)
		select {
		case o := <-done:
			if o.Err != nil || o.Run.ID != id || o.Run.Status != store.HarvestDone || o.Run.Created == 0 {
				t.Errorf("outcome: %+v", o)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the harvest did not end")
		}
		if _, err := Harvest(ctx, st, src, opt); err != nil {
			t.Errorf("after it ended, the lease is free: %v", err)
		}
	})
}

package harvest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/store"
)

// matchGate counts the merge runs that read the records (RecordsToMatch,
// a whole run's work) and holds the first one until released.
type matchGate struct {
	store.Store
	runs    atomic.Int32
	entered chan struct{}
	release chan struct{}
}

func (g *matchGate) RecordsToMatch(ctx context.Context, fn func(store.MatchRecord) error) error {
	if g.runs.Add(1) == 1 {
		close(g.entered)
		<-g.release
	}
	return g.Store.RecordsToMatch(ctx, fn)
}

// TestPendingMergeClaimedOnce: records waiting for a merge run are merged
// by one run, whoever starts it: while an unchanged harvest's merge run
// (one server's tick) works on them, another server's tick resuming
// pending merges leaves them, and a harvest of another source waits for
// the run and finds nothing left to do, instead of doing the same work
// again at the same time.
func TestPendingMergeClaimedOnce(t *testing.T) {
	engines(t, func(t *testing.T, db store.Store) {
		ctx := context.Background()
		srv := duplicateSources(t)
		national := declare(t, db, store.Source{Name: "national", Type: store.SourceStandard, URL: srv.URL + "/national.csv", Interval: 24 * time.Hour})
		if _, err := Harvest(ctx, db, national, Options{PrivateAddresses: true}); err != nil {
			t.Fatal(err)
		}
		hub := declare(t, db, store.Source{Name: "hub", Type: store.SourceStandard, URL: srv.URL + "/hub.csv", Interval: 24 * time.Hour})
		if run, err := Harvest(ctx, failingMerges{db}, hub, Options{PrivateAddresses: true}); err != nil || !MergeFailed(run) {
			t.Fatalf("harvest whose merge failed: %+v %v", run, err)
		}
		g := &matchGate{Store: db, entered: make(chan struct{}), release: make(chan struct{})}
		var wg sync.WaitGroup
		var first, other store.HarvestRun
		var firstErr, otherErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			first, firstErr = Harvest(ctx, g, hub, Options{PrivateAddresses: true, Holder: "serveur-1"})
		}()
		<-g.entered
		done, _, err := ResumeMerge(ctx, g, Options{Holder: "serveur-2"})
		if err != nil || done {
			t.Errorf("another server resumed the merge while a run was at it: done %v, %v", done, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			other, otherErr = Harvest(ctx, g, national, Options{PrivateAddresses: true, Holder: "serveur-2"})
		}()
		time.Sleep(200 * time.Millisecond) // the other harvest reaches its merge
		close(g.release)
		wg.Wait()
		if firstErr != nil || otherErr != nil || first.Status != store.HarvestUnchanged || other.Status != store.HarvestUnchanged {
			t.Fatalf("harvests: %+v %v; %+v %v", first, firstErr, other, otherErr)
		}
		if n := g.runs.Load(); n != 1 {
			t.Errorf("%d merge runs read the waiting records, want 1", n)
		}
		if waiting, err := db.HasPending(ctx); err != nil || waiting {
			t.Errorf("records still waiting: %v %v", waiting, err)
		}
	})
}

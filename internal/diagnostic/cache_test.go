package diagnostic

import (
	"context"
	"sync"
	"testing"

	"maillage/internal/fragility"
)

func TestCacheComputesOncePerRevision(t *testing.T) {
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces()}
	st.rev.Lieux = 7
	c := NewCache(st, ref)
	ctx := context.Background()
	dep := Territory{Kind: KindDepartement, Code: "01"}
	report := func() *Report {
		t.Helper()
		r, err := c.Report(ctx, dep, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := report()
	report()
	if _, err := c.Report(ctx, Territory{Kind: KindFrance}, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Implant(ctx, dep, Options{}, 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	if st.reads != 1 {
		t.Fatalf("places read %d times for one revision and one set of options, want 1", st.reads)
	}
	// The same options written otherwise are the same entry.
	if _, err := c.Report(ctx, dep, Options{Method: "E2SFCA", Cost: "vol-d-oiseau", SeuilKm: 10}); err != nil {
		t.Fatal(err)
	}
	if st.reads != 1 {
		t.Fatalf("the defaults given explicitly computed again (%d reads)", st.reads)
	}
	// A place removed from the registry: a new revision, a new computation
	// (in the background: meanwhile the last one, stale).
	st.lieux = st.lieux[:1]
	st.rev.Lieux = 8
	if r := report(); r.Stale == nil || r.Revision != first.Revision {
		t.Errorf("during the new computation: revision %s, stale %+v; want the first, stale", r.Revision, r.Stale)
	}
	settle(t, c)
	second := report()
	if st.reads != 2 {
		t.Fatalf("%d reads after a new revision, want 2", st.reads)
	}
	if first.Revision == second.Revision {
		t.Errorf("revision %q did not change", first.Revision)
	}
	// Without P2, B only reaches P1 (E2SFCA): 0.68 / (1000 + 2000 × 0.68).
	if b := rowsByCode(second)["01002"]; !near(b.Accessibility, 10000*0.68/2360) {
		t.Errorf("B accessibility %v after P2 left, want %v", b.Accessibility, 10000*0.68/2360)
	}
	// New demand data (same registry revision): a new computation.
	st.table = smallTable()
	st.datasets = []fragility.Dataset{{Kind: fragility.KindIndicators, Level: "commune", Vintage: "2021", Units: 4, Imported: "2026-12-01T21:00:00.000000000Z"}}
	report()
	settle(t, c)
	third := report()
	if st.reads != 3 || third.Revision == second.Revision {
		t.Errorf("%d reads, revision %q; want 3 and a new revision after loading demand", st.reads, third.Revision)
	}
	// Other options: another entry, the first ones kept.
	if _, err := c.Report(ctx, dep, Options{Method: "2sfca"}); err != nil {
		t.Fatal(err)
	}
	report()
	if st.reads != 4 {
		t.Errorf("%d reads, want 4 (the default options still cached)", st.reads)
	}
}

// settle waits for the cache's background computations.
func settle(t *testing.T, c *Cache) {
	t.Helper()
	if err := c.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestCacheOneComputationForConcurrentAskers(t *testing.T) {
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces()}
	c := NewCache(st, ref)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.Report(context.Background(), Territory{Kind: KindFrance}, Options{})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if st.reads != 1 {
		t.Errorf("%d computations for 8 concurrent askers, want 1", st.reads)
	}
}

func TestCacheIsBounded(t *testing.T) {
	st := &fakeStore{lieux: smallPlaces()}
	c := NewCache(st, smallRef())
	for k := range CacheSize + 3 {
		if _, err := c.Report(context.Background(), Territory{Kind: KindFrance}, Options{SeuilKm: float64(5 + k)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.slots) != CacheSize {
		t.Errorf("%d entries, want %d", len(c.slots), CacheSize)
	}
}

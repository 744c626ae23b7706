package diagnostic

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"maillage/internal/access"
	"maillage/internal/failure"
)

// A pinned set of options (a server's defaults) keeps its computation
// however many other options are asked: a flood of distinct thresholds
// pushes out only the others.
func TestCachePinnedOptionsStayThroughAFlood(t *testing.T) {
	st := &fakeStore{lieux: smallPlaces()}
	c := NewCache(st, smallRef())
	if err := c.Pin(Options{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	france := Territory{Kind: KindFrance}
	if _, err := c.Report(ctx, france, Options{}); err != nil {
		t.Fatal(err)
	}
	for n := range 3 * CacheSize {
		o := Options{SeuilKm: 30.1 + float64(n)}
		if c.Kept(o) {
			t.Fatalf("options %v kept before being asked", o)
		}
		if _, err := c.Report(ctx, france, o); err != nil {
			t.Fatal(err)
		}
		if !c.Kept(o) {
			t.Fatalf("options %v not kept after being asked", o)
		}
	}
	reads := st.reads
	if !c.Kept(Options{Method: "e2sfca"}) {
		t.Error("the pinned default options are not kept")
	}
	if _, err := c.Report(ctx, france, Options{}); err != nil {
		t.Fatal(err)
	}
	if st.reads != reads {
		t.Errorf("the default options were computed again after %d other sets of options (%d reads, want %d)", 3*CacheSize, st.reads, reads)
	}
	if c.Kept(Options{SeuilKm: 30.1}) {
		t.Error("the oldest flooding options are still kept")
	}
}

// The placement of the communes of a territory is computed once per
// version, options and territory, whatever the number of sites asked and
// the askers at once; each k gets what the greedy choice of k sites is.
func TestCacheSharesPlacements(t *testing.T) {
	st := &fakeStore{lieux: smallPlaces()[:1]}
	ref := smallRef()
	c := NewCache(st, ref)
	ctx := context.Background()
	france := Territory{Kind: KindFrance}
	var wg sync.WaitGroup
	got := make([]*Implantation, 12)
	errs := make([]error, len(got))
	for n := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[n], errs[n] = c.Implant(ctx, france, Options{}, 1+n%4, nil, "")
		}()
	}
	wg.Wait()
	for n, im := range got {
		if errs[n] != nil {
			t.Fatal(errs[n])
		}
		want, err := Implant(ctx, st, ref, france, Options{}, 1+n%4, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(im, want) {
			t.Errorf("k=%d: shared placement\n%+v\nwant\n%+v", 1+n%4, im, want)
		}
	}
	if c.placed != 1 {
		t.Errorf("%d placements computed for one territory, want 1", c.placed)
	}
	if _, err := c.Implant(ctx, Territory{Kind: KindDepartement, Code: "02"}, Options{}, 2, nil, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Implant(ctx, france, Options{}, 3, nil, ""); err != nil {
		t.Fatal(err)
	}
	if c.placed != 2 {
		t.Errorf("%d placements computed for two territories, want 2", c.placed)
	}
}

// At most MaxPlacements placements are computed at once; an asker that
// finds no turn within PlacementWait gets a TooMany error, in French.
func TestCacheLimitsPlacements(t *testing.T) {
	defer func(w time.Duration) { PlacementWait = w }(PlacementWait)
	PlacementWait = 50 * time.Millisecond
	st := &fakeStore{lieux: smallPlaces()}
	c := NewCache(st, smallRef())
	ctx := context.Background()
	if _, err := c.Report(ctx, Territory{Kind: KindFrance}, Options{}); err != nil {
		t.Fatal(err)
	}
	for range MaxPlacements {
		c.greedy <- struct{}{} // placements held running
	}
	for n, cands := range [][]access.Candidate{nil, {{ID: "x", CodeINSEE: "01001", Lat: 45, Lon: 4}}} {
		_, err := c.Implant(ctx, Territory{Kind: KindDepartement, Code: "01"}, Options{}, 1, cands, "x.csv")
		if failure.CodeOf(err) != failure.TooMany {
			t.Errorf("%d: placement beyond the %d running: %v, want a TooMany error", n, MaxPlacements, err)
		}
	}
	for range MaxPlacements {
		<-c.greedy
	}
	im, err := c.Implant(ctx, Territory{Kind: KindDepartement, Code: "01"}, Options{}, 1, nil, "")
	if err != nil || im == nil {
		t.Fatalf("placement once the turns are free: %v", err)
	}
}

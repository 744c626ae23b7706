package diagnostic

import (
	"context"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/place"
)

// gatedStore is a fakeStore whose computations tell when they start and
// wait for a release each.
type gatedStore struct {
	*fakeStore
	mu      sync.Mutex
	started chan struct{}
	release chan struct{}
}

func (g *gatedStore) Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error] {
	g.started <- struct{}{}
	<-g.release
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.fakeStore.Lieux(ctx)
}

func (g *gatedStore) setRevision(lieux int64, ls []*place.Lieu) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fakeStore.rev.Lieux = lieux
	g.fakeStore.lieux = ls
}

// After the data change, the askers get the last computation at once,
// marked stale with its revision and date, while one computation of the
// new revision runs in the background; then the new figures.
func TestCacheServesStaleWhileRecomputing(t *testing.T) {
	st := &gatedStore{fakeStore: &fakeStore{lieux: smallPlaces()}, started: make(chan struct{}, 16), release: make(chan struct{}, 16)}
	st.rev.Lieux = 7
	c := NewCache(st, smallRef())
	at := time.Date(2026, 12, 1, 22, 10, 0, 0, time.UTC)
	c.SetClock(func() time.Time { return at })
	ctx := context.Background()
	dep := Territory{Kind: KindDepartement, Code: "01"}
	st.release <- struct{}{}
	first, err := c.Report(ctx, dep, Options{})
	if err != nil {
		t.Fatal(err)
	}
	<-st.started
	if first.Stale != nil || !first.Computed.Equal(at) {
		t.Fatalf("first report: stale %+v, computed %v", first.Stale, first.Computed)
	}
	// P2 leaves the registry: revision 8.
	st.setRevision(8, smallPlaces()[:1])
	at = at.Add(time.Hour)
	got := make(chan *Report, 4)
	for range 3 {
		go func() {
			r, err := c.Report(ctx, dep, Options{})
			if err != nil {
				t.Error(err)
			}
			got <- r
		}()
	}
	for range 3 {
		select {
		case r := <-got:
			if r == nil {
				t.FailNow()
			}
			if r.Revision != first.Revision || r.Stale == nil || !strings.HasPrefix(r.Stale.Revision, "lieux-8.") ||
				!r.Stale.Computed.Equal(first.Computed) {
				t.Fatalf("report during the computation: revision %s, stale %+v; want revision 7's, stale for 8", r.Revision, r.Stale)
			}
			want := "Chiffres calculés le 1er décembre 2026 à 23:10 sur les données à leur révision précédente (lieux 7, territoires 0, aucune donnée de demande) : elles ont changé depuis (lieux 8, territoires 0, aucune donnée de demande) et le nouveau calcul est en cours"
			if len(r.Notes) == 0 || !strings.HasPrefix(r.Notes[0], want) || !strings.Contains(r.Notes[0], ") : elles ont changé depuis (lieux 8, territoires 0") {
				t.Errorf("first note %q, want it to start with %q", r.Notes, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a report after the data changed waited for the computation of France")
		}
	}
	select {
	case <-st.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the new revision is not computed in the background")
	}
	select {
	case <-st.started:
		t.Fatal("a second computation of revision 8 started")
	case <-time.After(100 * time.Millisecond):
	}
	st.release <- struct{}{}
	if err := c.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := c.Report(ctx, dep, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Without P2, B only reaches P1 (E2SFCA): 0.68 / (1000 + 2000 × 0.68).
	if r.Stale != nil || !strings.HasPrefix(r.Revision, "lieux-8.") || !r.Computed.Equal(at) ||
		!near(rowsByCode(r)["01002"].Accessibility, 10000*0.68/2360) {
		t.Errorf("after the computation: revision %s, stale %+v, computed %v, B %v", r.Revision, r.Stale, r.Computed, rowsByCode(r)["01002"].Accessibility)
	}
	if st.reads != 2 {
		t.Errorf("%d computations, want 2 (one per revision)", st.reads)
	}
	// A placement during a recomputation is stale too, and says it in JSON.
	st.setRevision(9, smallPlaces())
	im, err := c.Implant(ctx, dep, Options{}, 1, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := im.JSON(&b); err != nil {
		t.Fatal(err)
	}
	if im.Stale == nil || !strings.Contains(b.String(), `"revision_en_calcul": "lieux-9.`) || !strings.Contains(b.String(), `"calcule_le": "2026-12-01T23:10:00Z"`) {
		t.Errorf("placement during a recomputation: stale %+v\n%s", im.Stale, b.String())
	}
	<-st.started
	st.release <- struct{}{}
	if err := c.Settle(ctx); err != nil {
		t.Fatal(err)
	}
}

// Refresh, called when the server's index takes a new revision, computes
// every set of options kept in the background, before anyone asks.
func TestCacheRefresh(t *testing.T) {
	st := &gatedStore{fakeStore: &fakeStore{lieux: smallPlaces()}, started: make(chan struct{}, 16), release: make(chan struct{}, 16)}
	c := NewCache(st, smallRef())
	ctx := context.Background()
	for _, o := range []Options{{}, {Method: "2sfca"}} {
		st.release <- struct{}{}
		if _, err := c.Report(ctx, Territory{Kind: KindFrance}, o); err != nil {
			t.Fatal(err)
		}
		<-st.started
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-st.started:
		t.Fatal("Refresh computed again with nothing changed")
	case <-time.After(100 * time.Millisecond):
	}
	st.setRevision(3, smallPlaces()[:1])
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		st.release <- struct{}{}
	}
	if err := c.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if st.reads != 4 {
		t.Fatalf("%d computations, want 4 (two option sets, two revisions)", st.reads)
	}
	for _, o := range []Options{{}, {Method: "2sfca"}} {
		r, err := c.Report(ctx, Territory{Kind: KindFrance}, o)
		if err != nil {
			t.Fatal(err)
		}
		if r.Stale != nil || !strings.HasPrefix(r.Revision, "lieux-3.") {
			t.Errorf("%+v after Refresh: revision %s, stale %+v", o, r.Revision, r.Stale)
		}
	}
}

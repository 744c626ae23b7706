package diagnostic

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"maillage/internal/access"
	"maillage/internal/fragility"
	"maillage/internal/place"
	"maillage/internal/store"
)

// lockedStore is a fakeStore whose revision may change while
// computations run.
type lockedStore struct {
	mu sync.Mutex
	f  *fakeStore
}

func (l *lockedStore) Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error] {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Lieux(ctx)
}

func (l *lockedStore) Revision(ctx context.Context) (store.Revision, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Revision(ctx)
}

func (l *lockedStore) setRevision(n int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.rev.Lieux = n
}

func (l *lockedStore) FragilityIndex(ctx context.Context) (*fragility.Index, error) {
	return l.f.FragilityIndex(ctx)
}

func (l *lockedStore) FragilityIndicators(ctx context.Context) (*fragility.Table, error) {
	return l.f.FragilityIndicators(ctx)
}

func (l *lockedStore) DemandDatasets(ctx context.Context) ([]fragility.Dataset, error) {
	return l.f.DemandDatasets(ctx)
}

// slowOSRM is an OSRM server on loopback that answers nothing until
// released (then 500) or until its asker leaves; it counts the requests
// whose asker left.
type slowOSRM struct {
	srv     *httptest.Server
	asked   chan struct{} // one per request
	left    chan struct{} // one per request whose asker left
	release chan struct{}
}

func newSlowOSRM(t *testing.T) *slowOSRM {
	s := &slowOSRM{asked: make(chan struct{}, 1000), left: make(chan struct{}, 1000), release: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.asked <- struct{}{}
		select {
		case <-r.Context().Done():
			s.left <- struct{}{}
		case <-s.release:
			http.Error(w, "fin", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(func() {
		close(s.release)
		s.srv.Close()
	})
	return s
}

// freshWithin asks the default options' report until it is not stale,
// at most d (a bound far above the milliseconds it takes).
func freshWithin(t *testing.T, c *Cache, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Until(deadline))
		r, err := c.Report(ctx, Territory{Kind: KindFrance}, Options{})
		cancel()
		if err == nil && r.Stale == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the default figures are still stale (or failing: %v) %v after the data changed, while an OSRM computation runs", err, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An OSRM computation waits on its server for minutes: it has turns of
// its own, and the default figures, recomputed after an import, never
// wait for it (review 9A, major 1).
func TestCacheOSRMDoesNotHoldTheDefaults(t *testing.T) {
	osrm := newSlowOSRM(t)
	st := &lockedStore{f: &fakeStore{lieux: smallPlaces()}}
	c := NewCache(st, smallRef())
	if err := c.Pin(Options{}); err != nil {
		t.Fatal(err)
	}
	france := Territory{Kind: KindFrance}
	if _, err := c.Report(context.Background(), france, Options{}); err != nil {
		t.Fatal(err)
	}
	// An asker that keeps waiting: the OSRM computation goes on.
	done := make(chan error, 1)
	go func() {
		_, err := c.Report(context.Background(), france, Options{Cost: access.NameOSRM, OSRMURL: osrm.srv.URL})
		done <- err
	}()
	select {
	case <-osrm.asked:
	case <-time.After(20 * time.Second):
		t.Fatal("the OSRM server was never asked")
	}
	st.setRevision(2) // an import
	if len(c.turns) != 0 {
		t.Errorf("the OSRM computation holds %d of the offline computations' turns", len(c.turns))
	}
	freshWithin(t, c, 20*time.Second)
	osrm.release <- struct{}{}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the OSRM computation did not end after its server answered")
	}
}

// The first computation of OSRM options is abandoned, its requests
// cancelled, when its last asker leaves; asking again is a new
// computation (counted by the server's per-address limit).
func TestCacheAbandonsOSRMWhenNobodyWaits(t *testing.T) {
	osrm := newSlowOSRM(t)
	st := &lockedStore{f: &fakeStore{lieux: smallPlaces()}}
	c := NewCache(st, smallRef())
	o := Options{Cost: access.NameOSRM, OSRMURL: osrm.srv.URL}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Report(ctx, Territory{Kind: KindFrance}, o)
		done <- err
	}()
	select {
	case <-osrm.asked:
	case <-time.After(20 * time.Second):
		t.Fatal("the OSRM server was never asked")
	}
	cancel() // the visitor closes the page
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the asker who left got %v", err)
	}
	select {
	case <-osrm.left:
	case <-time.After(20 * time.Second):
		t.Fatal("the OSRM requests go on with nobody waiting for them")
	}
	settle, stop := context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	if err := c.Settle(settle); err != nil {
		t.Fatalf("the abandoned computation did not end: %v", err)
	}
	if c.Kept(o) {
		t.Error("the abandoned OSRM options are still kept: asking again would not count as a new computation")
	}
}

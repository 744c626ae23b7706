package diagnostic

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
)

// failingStore is a fakeStore whose reading of the places fails while
// fail is set.
type failingStore struct {
	*fakeStore
	fail bool
}

func (f *failingStore) Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error] {
	if !f.fail {
		return f.fakeStore.Lieux(ctx)
	}
	f.reads++
	return func(yield func(*place.Lieu, error) bool) { yield(nil, errors.New("base injoignable")) }
}

// A computation that failed is not tried again for the same version
// before RetryAfter: askers get the last figures (stale) or the error,
// not one computation of France each.
func TestCacheRetriesAFailedComputationLater(t *testing.T) {
	ctx := context.Background()
	dep := Territory{Kind: KindDepartement, Code: "01"}
	clock := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	t.Run("no figures yet", func(t *testing.T) {
		st := &failingStore{fakeStore: &fakeStore{lieux: smallPlaces()}, fail: true}
		c := NewCache(st, smallRef())
		now := clock
		c.elapsed = func() time.Time { return now }
		for range 3 {
			if _, err := c.Report(ctx, dep, Options{}); err == nil || !strings.Contains(err.Error(), "base injoignable") {
				t.Fatalf("report while the store fails: %v", err)
			}
		}
		if st.reads != 1 {
			t.Errorf("%d computations for 3 askers within %v, want 1", st.reads, RetryAfter)
		}
		now = now.Add(RetryAfter + time.Second)
		st.fail = false
		if _, err := c.Report(ctx, dep, Options{}); err != nil {
			t.Fatalf("after RetryAfter: %v", err)
		}
		if st.reads != 2 {
			t.Errorf("%d computations, want 2 (tried again after RetryAfter)", st.reads)
		}
	})
	t.Run("last figures kept", func(t *testing.T) {
		st := &failingStore{fakeStore: &fakeStore{lieux: smallPlaces()}}
		st.rev.Lieux = 1
		c := NewCache(st, smallRef())
		now := clock
		c.elapsed = func() time.Time { return now }
		if _, err := c.Report(ctx, dep, Options{}); err != nil {
			t.Fatal(err)
		}
		st.rev.Lieux, st.fail = 2, true
		for range 3 {
			r, err := c.Report(ctx, dep, Options{})
			if err != nil || r.Stale == nil || !strings.HasPrefix(r.Revision, "lieux-1.") {
				t.Fatalf("report while the new revision's computation fails: %v, %+v", err, r)
			}
			if err := c.Settle(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if st.reads != 2 {
			t.Errorf("%d computations, want 2 (the first, one failed attempt of revision 2)", st.reads)
		}
		now = now.Add(RetryAfter + time.Second)
		st.fail = false
		if _, err := c.Report(ctx, dep, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := c.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		r, err := c.Report(ctx, dep, Options{})
		if err != nil || r.Stale != nil || !strings.HasPrefix(r.Revision, "lieux-2.") {
			t.Errorf("after RetryAfter: %v, revision %s, stale %+v", err, r.Revision, r.Stale)
		}
	})
}

// Warm computes a set of options in the background, once: the first
// asker then finds it ready.
func TestCacheWarm(t *testing.T) {
	st := &gatedStore{fakeStore: &fakeStore{lieux: smallPlaces()}, started: make(chan struct{}, 16), release: make(chan struct{}, 16)}
	c := NewCache(st, smallRef())
	ctx := context.Background()
	if err := c.Warm(ctx, Options{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-st.started:
	case <-time.After(10 * time.Second):
		t.Fatal("Warm started no computation")
	}
	if err := c.Warm(ctx, Options{}); err != nil {
		t.Fatal(err)
	}
	st.release <- struct{}{}
	if err := c.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Report(ctx, Territory{Kind: KindFrance}, Options{}); err != nil {
		t.Fatal(err)
	}
	if st.reads != 1 {
		t.Errorf("%d computations, want 1 (Warm's, found ready by the asker)", st.reads)
	}
}

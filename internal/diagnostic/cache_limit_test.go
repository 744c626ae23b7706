package diagnostic

import (
	"context"
	"errors"
	"iter"
	"sync"
	"testing"
	"time"

	"maillage/internal/place"
)

// blockingStore is a fakeStore whose reading of the places tells started
// and then waits for release: a computation held running.
type blockingStore struct {
	*fakeStore
	mu      sync.Mutex
	started chan struct{}
	release chan struct{}
}

func (b *blockingStore) Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error] {
	b.started <- struct{}{}
	<-b.release
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.fakeStore.Lieux(ctx)
}

// At most MaxComputations computations of France run at once: one more
// asker with other options waits, and gives up when its client leaves.
func TestCacheLimitsComputations(t *testing.T) {
	st := &blockingStore{fakeStore: &fakeStore{lieux: smallPlaces()}, started: make(chan struct{}, 16), release: make(chan struct{})}
	c := NewCache(st, smallRef())
	france := Territory{Kind: KindFrance}
	running := make(chan error, MaxComputations)
	for k := range MaxComputations {
		go func() {
			_, err := c.Report(context.Background(), france, Options{SeuilKm: float64(5 + k)})
			running <- err
		}()
	}
	for range MaxComputations {
		select {
		case <-st.started:
		case <-time.After(10 * time.Second):
			t.Fatalf("the first %d computations did not start", MaxComputations)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	waiter := make(chan error, 2)
	go func() {
		_, err := c.Report(ctx, france, Options{SeuilKm: 50})
		waiter <- err
	}()
	select {
	case <-st.started:
		t.Fatalf("a computation beyond the %d allowed started", MaxComputations)
	case err := <-waiter:
		t.Fatalf("the asker beyond the limit returned %v instead of waiting", err)
	case <-time.After(200 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-waiter:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled waiter: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a waiter whose client left did not return")
	}
	// Another waiter is served once the running ones end.
	go func() {
		_, err := c.Report(context.Background(), france, Options{SeuilKm: 60})
		waiter <- err
	}()
	close(st.release)
	for range MaxComputations {
		if err := <-running; err != nil {
			t.Fatal(err)
		}
	}
	if err := <-waiter; err != nil {
		t.Fatal(err)
	}
}

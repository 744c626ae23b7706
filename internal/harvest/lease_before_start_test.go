package harvest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// leaseTakenAtStart is a store where another instance takes the lease
// while the harvest is being recorded: the first AcquireLease succeeds,
// the renewals fail, and StartHarvest waits until the harvest's context
// ends (a slow database).
type leaseTakenAtStart struct {
	store.Store
	mu    sync.Mutex
	calls int
}

func (l *leaseTakenAtStart) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	return l.calls == 1, nil
}

func (l *leaseTakenAtStart) StartHarvest(ctx context.Context, source string) (int64, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

// A harvest that loses its lease before it starts says so in French:
// another instance holds the source's harvest, and what to do.
func TestHarvestLeaseLostBeforeStart(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		src := declare(t, st, store.Source{Name: "disputee", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv"})
		_, err := Harvest(context.Background(), &leaseTakenAtStart{Store: st}, src, Options{PrivateAddresses: true, LeaseTTL: 150 * time.Millisecond})
		if err == nil {
			t.Fatal("the harvest went on without its lease")
		}
		msg := err.Error()
		if !errors.Is(err, failure.ErrConflict) || strings.Contains(msg, "context canceled") ||
			!strings.Contains(msg, "« disputee »") || !strings.Contains(msg, "une autre instance") || !strings.Contains(msg, "réessayez") {
			t.Errorf("lease lost before the start: %v", err)
		}
	})
}

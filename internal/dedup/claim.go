package dedup

import (
	"context"
	"fmt"
	"time"

	"maillage/internal/lease"
)

// MergeLease is the lease a merge run holds while it works (RunStore):
// the runs that the imports, harvests and schedules of several processes
// sharing the database start take turns, and the second finds the records
// the first compared no longer waiting, instead of doing the same work at
// the same time.
const MergeLease = "doublons"

// claimTTL is how long the lease outlives a process killed during a run
// (of another machine: one of this machine's is taken over at once, see
// lease.Acquire); a live run renews it every third of it.
const claimTTL = 2 * time.Minute

// claimPoll is how often a run waiting for another one tries the lease.
const claimPoll = 250 * time.Millisecond

// Leases are the store's leases (store.Sources).
type Leases interface {
	lease.Store
	ReleaseLease(ctx context.Context, name, holder string) error
}

// claim waits until it holds MergeLease, and holds it (Hold). The lease
// of a run of this machine's killed process is taken over at once: an
// import after it does not wait for the lease to expire.
func claim(ctx context.Context, l Leases) (release func(), err error) {
	holder := lease.Operation("")
	for {
		ok, err := lease.Acquire(ctx, l, MergeLease, holder, claimTTL)
		if err != nil {
			return nil, fmt.Errorf("attente de la recherche des doublons en cours : %w", err)
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(claimPoll):
		}
	}
	return Hold(ctx, l, MergeLease, holder, claimTTL), nil
}

// Hold renews the lease name that holder holds, every third of ttl, until
// the returned release is called, which gives it back.
func Hold(ctx context.Context, l Leases, name, holder string, ttl time.Duration) (release func()) {
	renewed, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-renewed.Done():
				return
			case <-t.C:
				l.AcquireLease(renewed, name, holder, ttl)
			}
		}
	}()
	return func() {
		stop()
		<-done
		l.ReleaseLease(context.WithoutCancel(ctx), name, holder)
	}
}

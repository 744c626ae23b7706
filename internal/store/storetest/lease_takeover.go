package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/store"
)

// testLeaseTakeOver: who holds a lease is known while it lasts; a lease
// is taken over from a given holder only (a process known dead), never
// from another one.
func testLeaseTakeOver(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	holder := func(want string) {
		t.Helper()
		got, err := s.LeaseHolder(ctx, "moisson:hub")
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("holder %q, want %q", got, want)
		}
	}
	holder("")
	if ok, err := s.AcquireLease(ctx, "moisson:hub", "mort", time.Minute); err != nil || !ok {
		t.Fatal(ok, err)
	}
	holder("mort")
	// Not from someone else than the holder.
	if ok, err := s.TakeOverLease(ctx, "moisson:hub", "autre", "moi", time.Minute); err != nil || ok {
		t.Errorf("taken over from a non-holder: %v, %v", ok, err)
	}
	holder("mort")
	if ok, err := s.TakeOverLease(ctx, "moisson:hub", "mort", "moi", time.Minute); err != nil || !ok {
		t.Errorf("take over: %v, %v", ok, err)
	}
	holder("moi")
	// The new holder renews it; the dead one cannot take it back.
	c.Set(t0.Add(30 * time.Second))
	if ok, err := s.AcquireLease(ctx, "moisson:hub", "moi", time.Minute); err != nil || !ok {
		t.Errorf("renewal after the take-over: %v, %v", ok, err)
	}
	if ok, err := s.AcquireLease(ctx, "moisson:hub", "mort", time.Minute); err != nil || ok {
		t.Errorf("the dead holder took it back: %v, %v", ok, err)
	}
	// Nobody holds an expired lease.
	c.Set(t0.Add(2 * time.Minute))
	holder("")
	// A free lease is not "taken over".
	if err := s.ReleaseLease(ctx, "moisson:hub", "moi"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.TakeOverLease(ctx, "moisson:hub", "moi", "x", time.Minute); err != nil || ok {
		t.Errorf("taken over a free lease: %v, %v", ok, err)
	}
}

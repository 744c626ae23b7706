package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"maillage/internal/store"
)

// testPassReminders: a reminder step of an order is claimed once, by one
// of many concurrent callers; released, it may be claimed again.
func testPassReminders(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 1, 0)
	at := c.Now()
	var wg sync.WaitGroup
	won := make([]bool, 8)
	for i := range won {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.ClaimReminder(ctx, f.order.ID, "j-30", at)
			if err != nil {
				t.Error(err)
			}
			won[i] = ok
		}()
	}
	wg.Wait()
	n := 0
	for _, ok := range won {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d callers claimed the reminder, want 1", n)
	}
	if ok, err := s.ClaimReminder(ctx, f.order.ID, "j-7", at.Add(time.Hour)); err != nil || !ok {
		t.Errorf("another step: %v %v", ok, err)
	}
	if err := s.ReleaseReminder(ctx, f.order.ID, "j-30"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClaimReminder(ctx, f.order.ID, "j-30", at); err != nil || !ok {
		t.Errorf("claimed again once released: %v %v", ok, err)
	}
	if ok, err := s.ClaimReminder(ctx, f.order.ID, "j-30", at); err != nil || ok {
		t.Errorf("claimed twice: %v %v", ok, err)
	}
}

package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/store"
)

// Sign-in limits are read and changed in one transaction: concurrent
// changes, as from several instances, are all counted; a zero throttle is
// deleted; known browsers belong to one account and expire.
func testThrottles(t *testing.T, s store.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := s.Throttle(ctx, "mot-de-passe:ada@hub.fr", func(t account.Throttle) account.Throttle {
					t.N++
					t.Last = t0
					return t
				}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := s.Throttle(ctx, "mot-de-passe:ada@hub.fr", func(t account.Throttle) account.Throttle { return t })
	if err != nil {
		t.Fatal(err)
	}
	if got.N != workers*each || !got.Last.Equal(t0) {
		t.Errorf("after %d concurrent increments: %+v", workers*each, got)
	}
	if _, err := s.Throttle(ctx, "mot-de-passe:ada@hub.fr", func(account.Throttle) account.Throttle { return account.Throttle{} }); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Throttle(ctx, "mot-de-passe:ada@hub.fr", func(t account.Throttle) account.Throttle { return t }); err != nil || !got.Zero() {
		t.Errorf("after a reset: %+v %v", got, err)
	}

	ada, err := s.CreateUser(ctx, account.User{Email: "ada@hub.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := s.CreateUser(ctx, account.User{Email: "bob@hub.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.KnowDevice(ctx, "h1", ada, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		user int64
		at   time.Time
		want bool
	}{{ada, t0, true}, {bob, t0, false}, {ada, t0.Add(time.Hour), false}} {
		if got, err := s.KnownDevice(ctx, "h1", tt.user, tt.at); err != nil || got != tt.want {
			t.Errorf("KnownDevice(h1, %d, %v) = %v, %v; want %v", tt.user, tt.at, got, err, tt.want)
		}
	}
}

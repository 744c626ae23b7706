package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// Clock is a test's clock, set by hand.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the time the clock is set to.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set sets the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// testTimesOrder: times stored as text compare in time order, a whole
// second against a fraction of it included.
func testTimesOrder(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	whole := time.Date(2026, 12, 1, 12, 0, 1, 0, time.UTC)
	c.Set(whole)
	put(t, s, "hub", Sample("a"))
	c.Set(whole.Add(500 * time.Millisecond))
	put(t, s, "hub", Sample("b"))
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.LastChange.Equal(whole.Add(500 * time.Millisecond)) {
		t.Errorf("last change %v, want %v", st.LastChange, whole.Add(500*time.Millisecond))
	}
	// A link that expired half a second ago does not open a session.
	_, hash := account.NewToken()
	if err := s.AddLoginToken(ctx, hash, "a@b.fr", whole); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseLoginToken(ctx, hash, whole.Add(500*time.Millisecond)); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("a link used half a second after it expired: %v", err)
	}
	_, hash = account.NewToken()
	if err := s.AddLoginToken(ctx, hash, "a@b.fr", whole.Add(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseLoginToken(ctx, hash, whole); err != nil {
		t.Errorf("a link used half a second before it expires: %v", err)
	}
}

// testOneClock: every time a write transaction stores is the store's clock
// (the server's, injected), read once.
func testOneClock(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	at := time.Date(2031, 5, 6, 7, 8, 9, 123456789, time.UTC)
	c.Set(at)
	put(t, s, "hub", Sample("a"))
	uid, err := s.CreateUser(ctx, account.User{Email: "a@b.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PatchLieu(ctx, "a", store.Patch{Set: map[string]string{"nom": "N"}, Origin: "structure", Actor: "compte:1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "a", Status: store.StatusPending}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	u, err := s.User(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.FieldOrigins(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.Claims(ctx, "", uid)
	if err != nil || len(cs) != 1 {
		t.Fatalf("claims: %v %v", cs, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	times := map[string]time.Time{"account": u.Created, "field origin": o["nom"].At, "claim": cs[0].Created, "last change": st.LastChange}
	for e, err := range s.AuditAll(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		times["journal "+e.Action] = e.At
	}
	for what, got := range times {
		if !got.Equal(at.Truncate(time.Microsecond)) && !got.Equal(at) {
			t.Errorf("%s at %v, want the store's clock %v", what, got, at)
		}
	}
}

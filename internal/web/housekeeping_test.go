package web

import (
	"context"
	"testing"
	"time"

	"maillage/internal/account"
)

// The server deletes expired sessions and links by its own clock.
func TestHousekeepDeletesExpired(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	uid := mustUser(t, ts, account.User{Email: "a@b.fr", Role: account.Contributeur})
	_, old := account.NewToken()
	_, fresh := account.NewToken()
	for h, seen := range map[string]time.Time{old: monday10h.Add(-3 * time.Hour), fresh: monday10h.Add(-time.Minute)} {
		if err := ts.store.AddSession(ctx, account.Session{Hash: h, UserID: uid, Created: seen, LastSeen: seen}); err != nil {
			t.Fatal(err)
		}
	}
	_, link := account.NewToken()
	if err := ts.store.AddLoginToken(ctx, link, "a@b.fr", monday10h.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	loop, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { ts.Housekeep(loop, time.Hour); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := ts.store.Session(ctx, old); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the idle session (by the server's clock) was not deleted")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-done
	if _, err := ts.store.Session(ctx, fresh); err != nil {
		t.Errorf("a valid session was deleted: %v", err)
	}
	if n, _, err := ts.store.DeleteExpired(ctx, monday10h); err != nil || n != 0 {
		t.Errorf("the expired link was left: %d %v", n, err)
	}
}

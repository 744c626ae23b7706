package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/store"
)

// testDeleteExpired: links and sessions that can no longer be used are
// deleted; the others stay.
func testDeleteExpired(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	uid, err := s.CreateUser(ctx, account.User{Email: "a@b.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]time.Time{"expiré": now.Add(-time.Second), "à l'instant": now, "valable": now.Add(time.Minute)}
	hashes := map[string]string{}
	for name, exp := range links {
		_, h := account.NewToken()
		hashes[name] = h
		if err := s.AddLoginToken(ctx, h, "a@b.fr", exp); err != nil {
			t.Fatal(err)
		}
	}
	sessions := map[string]account.Session{
		"inactive":     {Created: now.Add(-3 * time.Hour), LastSeen: now.Add(-account.SessionIdle - time.Second)},
		"trop vieille": {Created: now.Add(-account.SessionAbsolute - time.Second), LastSeen: now.Add(-time.Minute)},
		"révoquée":     {Created: now.Add(-time.Hour), LastSeen: now.Add(-time.Minute)},
		"valable":      {Created: now.Add(-time.Hour), LastSeen: now.Add(-time.Minute)},
	}
	for name, se := range sessions {
		_, se.Hash = account.NewToken()
		se.UserID = uid
		if err := s.AddSession(ctx, se); err != nil {
			t.Fatal(err)
		}
		if name == "révoquée" {
			if err := s.RevokeSession(ctx, se.Hash, "test"); err != nil {
				t.Fatal(err)
			}
		}
		sessions[name] = se
	}
	nl, ns, err := s.DeleteExpired(ctx, now)
	if err != nil || nl != 2 || ns != 3 {
		t.Errorf("deleted %d links and %d sessions (%v), want 2 and 3", nl, ns, err)
	}
	if _, err := s.UseLoginToken(ctx, hashes["valable"], now); err != nil {
		t.Errorf("the valid link was deleted: %v", err)
	}
	if se, err := s.Session(ctx, sessions["valable"].Hash); err != nil || !se.Valid(now) {
		t.Errorf("the valid session: %+v %v", se, err)
	}
	if _, err := s.Session(ctx, sessions["inactive"].Hash); err == nil {
		t.Errorf("an idle session was kept")
	}
}

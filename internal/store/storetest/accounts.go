package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/store"
)

func testAccounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	id, err := s.CreateUser(ctx, account.User{Email: " Admin@Hub.fr ", Name: "Ada", Role: account.Administrateur}, "système")
	if err != nil || id == 0 {
		t.Fatalf("create: %d %v", id, err)
	}
	if _, err := s.CreateUser(ctx, account.User{Email: "admin@hub.fr", Role: account.Contributeur}, "système"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("same address twice: %v", err)
	}
	u, err := s.UserByEmail(ctx, "ADMIN@hub.fr")
	if err != nil || u.ID != id || u.Email != "admin@hub.fr" || u.Role != account.Administrateur {
		t.Errorf("by email: %+v %v", u, err)
	}
	cid, err := s.CreateUser(ctx, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur,
		Territories: []account.Territory{{Kind: "departement", Code: "81"}, {Kind: "epci", Code: "248100737"}}}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.User(ctx, cid)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Territories) != 2 || c.Territories[1].Code != "248100737" {
		t.Errorf("territories: %+v", c.Territories)
	}
	c.Role = account.Administrateur
	if err := s.UpdateUser(ctx, c, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, cid, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.User(ctx, cid); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("deleted account still found: %v", err)
	} else if msg := failure.MessageOf(err); !strings.Contains(msg, "Compte") {
		t.Errorf("a missing account is told as %q", msg)
	}
	if _, err := s.UserByEmail(ctx, "coord@tarn.fr"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("deleted address still found: %v", err)
	}
	// The address is free again.
	if _, err := s.CreateUser(ctx, account.User{Email: "coord@tarn.fr", Role: account.Contributeur}, "compte:1"); err != nil {
		t.Errorf("re-creating a deleted address: %v", err)
	}
	us, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 2 {
		t.Errorf("%d accounts", len(us))
	}
	entries, err := s.Audit(ctx, "compte", fmt.Sprint(cid))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 || entries[2].Action != "compte.supprime" {
		t.Errorf("journal of the account: %+v", entries)
	}
	for _, e := range entries {
		if strings.Contains(string(e.Before)+string(e.After), "coord@tarn.fr") {
			t.Errorf("the journal holds an e-mail address: %s", e.After)
		}
	}
	verifyChain(t, s)
}

func verifyChain(t *testing.T, s store.Store) {
	t.Helper()
	var v audit.Verifier
	for e, err := range s.AuditAll(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Check(e); err != nil {
			t.Fatalf("chain: %v", err)
		}
	}
	if v.Count == 0 {
		t.Errorf("empty journal")
	}
}

func testLoginAndSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now()
	_, hash := account.NewToken()
	if err := s.AddLoginToken(ctx, hash, "A@b.fr", now.Add(account.LinkLifetime)); err != nil {
		t.Fatal(err)
	}
	if email, err := s.UseLoginToken(ctx, hash, now); err != nil || email != "a@b.fr" {
		t.Errorf("use: %q %v", email, err)
	}
	if _, err := s.UseLoginToken(ctx, hash, now); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("a link works once: %v", err)
	}
	_, old := account.NewToken()
	if err := s.AddLoginToken(ctx, old, "a@b.fr", now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseLoginToken(ctx, old, now); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("an expired link works: %v", err)
	}
	uid, err := s.CreateUser(ctx, account.User{Email: "a@b.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		step int64
		want bool
	}{{100, true}, {100, false}, {99, false}, {101, true}} {
		if got, err := s.UseTOTPStep(ctx, uid, tt.step); err != nil || got != tt.want {
			t.Errorf("TOTP step %d: %v %v", tt.step, got, err)
		}
	}
	_, sh := account.NewToken()
	if err := s.AddSession(ctx, account.Session{Hash: sh, UserID: uid, Created: now, LastSeen: now}); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	if err := s.TouchSession(ctx, sh, later); err != nil {
		t.Fatal(err)
	}
	se, err := s.Session(ctx, sh)
	if err != nil || se.UserID != uid || !se.LastSeen.Equal(later.UTC().Truncate(time.Nanosecond)) && se.LastSeen.Sub(later).Abs() > time.Millisecond || se.Revoked {
		t.Errorf("session: %+v %v", se, err)
	}
	if ss, err := s.Sessions(ctx, uid); err != nil || len(ss) != 1 {
		t.Errorf("sessions: %+v (%v)", ss, err)
	}
	if err := s.RevokeSession(ctx, sh, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if se, err := s.Session(ctx, sh); err != nil || !se.Revoked {
		t.Errorf("revoked session still valid (%v)", err)
	}
	if ss, err := s.Sessions(ctx, uid); err != nil || len(ss) != 0 {
		t.Errorf("revoked session listed (%v)", err)
	}
}

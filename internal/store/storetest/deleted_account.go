package storetest

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// Deleting an account withdraws its pending claims and proposals in the
// same transaction: none stays to be accepted in moderation.
func testDeleteWithdrawsContributions(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("a"))
	keep, err := s.CreateUser(ctx, account.User{Email: "admin@hub.fr", Role: account.Administrateur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := s.CreateUser(ctx, account.User{Email: "bob@hub.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	carol, err := s.CreateUser(ctx, account.User{Email: "carol@hub.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	var claims []int64
	for _, u := range []int64{bob, carol} {
		id, err := s.AddClaim(ctx, store.Claim{UserID: u, LieuID: "a", Status: store.StatusPending}, "test")
		if err != nil {
			t.Fatal(err)
		}
		claims = append(claims, id)
	}
	prop, err := s.AddProposal(ctx, store.Proposal{LieuID: "a", UserID: bob, Values: map[string]string{"nom": "Nouveau nom"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, bob, "compte:"+strconv.FormatInt(keep, 10)); err != nil {
		t.Fatal(err)
	}
	pending, err := s.Claims(ctx, store.StatusPending, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].UserID != carol {
		t.Errorf("pending claims after deleting bob: %+v", pending)
	}
	props, err := s.Proposals(ctx, store.StatusPending)
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 0 {
		t.Errorf("pending proposals after deleting their author: %+v", props)
	}
	if err := s.DecideClaim(ctx, claims[0], store.StatusApproved, "test"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("accepting a deleted account's claim: %v", err)
	}
	if _, err := s.AcceptProposal(ctx, prop, "test"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("accepting a deleted account's proposal: %v", err)
	}
	all, err := s.Claims(ctx, "", bob)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Status != store.StatusWithdrawn {
		t.Errorf("bob's claim after the deletion: %+v", all)
	}
}

// Deleting an account takes its address out of its sign-in links and of
// the sign-in limits counted on it in the same transaction, rather than at
// their purge up to a day later (verification 12, N6); another address's
// are kept.
func testDeleteForgetsSignInAddress(t *testing.T, s store.Store) {
	ctx := context.Background()
	bob, err := s.CreateUser(ctx, account.User{Email: "Bob.Zorglub@Hub.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, account.User{Email: "carol@hub.fr", Role: account.Contributeur}, "test"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, link := range []struct{ hash, email string }{{"lien-bob", "bob.zorglub@hub.fr"}, {"lien-carol", "carol@hub.fr"}} {
		if err := s.AddLoginToken(ctx, link.hash, link.email, now.Add(15*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	counted := account.Throttle{N: 3, Since: now, Last: now, Until: now.Add(time.Minute)}
	var keys []string
	for _, email := range []string{"bob.zorglub@hub.fr", "carol@hub.fr"} {
		keys = append(keys, account.MailThrottleKey(email), account.PasswordThrottleKey(email))
	}
	for _, key := range keys {
		if _, err := s.Throttle(ctx, key, func(account.Throttle) account.Throttle { return counted }); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteUser(ctx, bob, "test"); err != nil {
		t.Fatal(err)
	}
	for i, key := range keys {
		got, err := s.Throttle(ctx, key, func(t account.Throttle) account.Throttle { return t })
		if err != nil {
			t.Fatal(err)
		}
		if bobs := i < 2; bobs != got.Zero() {
			t.Errorf("after bob's deletion, the limit %s holds %+v", key, got)
		}
	}
	if _, err := s.UseLoginToken(ctx, "lien-bob", now); err == nil {
		t.Errorf("the deleted account's sign-in link is still stored")
	}
	if email, err := s.UseLoginToken(ctx, "lien-carol", now); err != nil || email != "carol@hub.fr" {
		t.Errorf("another address's link: %q, %v", email, err)
	}
}

package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testLastAdministratorRace: administrators demoting and deleting each
// other at the same moment leave one administrator; the others' changes
// are refused with a French conflict.
func testLastAdministratorRace(t *testing.T, s store.Store) {
	ctx := context.Background()
	const admins = 6
	ids := make([]int64, admins)
	for i := range ids {
		id, err := s.CreateUser(ctx, account.User{Email: fmt.Sprintf("admin%d@hub.fr", i), Role: account.Administrateur}, "système")
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	// Each administrator is demoted (even ones) or deleted (odd ones) by
	// another one, all at once.
	errs := make([]error, admins)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, id := range ids {
		u, err := s.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor := fmt.Sprintf("compte:%d", ids[(i+1)%admins])
			<-start
			if i%2 == 0 {
				u.Role = account.Contributeur
				errs[i] = s.UpdateUser(ctx, u, actor)
			} else {
				errs[i] = s.DeleteUser(ctx, id, actor)
			}
		}()
	}
	close(start)
	wg.Wait()
	refused := 0
	for i, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, failure.ErrConflict) && failure.MessageOf(err) != failure.MessageOf(errors.New("")):
			refused++
		default:
			t.Errorf("change %d: %v", i, err)
		}
	}
	us, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	left := 0
	for _, u := range us {
		if u.Role == account.Administrateur {
			left++
		}
	}
	if left != 1 || refused != 1 {
		t.Errorf("%d administrators left, %d changes refused; want 1 and 1 (%v)", left, refused, errs)
	}
	verifyChain(t, s)
}

// testLastAdministratorRule: the last administrator can be neither
// demoted nor deleted; promoting, and changes that keep an administrator,
// pass.
func testLastAdministratorRule(t *testing.T, s store.Store) {
	ctx := context.Background()
	id, err := s.CreateUser(ctx, account.User{Email: "seul@hub.fr", Role: account.Administrateur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	u.Name = "Ada" // keeps the role
	if err := s.UpdateUser(ctx, u, "compte:1"); err != nil {
		t.Errorf("renaming the only administrator: %v", err)
	}
	demoted := u
	demoted.Role = account.Coordinateur
	if err := s.UpdateUser(ctx, demoted, "compte:1"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("demoting the only administrator: %v", err)
	}
	if err := s.DeleteUser(ctx, id, "compte:1"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("deleting the only administrator: %v", err)
	}
	if got, err := s.User(ctx, id); err != nil || got.Role != account.Administrateur {
		t.Errorf("after refused changes: %+v %v", got, err)
	}
	other, err := s.CreateUser(ctx, account.User{Email: "autre@hub.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.User(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	o.Role = account.Administrateur
	if err := s.UpdateUser(ctx, o, "compte:1"); err != nil {
		t.Fatalf("promoting: %v", err)
	}
	if err := s.DeleteUser(ctx, id, "compte:2"); err != nil {
		t.Errorf("deleting an administrator who is no longer the only one: %v", err)
	}
}

// testAutoClaimBound: claims of one account decided by the automatic rule
// at the same moment are approved up to account.MaxAutoClaims, counted
// in each claim's transaction; the rest wait for a coordinator.
func testAutoClaimBound(t *testing.T, s store.Store) {
	ctx := context.Background()
	const claims = 8
	var ids []string
	for i := range claims {
		ids = append(ids, fmt.Sprintf("auto-%d", i))
	}
	ls := make([]place.Lieu, 0, claims)
	for _, id := range ids {
		ls = append(ls, Sample(id))
	}
	put(t, s, "hub", ls...)
	uid, err := s.CreateUser(ctx, account.User{Email: "epn@exemple.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateUser(ctx, account.User{Email: "autre@exemple.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	// Another account's approvals do not count.
	if c, err := s.ClaimPlace(ctx, other, ids[0], func(int) bool { return true }, "compte:3"); err != nil || c.Status != store.StatusApproved {
		t.Fatalf("another account's claim: %+v %v", c, err)
	}
	seen := make([]int, claims)
	got := make([]store.Claim, claims)
	errs := make([]error, claims)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i], errs[i] = s.ClaimPlace(ctx, uid, id, func(n int) bool { seen[i] = n; return n < account.MaxAutoClaims }, "compte:2")
		}()
	}
	close(start)
	wg.Wait()
	approved, pending := 0, 0
	for i, c := range got {
		if errs[i] != nil {
			t.Fatalf("claim %d: %v", i, errs[i])
		}
		switch c.Status {
		case store.StatusApproved:
			approved++
			if !account.AutoDecided(c.DecidedBy) {
				t.Errorf("an automatic approval decided by %q", c.DecidedBy)
			}
		case store.StatusPending:
			pending++
		}
	}
	if approved != account.MaxAutoClaims || pending != claims-account.MaxAutoClaims {
		t.Errorf("%d approved, %d pending; want %d and %d (counts seen: %v)", approved, pending, account.MaxAutoClaims, claims-account.MaxAutoClaims, seen)
	}
	stored, err := s.Claims(ctx, store.StatusApproved, uid)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != account.MaxAutoClaims {
		t.Errorf("%d approved claims stored", len(stored))
	}
	// The same place again, while a claim of it is pending, is a conflict.
	for i, c := range got {
		if c.Status == store.StatusPending {
			if _, err := s.ClaimPlace(ctx, uid, ids[i], func(int) bool { return false }, "compte:2"); !errors.Is(err, failure.ErrConflict) {
				t.Errorf("claiming a place twice: %v", err)
			}
			break
		}
	}
	if _, err := s.ClaimPlace(ctx, uid, "inconnu", func(int) bool { return true }, "compte:2"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("claiming no place: %v", err)
	}
	verifyChain(t, s)
}

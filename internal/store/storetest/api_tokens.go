package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// testAPITokens: a token is shown once and found by its hash, listed with
// its label and uses, revoked by its account only; a revoked token, a
// deleted account's token and an unknown one find nobody.
func testAPITokens(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	day := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	c.Set(day)
	ada, err := s.CreateUser(ctx, account.User{Email: "ada@hub.fr", Role: account.LieuQualifie}, "test")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := s.CreateUser(ctx, account.User{Email: "bob@hub.fr", Role: account.Financeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	token, made, err := s.CreateAPIToken(ctx, ada, "  Logiciel de caisse  ", day, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, account.APITokenPrefix) || !account.LooksLikeAPIToken(token) {
		t.Errorf("token %q", token)
	}
	if made.ID == 0 || made.UserID != ada || made.Label != "Logiciel de caisse" || !made.Created.Equal(day) || !made.LastUsed.IsZero() || !made.Revoked.IsZero() {
		t.Errorf("created: %+v", made)
	}
	bobToken, bobMade, err := s.CreateAPIToken(ctx, bob, "", day, "compte:2")
	if err != nil {
		t.Fatal(err)
	}
	if bobToken == token {
		t.Fatal("two accounts got the same token")
	}

	list, err := s.APITokens(ctx, ada)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0] != made {
		t.Errorf("list: %+v, want %+v", list, made)
	}

	// Found by the hash, not by the token; the use is recorded, at most
	// once a minute.
	if _, _, err := s.UserByAPIToken(ctx, token, day); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("found by the token itself (kept in clear?): %v", err)
	}
	used := func(at time.Time, want time.Time) {
		t.Helper()
		u, got, err := s.UserByAPIToken(ctx, account.HashToken(token), at)
		if err != nil || u.ID != ada || u.Email != "ada@hub.fr" || u.Role != account.LieuQualifie || got.ID != made.ID || got.Label != made.Label {
			t.Fatalf("at %s: %+v %+v %v", at, u, got, err)
		}
		if !got.LastUsed.Equal(want) {
			t.Errorf("at %s: last use %s, want %s", at, got.LastUsed, want)
		}
		list, err := s.APITokens(ctx, ada)
		if err != nil || len(list) != 1 || !list[0].LastUsed.Equal(want) {
			t.Errorf("at %s: listed %+v %v, last use %s wanted", at, list, err, want)
		}
	}
	used(day.Add(time.Hour), day.Add(time.Hour))
	used(day.Add(time.Hour+30*time.Second), day.Add(time.Hour))
	used(day.Add(time.Hour+account.APITokenTouchEvery), day.Add(time.Hour+account.APITokenTouchEvery))
	if _, _, err := s.UserByAPIToken(ctx, account.HashToken(token+"x"), day); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	} else if msg := failure.MessageOf(err); !strings.Contains(msg, "Jeton") {
		t.Errorf("unknown token told as %q", msg)
	}

	// Only its account revokes a token.
	if err := s.RevokeAPIToken(ctx, ada, bobMade.ID, "compte:1"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("revoking another account's token: %v", err)
	}
	if u, _, err := s.UserByAPIToken(ctx, account.HashToken(bobToken), day); err != nil || u.ID != bob {
		t.Errorf("bob's token after ada's attempt: %+v %v", u, err)
	}
	c.Set(day.Add(2 * time.Hour))
	if err := s.RevokeAPIToken(ctx, ada, made.ID, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.UserByAPIToken(ctx, account.HashToken(token), day.Add(3*time.Hour)); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("revoked token still accepted: %v", err)
	}
	if list, err := s.APITokens(ctx, ada); err != nil || len(list) != 0 {
		t.Errorf("revoked token still listed: %+v %v", list, err)
	}
	if err := s.RevokeAPIToken(ctx, ada, made.ID, "compte:1"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("revoked twice: %v", err)
	}

	// Labels are checked.
	for _, bad := range []string{strings.Repeat("é", account.MaxAPITokenLabel+1), "caisse\x00", "caisse\u200b", "\xff"} {
		if _, _, err := s.CreateAPIToken(ctx, ada, bad, day, "compte:1"); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("label %q: %v", bad, err)
		}
	}

	// A deleted account's tokens find nobody, and it gets no new one.
	if err := s.DeleteUser(ctx, bob, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.UserByAPIToken(ctx, account.HashToken(bobToken), day); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("deleted account's token: %v", err)
	}
	if _, _, err := s.CreateAPIToken(ctx, bob, "", day, "compte:1"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("token for a deleted account: %v", err)
	}
	if _, _, err := s.CreateAPIToken(ctx, 999, "", day, "compte:1"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("token for no account: %v", err)
	}

	// The journal says who made and revoked which token, never the token.
	entries, err := s.Audit(ctx, "compte", fmt.Sprint(ada))
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		all := string(e.Before) + string(e.After)
		if strings.Contains(all, token) || strings.Contains(all, account.HashToken(token)) {
			t.Errorf("the journal holds the token or its hash: %s", all)
		}
	}
	if got := strings.Join(actions, " "); got != "compte.cree jeton.cree jeton.revoque" {
		t.Errorf("journal of ada: %s", got)
	}
	if last := entries[len(entries)-1]; last.Actor != "compte:1" || !strings.Contains(string(last.After), `"nom":"Logiciel de caisse"`) ||
		!strings.Contains(string(last.After), fmt.Sprintf(`"jeton":%d`, made.ID)) || !last.At.Equal(day.Add(2*time.Hour)) {
		t.Errorf("revocation journaled as %+v (%s)", last, last.After)
	}
	verifyChain(t, s)
}

// testAPITokensBound: an account holds at most account.MaxAPITokens
// valid tokens, even when they are asked for all at once; a revocation
// frees a place.
func testAPITokensBound(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	id, err := s.CreateUser(ctx, account.User{Email: "caisse@hub.fr", Role: account.LieuQualifie}, "test")
	if err != nil {
		t.Fatal(err)
	}
	// All but one place taken, then several asked at once: the last
	// place goes to one of them.
	for i := range account.MaxAPITokens - 1 {
		if _, _, err := s.CreateAPIToken(ctx, id, fmt.Sprintf("jeton %d", i), now, "test"); err != nil {
			t.Fatal(err)
		}
	}
	const tries = 16
	var wg sync.WaitGroup
	// Connections opened first, so that the creations overlap.
	for range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.APITokens(ctx, id)
		}()
	}
	wg.Wait()
	errs := make([]error, tries)
	made := make([]account.APIToken, tries)
	for i := range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, made[i], errs[i] = s.CreateAPIToken(ctx, id, fmt.Sprintf("dernier %d", i), now, "test")
		}()
	}
	wg.Wait()
	ok, full := 0, 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
			if made[i].ID == 0 {
				t.Errorf("create %d: no id", i)
			}
		case errors.Is(err, failure.ErrConflict):
			full++
			if !strings.Contains(failure.MessageOf(err), "révoquez-en un") {
				t.Errorf("refusal told as %q", failure.MessageOf(err))
			}
		case errors.Is(err, failure.ErrUnavailable):
			// SQLite's single writer may answer busy under this load:
			// not a token, not a wrong count.
		default:
			t.Errorf("create %d: %v", i, err)
		}
	}
	list, err := s.APITokens(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ok > 1 || ok+account.MaxAPITokens-1 != len(list) || len(list) > account.MaxAPITokens {
		t.Errorf("%d created at once for the last place, %d refused, %d listed (at most %d)", ok, full, len(list), account.MaxAPITokens)
	}
	for len(list) < account.MaxAPITokens {
		if _, _, err := s.CreateAPIToken(ctx, id, "", now, "test"); err != nil {
			t.Fatal(err)
		}
		list = append(list, account.APIToken{})
	}
	if _, _, err := s.CreateAPIToken(ctx, id, "", now, "test"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("token beyond the bound: %v", err)
	}
	if list, err = s.APITokens(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeAPIToken(ctx, id, list[0].ID, "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateAPIToken(ctx, id, "", now, "test"); err != nil {
		t.Errorf("after a revocation: %v", err)
	}
}

// APITokensAtRest checks that the database keeps a token's hash only:
// dump returns, as text, every row of the table jetons_api and of the
// journal on the engine.
func APITokensAtRest(t *testing.T, s store.Store, dump func(ctx context.Context) (string, error)) {
	ctx := context.Background()
	id, err := s.CreateUser(ctx, account.User{Email: "caisse@hub.fr", Role: account.LieuQualifie}, "test")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	token, made, err := s.CreateAPIToken(ctx, id, "caisse", now, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.UserByAPIToken(ctx, account.HashToken(token), now); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeAPIToken(ctx, id, made.ID, "test"); err != nil {
		t.Fatal(err)
	}
	rows, err := dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rows, account.HashToken(token)) || !strings.Contains(rows, "caisse") {
		t.Fatalf("the dump does not show the token's row: %s", rows)
	}
	secret := strings.TrimPrefix(token, account.APITokenPrefix)
	if strings.Contains(rows, secret[:16]) {
		t.Errorf("the database holds the token: %s", rows)
	}
}

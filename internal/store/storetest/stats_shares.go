package storetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// testStatsShares: a public link to a territory's statistics is stored by
// the hash of its token, read back by it, listed newest first, revoked
// once and for all (a second revocation, even at the same time, is a
// conflict), and journaled without its token or hash.
func testStatsShares(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	c.Set(now)
	token, hash := account.NewToken()
	tarn := store.StatsShare{Territory: store.TerritoryRef{Kind: "departement", Code: "81"}, Rule: store.ShareLast12Months, CreatedBy: 7}
	made, err := s.CreateStatsShare(ctx, tarn, hash, "compte:7")
	if err != nil {
		t.Fatal(err)
	}
	if made.ID == 0 || !made.Created.Equal(now) || !made.Revoked.IsZero() || made.Territory != tarn.Territory || made.CreatedBy != 7 {
		t.Errorf("share as stored: %+v", made)
	}
	got, err := s.StatsShareByHash(ctx, hash)
	if err != nil || got.ID != made.ID || got.Rule != store.ShareLast12Months || got.Territory != tarn.Territory || !got.Created.Equal(now) {
		t.Errorf("by hash: %+v %v", got, err)
	}
	if _, err := s.StatsShareByHash(ctx, account.HashToken(token+"x")); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("another token: %v, want not found", err)
	}
	if _, err := s.StatsShareByHash(ctx, token); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("the token itself as a hash: %v, want not found", err)
	}
	// A fixed period; bad shares are refused.
	_, hash2 := account.NewToken()
	fixed := store.StatsShare{Territory: store.TerritoryRef{Kind: "commune", Code: "31555"}, Rule: store.ShareFixed, From: "2026-01-01", To: "2026-06-30", CreatedBy: 8}
	second, err := s.CreateStatsShare(ctx, fixed, hash2, "compte:8")
	if err != nil || second.From != "2026-01-01" || second.To != "2026-06-30" {
		t.Fatalf("fixed period: %+v %v", second, err)
	}
	for _, bad := range []store.StatsShare{
		{Territory: store.TerritoryRef{Kind: "region", Code: "76"}, Rule: store.ShareLast12Months},
		{Territory: store.TerritoryRef{Kind: "departement", Code: "8'1"}, Rule: store.ShareLast12Months},
		{Territory: store.TerritoryRef{Kind: "departement", Code: "81"}, Rule: "toujours"},
		{Territory: store.TerritoryRef{Kind: "departement", Code: "81"}, Rule: store.ShareFixed, From: "2026-06-30", To: "2026-01-01"},
		{Territory: store.TerritoryRef{Kind: "departement", Code: "81"}, Rule: store.ShareLast12Months, From: "2026-01-01", To: "2026-06-30"},
		// Review 11A minor 6: unbounded, then over 10 years (3660 days).
		{Territory: store.TerritoryRef{Kind: "departement", Code: "81"}, Rule: store.ShareFixed, From: "0001-01-01", To: "9999-12-31"},
		{Territory: store.TerritoryRef{Kind: "departement", Code: "81"}, Rule: store.ShareFixed, From: "2016-01-01", To: "2026-01-08"},
	} {
		_, h := account.NewToken()
		if _, err := s.CreateStatsShare(ctx, bad, h, "compte:7"); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
	list, err := s.StatsShares(ctx)
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != made.ID {
		t.Fatalf("list: %+v %v", list, err)
	}
	// Revocation: once, by one of two at once.
	later := now.Add(time.Hour)
	c.Set(later)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.RevokeStatsShare(ctx, made.ID, 9, "compte:9")
		}()
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, failure.ErrConflict):
			conflicts++
		default:
			t.Errorf("revocation: %v", err)
		}
	}
	if ok != 1 || conflicts != 1 {
		t.Errorf("two revocations at once: %d done, %d conflicts, want 1 and 1", ok, conflicts)
	}
	got, err = s.StatsShareByHash(ctx, hash)
	if err != nil || !got.Revoked.Equal(later) || got.RevokedBy != 9 {
		t.Errorf("revoked share: %+v %v", got, err)
	}
	if _, err := s.RevokeStatsShare(ctx, 999999, 9, "compte:9"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("revoking no share: %v", err)
	}
	if sh, _ := s.StatsShareByHash(ctx, hash2); !sh.Revoked.IsZero() {
		t.Errorf("the other share is revoked too: %+v", sh)
	}
	var actions []string
	for e, err := range s.AuditAll(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Kind != "statistiques" {
			continue
		}
		actions = append(actions, e.Action+" "+e.Actor+" "+e.ObjectID)
		for _, secret := range []string{token, hash, hash2} {
			if strings.Contains(string(e.Before)+string(e.After), secret) {
				t.Errorf("the journal holds a token or its hash: %s %s", e.Before, e.After)
			}
		}
	}
	id := func(sh store.StatsShare) string { return itoa(sh.ID) }
	want := []string{store.ActionStatsShareCreated + " compte:7 " + id(made), store.ActionStatsShareCreated + " compte:8 " + id(second),
		store.ActionStatsShareRevoked + " compte:9 " + id(made)}
	if strings.Join(actions, "|") != strings.Join(want, "|") {
		t.Errorf("journal: %q, want %q", actions, want)
	}
}

package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testContributionsOutliveTheirPlace: a place's claims and public reports
// are never deleted with it. When it is withdrawn (its last record gone),
// they stay about its id, and its values stay readable for the moderators
// of its territory; when it is absorbed by a merge, they follow the
// surviving place, but for an account's second pending claim of the
// survivor, which stays about the absorbed id (it redirects) rather than
// being deleted.
func testContributionsOutliveTheirPlace(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(at)
	importAll(t, s, "hub", Sample("a"), Sample("b"), Sample("c"))
	uid, err := s.CreateUser(ctx, account.User{Email: "epn@ville.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	claims := map[string]int64{}
	for _, id := range []string{"a", "b", "c"} {
		n, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: id, Status: store.StatusPending}, "compte:2")
		if err != nil {
			t.Fatal(err)
		}
		claims[id] = n
		if _, err := s.AddCorrection(ctx, place.Correction{LieuID: id, Field: "autre", Message: "À propos de " + id, Created: at}); err != nil {
			t.Fatal(err)
		}
	}

	// b absorbed by c; a withdrawn.
	if err := s.MergePlaces(ctx, "c", "b", store.MergeInfo{Actor: "dedup", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	c.Set(at.Add(time.Hour))
	importAll(t, s, "hub", Sample("b"), Sample("c"))
	if _, err := s.WithdrawnPlace(ctx, "a"); err != nil {
		t.Fatalf("a is not withdrawn: %v", err)
	}

	got, err := s.Claims(ctx, store.StatusPending, 0)
	if err != nil {
		t.Fatal(err)
	}
	where := map[int64]string{}
	for _, cl := range got {
		where[cl.ID] = cl.LieuID
	}
	// c's own claim stays; b's is the account's second pending claim of
	// c: it stays about b, which redirects to c.
	for id, want := range map[string]string{"a": "a", "b": "b", "c": "c"} {
		if where[claims[id]] != want {
			t.Errorf("pending claim of %s: about %q, want %q (claims %+v)", id, where[claims[id]], want, got)
		}
	}
	reports, err := s.Corrections(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	about := map[string]string{}
	for _, r := range reports {
		about[r.Message] = r.LieuID
	}
	for msg, want := range map[string]string{"À propos de a": "a", "À propos de b": "c", "À propos de c": "c"} {
		if about[msg] != want {
			t.Errorf("report %q: about %q, want %q (reports %+v)", msg, about[msg], want, reports)
		}
	}
	// The withdrawn place's values say where it was.
	l, err := s.WithdrawnLieu(ctx, "a")
	if err != nil || l.ID != "a" || l.CodeINSEE != Sample("a").CodeINSEE || l.Nom != Sample("a").Nom {
		t.Errorf("withdrawn place a: %+v %v", l, err)
	}
	if _, err := s.WithdrawnLieu(ctx, "c"); err == nil {
		t.Error("a published place read as withdrawn")
	}
	// New claims and reports still need a published place.
	if _, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "a", Status: store.StatusPending}, "compte:2"); err == nil {
		t.Error("a new claim of a withdrawn place")
	}
	if _, err := s.AddCorrection(ctx, place.Correction{LieuID: "a", Field: "autre", Message: "x", Created: at}); err == nil {
		t.Error("a new report about a withdrawn place")
	}
	// The place comes back: its claim and report are its own again.
	c.Set(at.Add(2 * time.Hour))
	importAll(t, s, "hub", Sample("a"), Sample("b"), Sample("c"))
	if rs, err := s.Corrections(ctx, "a"); err != nil || len(rs) != 1 {
		t.Errorf("reports of a after its comeback: %+v %v", rs, err)
	}
}

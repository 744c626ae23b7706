package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestContributionsOfWithdrawnPlace: when a place is withdrawn (its source
// no longer gives it), its pending claim and public report stay in the
// moderation queue of its territory's coordinators, marked as about a
// withdrawn place, and can still be handled; a coordinator of elsewhere
// does not see them.
func TestContributionsOfWithdrawnPlace(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	uid := mustUser(t, ts, account.User{Email: "epn@capitole.fr", Role: account.Contributeur})
	if _, err := ts.store.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "tls-1", Status: store.StatusPending}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	rid, err := ts.store.AddCorrection(ctx, place.Correction{LieuID: "tls-1", Field: "horaires", Message: "Fermé le mardi", Created: monday10h})
	if err != nil {
		t.Fatal(err)
	}
	// The source gives every place but tls-1: it is withdrawn.
	im, err := ts.store.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range fixture()[1:] {
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Withdraw(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	if err := ts.Server.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := ts.indexOf(ctx).Lieu("tls-1"); ok {
		t.Fatal("tls-1 is still published")
	}
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	coord81 := session(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)

	page := getAs(t, ts, "/moderation", coord31)
	if n := strings.Count(page.Body, "EPN du Capitole</a> (lieu retiré du registre"); n != 2 {
		t.Errorf("the withdrawn place's claim and report: %d marked lines, want 2: %s", n, page.Body)
	}
	if !strings.Contains(page.Body, "Fermé le mardi") || !strings.Contains(page.Body, "epn@capitole.fr") {
		t.Error("the withdrawn place's report or claim is missing")
	}
	if other := getAs(t, ts, "/moderation", coord81); strings.Contains(other.Body, "EPN du Capitole") {
		t.Error("a coordinator of elsewhere sees the withdrawn place's claim or report")
	}
	if res := postForm(t, ts, fmt.Sprintf("/moderation/signalements/%d", rid), url.Values{}, coord81); res.StatusCode != 403 {
		t.Errorf("report handled by a coordinator of elsewhere: %d", res.StatusCode)
	}
	if res := postForm(t, ts, fmt.Sprintf("/moderation/signalements/%d", rid), url.Values{}, coord31); res.StatusCode != 303 {
		t.Errorf("report handled by the territory's coordinator: %d %s", res.StatusCode, res.Body)
	}
}

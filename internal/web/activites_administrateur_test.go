package web

import (
	"context"
	"html"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
)

// TestActivityAdministratorTerritoryList: an administrator, who edits
// and deletes any activity, lists under « Activités de votre territoire »
// the others' activities of the last three months, in every territory
// and in none (at a distance without a commune), each with its edit and
// delete links; not its own (listed above), not an older one; capped at
// the newest 200 with the coordinators' words (review 12N minor 1).
func TestActivityAdministratorTerritoryList(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, _ := passSession(t, ts, account.Contributeur)
	admin, cookie := passSession(t, ts, account.Administrateur)
	add := func(a activity.Activity) int64 {
		t.Helper()
		a.Kind, a.Duration, a.Thematics = activity.Individuel, 30, []string{"email"}
		got, err := ts.store.AddActivity(ctx, a, "test")
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	// monday10h is 2026-11-23.
	toulouse := add(activity.Activity{Date: "2026-11-20", PlaceType: activity.Domicile, Commune: "31555", Account: author})
	albi := add(activity.Activity{Date: "2026-11-02", PlaceType: activity.Domicile, Commune: "81004", Account: author})
	remote := add(activity.Activity{Date: "2026-10-01", PlaceType: activity.ADistance, Account: author})
	old := add(activity.Activity{Date: "2026-07-01", PlaceType: activity.Domicile, Commune: "31555", Account: author})
	own := add(activity.Activity{Date: "2026-11-21", PlaceType: activity.Domicile, Commune: "31555", Account: admin})

	res := getAs(t, ts, "/activites", cookie)
	body := html.UnescapeString(res.Body)
	_, territory, found := strings.Cut(body, "<h2>Activités de votre territoire</h2>")
	if res.StatusCode != 200 || !found {
		t.Fatalf("no territory section: %d", res.StatusCode)
	}
	territory, _, _ = strings.Cut(territory, "<h2>")
	if !strings.Contains(territory, "dans tous les territoires") {
		t.Error("the section does not say it is every territory's")
	}
	for _, id := range []int64{toulouse, albi, remote} {
		n := strconv.FormatInt(id, 10)
		if !strings.Contains(territory, `href="/activites/saisies/`+n+`"`) || !strings.Contains(territory, `href="/activites/saisies/`+n+`/supprimer"`) {
			t.Errorf("activity %d: no edit or delete link in the administrator's list", id)
		}
	}
	for _, id := range []int64{old, own} {
		if strings.Contains(territory, `href="/activites/saisies/`+strconv.FormatInt(id, 10)+`/supprimer"`) {
			t.Errorf("activity %d listed (older than three months, or the administrator's own)", id)
		}
	}

	// The cap: 200 more of today, the newest; the others are cut.
	for i := 0; i < 200; i++ {
		add(activity.Activity{Date: "2026-11-23", PlaceType: activity.Domicile, Commune: "31555", Account: author})
	}
	// The administrator's own, newer still, do not take places in the
	// list of the others' (review 12B minor 4: the cap counted them).
	for i := 0; i < 10; i++ {
		add(activity.Activity{Date: "2026-11-23", PlaceType: activity.Domicile, Commune: "31555", Account: admin})
	}
	body = html.UnescapeString(getAs(t, ts, "/activites", cookie).Body)
	_, territory, _ = strings.Cut(body, "<h2>Activités de votre territoire</h2>")
	territory, _, _ = strings.Cut(territory, "<h2>")
	if !strings.Contains(territory, "Seules les 200 plus récentes sont affichées ici") {
		t.Error("no word that the list is cut")
	}
	if n := strings.Count(territory, `/supprimer"`); n != 200 {
		t.Errorf("%d lines, want 200", n)
	}
	if strings.Contains(territory, `href="/activites/saisies/`+strconv.FormatInt(toulouse, 10)+`/supprimer"`) {
		t.Error("an older one listed beyond the cap")
	}
}

// TestAggregateAdministratorTerritoryList: an administrator lists the
// others' monthly aggregates too, everywhere, with their edit and delete
// links (g2's note: the coordinators' section only).
func TestAggregateAdministratorTerritoryList(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, _ := passSession(t, ts, account.Contributeur)
	_, cookie := passSession(t, ts, account.Administrateur)
	g, err := ts.store.SaveAggregate(ctx, activity.Aggregate{LieuID: "tls-1", Month: "2026-10", Individual: 3, Workshops: 1, WorkshopParticipants: 4, Account: author}, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	body := html.UnescapeString(getAs(t, ts, "/activites", cookie).Body)
	_, section, found := strings.Cut(body, "<h2>Agrégats de votre territoire</h2>")
	if !found {
		t.Fatal("no aggregates section for the administrator")
	}
	section, _, _ = strings.Cut(section, "<h2>")
	n := strconv.FormatInt(g.ID, 10)
	if !strings.Contains(section, "dans tous les territoires") ||
		!strings.Contains(section, `href="/activites/agregats/`+n+`"`) || !strings.Contains(section, `href="/activites/agregats/`+n+`/supprimer"`) {
		t.Errorf("the administrator's aggregates section: %s", section)
	}
}

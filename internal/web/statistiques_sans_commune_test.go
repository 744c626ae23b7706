package web

import (
	"context"
	"html"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/store"
)

// TestStatisticsNoCommune: activities at a distance without a commune
// count in no territory; the perimeter's and the territories' statistics
// pages say how many of the period there are (none: nothing said), the
// activity form says it under the commune field (review 12N minor 7).
func TestStatisticsNoCommune(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	ts.cfg.HubPerimetre = []store.TerritoryRef{{Kind: "departement", Code: "31"}}
	author, authorCookie := passSession(t, ts, account.Contributeur)
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))
	for _, a := range []activity.Activity{
		{Date: "2026-06-10", PlaceType: activity.ADistance},                   // in no territory
		{Date: "2026-06-11", PlaceType: activity.ADistance},                   // in no territory
		{Date: "2026-06-12", PlaceType: activity.ADistance, Commune: "31555"}, // Toulouse
		{Date: "2025-01-15", PlaceType: activity.ADistance},                   // before the periods asked
	} {
		a.Kind, a.Duration, a.Thematics, a.Account = activity.Individuel, 30, []string{"email"}, author
		if _, err := ts.store.AddActivity(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	const two = "Sur tout le site, pour cette période, 2 activités sans commune ne comptent dans aucun territoire"
	for _, tt := range []struct{ path, want string }{
		{"/statistiques/perimetre?du=2026-01-01&au=2026-10-31", two},
		{"/statistiques/departement/31?du=2026-01-01&au=2026-10-31", two},
		{"/statistiques/commune/31555?du=2026-01-01&au=2026-10-31", two},
		{"/statistiques/perimetre?du=2026-06-11&au=2026-06-30", "1 activité sans commune ne compte dans aucun territoire"},
		{"/statistiques/perimetre?du=2025-06-01&au=2025-12-31", ""},
	} {
		res := getAs(t, ts, tt.path, admin)
		body := html.UnescapeString(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", tt.path, res.StatusCode)
		}
		if tt.want == "" {
			if strings.Contains(body, "sans commune ne compt") {
				t.Errorf("%s: activities without a commune said, none in the period", tt.path)
			}
			continue
		}
		if !strings.Contains(body, tt.want) {
			t.Errorf("%s: no %q", tt.path, tt.want)
		}
	}
	// Toulouse's page counts its own one only: the two are in no territory.
	res := getAs(t, ts, "/statistiques/commune/31555?du=2026-01-01&au=2026-10-31", admin)
	if got := statCells(t, res.Body)["accompagnements"][0]; got != "1" {
		t.Errorf("Toulouse: %q accompaniments, want 1", got)
	}

	form := html.UnescapeString(getAs(t, ts, "/activites/nouvelle", authorCookie).Body)
	if !strings.Contains(form, `aria-describedby="commune-aide"`) || !strings.Contains(form, "sans commune, cette activité ne compte dans aucun territoire") {
		t.Error("the activity form does not say that an activity without a commune counts in no territory")
	}
}

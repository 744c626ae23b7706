package web

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"maillage/internal/activity"
)

// activityMatrixObjects are the {n} of the activity routes in the
// authorization matrix: an entry of another account each time, and the
// forms that would save it.
func activityMatrixObjects(t *testing.T, ts *testServer, other func() int64) map[string]func() (int64, url.Values) {
	ctx := context.Background()
	months := 0
	act := func() (int64, url.Values) {
		a, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: "2025-06-02", Duration: 30, PlaceType: activity.Domicile,
			Commune: "31555", Thematics: []string{"email"}, Account: other()}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return a.ID, url.Values{"type": {"individuel"}, "date": {"2025-06-02"}, "duree": {"45"}, "type_lieu": {"domicile"}, "commune": {"31555"}, "thematiques": {"sante"}}
	}
	agg := func() (int64, url.Values) {
		months++
		g, err := ts.store.SaveAggregate(ctx, activity.Aggregate{LieuID: "tls-1", Month: fmt.Sprintf("%d-%02d", 2021+months/12, 1+months%12), Individual: 4, Account: other()}, 0, "test")
		if err != nil {
			t.Fatal(err)
		}
		return g.ID, url.Values{"lieu": {"tls-1"}, "mois": {g.Month}, "individuels": {"5"}}
	}
	coord := func() (int64, url.Values) {
		c, err := ts.store.AddCoordination(ctx, activity.Coordination{Kind: activity.Partenariat, Date: "2025-06-02", Level: "departemental", Territory: "31",
			Natures: []string{"subvention"}, Account: other()}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return c.ID, url.Values{"type": {"partenariat"}, "date": {"2025-06-03"}, "echelon_territorial": {"departemental"}, "nature_partenariat": {"rdv_elu"}}
	}
	confirm := func(object func() (int64, url.Values)) func() (int64, url.Values) {
		return func() (int64, url.Values) {
			n, _ := object()
			return n, url.Values{"confirmer": {"oui"}}
		}
	}
	return map[string]func() (int64, url.Values){
		// An activity in Haute-Garonne (31555) of another account: the
		// coordinator of 31 reads it and deletes it (not edits it).
		"GET /activites/saisies/{n}":                 act,
		"GET /api/v1/activites/{n}":                  act,
		"POST /activites/saisies/{n}":                act,
		"GET /activites/saisies/{n}/supprimer":       act,
		"POST /activites/saisies/{n}/supprimer":      confirm(act),
		"GET /activites/agregats/{n}":                agg,
		"POST /activites/agregats/{n}":               agg,
		"GET /activites/agregats/{n}/supprimer":      agg,
		"POST /activites/agregats/{n}/supprimer":     confirm(agg),
		"GET /activites/coordination/{n}":            coord,
		"POST /activites/coordination/{n}":           coord,
		"GET /activites/coordination/{n}/supprimer":  coord,
		"POST /activites/coordination/{n}/supprimer": confirm(coord),
		// A valid aggregate of tls-1 (Haute-Garonne): the coordinator of 31
		// records it, the administrator then finds it there (409).
		"POST /activites/agregats": func() (int64, url.Values) {
			return 0, url.Values{"lieu": {"tls-1"}, "mois": {"2025-06"}, "individuels": {"3"}}
		},
	}
}

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// A source withdraws the only record of a place a coordinator edited: the
// place stays, its fields are still credited to the withdrawn record (said
// withdrawn), its page and a pending public report still name the source,
// and the coordinators of its territory find it in their queue.
func TestPlaceWithdrawnKeptByHand(t *testing.T) {
	p := cast(t)
	ts, ctx := p.ts, context.Background()
	harvest := func(ls ...place.Lieu) {
		t.Helper()
		im, err := ts.store.BeginImport(ctx, "fs")
		if err != nil {
			t.Fatal(err)
		}
		for i := range ls {
			if _, _, err := im.Put(ctx, &ls[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Withdraw(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(ctx, "fs.csv"); err != nil {
			t.Fatal(err)
		}
		if err := ts.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	l := lieu("2939", 43.6046, 1.4441, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "France services des Minimes", "Toulouse", "31555", "31000"
	})
	harvest(l)
	cur, err := ts.store.Lieu(ctx, "2939")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.PatchLieu(ctx, "2939", store.Patch{Base: store.Version(&cur), Set: map[string]string{"presentation_resume": "Accueil sur rendez-vous"},
		Origin: "coordination", Actor: "compte:1"}); err != nil {
		t.Fatal(err)
	}
	if res := postForm(t, ts, "/lieux/2939/signaler", url.Values{"champ": {"horaires"}, "message": {"Fermé le samedi"}}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d", res.StatusCode)
	}
	harvest()
	if res := getAs(t, ts, "/lieux/2939", ""); res.StatusCode != 200 || !strings.Contains(res.Body, "Source des données : fs.") {
		t.Errorf("visitor: %d, source named: %v", res.StatusCode, strings.Contains(res.Body, "Source des données : fs."))
	}
	res := getAs(t, ts, "/lieux/2939", p.coord31)
	for _, want := range []string{"<th scope=\"row\">nom</th><td data-titre=\"Donnée par\">source « fs », enregistrement 2939 — retiré par fs le ",
		"Plus aucune source ne décrit ce lieu : fs l'a retiré le "} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("coordinator's page: missing %q", want)
		}
	}
	queue := getAs(t, ts, "/moderation", p.coord31)
	for _, want := range []string{"Lieux que plus aucune source ne décrit (1)", "France services des Minimes</a> — retiré par fs le ", "Source à prévenir : fs"} {
		if !strings.Contains(queue.Body, want) {
			t.Errorf("queue: missing %q", want)
		}
	}
	if other := getAs(t, ts, "/moderation", p.coord81); !strings.Contains(other.Body, "Lieux que plus aucune source ne décrit (0)") {
		t.Error("another territory's coordinator sees the place")
	}
}

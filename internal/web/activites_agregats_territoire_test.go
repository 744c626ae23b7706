package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/place"
)

// TestAggregateCoordinatorOfEPCI (review 12N, minor 8): the coordinator
// of Toulouse Métropole (an EPCI) finds another account's monthly
// aggregate of a place of Toulouse in « Agrégats de votre territoire »
// of /activites, with a link to delete it and none to edit it, and
// deletes it after the confirmation page (journaled in its name); its
// form is a 403 (its author edits it). The coordinator of the Albigeois
// (another EPCI) does none of it: a 404, as for a missing one. tls-1 is
// in Toulouse (the fixture's, by hand).
func TestAggregateCoordinatorOfEPCI(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, authorCookie := passSession(t, ts, account.Contributeur)
	g, err := ts.store.SaveAggregate(ctx, activity.Aggregate{LieuID: "tls-1", Month: "2026-10", Individual: 2200, Workshops: 2, WorkshopParticipants: 9, Account: author}, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	metropole, metropoleCookie, _ := coordinatorOf(t, ts, "coordination@toulouse-metropole.fr", account.Territory{Kind: "epci", Code: "243100518"})
	_, albiCookie, _ := coordinatorOf(t, ts, "coordination@grand-albigeois.fr", account.Territory{Kind: "epci", Code: "248100737"})
	id := strconv.FormatInt(g.ID, 10)
	form, page := "/activites/agregats/"+id, "/activites/agregats/"+id+"/supprimer"

	res := getAs(t, ts, "/activites", metropoleCookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "<h2>Agrégats de votre territoire</h2>") || !strings.Contains(res.Body, `href="`+page+`"`) ||
		!strings.Contains(res.Body, "EPN du Capitole") || !strings.Contains(res.Body, "octobre 2026") || !strings.Contains(res.Body, "2200 accompagnement(s) individuel(s), 2 atelier(s) pour 9 participant(s)") {
		t.Errorf("the coordinator of Toulouse Métropole's /activites: %d\n%s", res.StatusCode, res.Body)
	}
	if strings.Contains(res.Body, `href="`+form+`"`) {
		t.Error("the coordinator's list offers to edit another's aggregate")
	}
	if res := getAs(t, ts, "/activites", albiCookie); res.StatusCode != 200 || strings.Contains(res.Body, form) || strings.Contains(res.Body, "Agrégats de votre territoire") {
		t.Errorf("the coordinator of the Albigeois's /activites lists the aggregate of Toulouse: %d", res.StatusCode)
	}
	// Its form: a 403 for the one who reads it, a 404 for the other.
	if res := getAs(t, ts, form, metropoleCookie); res.StatusCode != 403 || !strings.Contains(res.Body, "son auteur le modifie") {
		t.Errorf("the form for the coordinator of Toulouse Métropole: %d", res.StatusCode)
	}
	if res := postForm(t, ts, form, url.Values{"lieu": {"tls-1"}, "mois": {"2026-10"}, "individuels": {"22"}}, metropoleCookie); res.StatusCode != 403 {
		t.Errorf("an edit by the coordinator of Toulouse Métropole: %d", res.StatusCode)
	}
	for _, res := range []response{getAs(t, ts, form, albiCookie), getAs(t, ts, page, albiCookie), postForm(t, ts, page, url.Values{"confirmer": {"oui"}}, albiCookie)} {
		if res.StatusCode != 404 {
			t.Errorf("the coordinator of the Albigeois: %d, want 404", res.StatusCode)
		}
	}
	if got, err := ts.store.Aggregate(ctx, g.ID); err != nil || got.Individual != 2200 {
		t.Fatalf("after the refusals: %+v %v", got, err)
	}
	res = getAs(t, ts, page, metropoleCookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Supprimer définitivement") || !strings.Contains(res.Body, "EPN du Capitole") || strings.Contains(res.Body, `href="`+form+`"`) {
		t.Errorf("confirmation for the coordinator of Toulouse Métropole: %d\n%s", res.StatusCode, res.Body)
	}
	if res := postForm(t, ts, page, url.Values{"confirmer": {"oui"}}, metropoleCookie); res.StatusCode != 303 || res.Header.Get("Location") != "/activites?message=agregat-supprime" {
		t.Fatalf("deletion by the coordinator of Toulouse Métropole: %d %s", res.StatusCode, res.Body)
	}
	if _, err := ts.store.Aggregate(ctx, g.ID); err == nil {
		t.Fatal("the aggregate is still there")
	}
	entries, err := ts.store.Audit(ctx, "agregat_activites", id)
	if err != nil {
		t.Fatal(err)
	}
	if last := entries[len(entries)-1]; last.Action != "supprimer" || last.Actor != "compte:"+strconv.FormatInt(metropole, 10) {
		t.Errorf("journal: %+v, want a deletion by the coordinator", last)
	}
	if res := getAs(t, ts, "/activites", authorCookie); res.StatusCode != 200 || strings.Contains(res.Body, form) {
		t.Errorf("the author's list: %d", res.StatusCode)
	}
}

// TestAggregateTerritoryListCapped: « Agrégats de votre territoire »
// shows the newest 200 (by month, then id), and says so when there are
// more. Three places of Toulouse, since a place has one aggregate a
// month and months start in 2020.
func TestAggregateTerritoryListCapped(t *testing.T) {
	ts := newTestServer(t, append(fixture(), lieu("tls-3", 43.6000, 1.4400, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Médiathèque de Toulouse", "Toulouse", "31555", "31000"
	}))...)
	ctx := context.Background()
	author, _ := passSession(t, ts, account.Contributeur)
	_, cookie, _ := coordinatorOf(t, ts, "c31@example.fr", account.Territory{Kind: "departement", Code: "31"})
	add := func(lieu string, months int) string {
		t.Helper()
		month := fmt.Sprintf("%04d-%02d", 2026-months/12, 12-months%12) // 0: 2026-12
		g, err := ts.store.SaveAggregate(ctx, activity.Aggregate{LieuID: lieu, Month: month, Individual: 1, Account: author}, 0, "test")
		if err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(g.ID, 10)
	}
	links := func() (string, []string) {
		body := getAs(t, ts, "/activites", cookie).Body
		var out []string
		for _, part := range strings.Split(body, `href="/activites/agregats/`)[1:] {
			if id, _, ok := strings.Cut(part, `/supprimer"`); ok && !strings.Contains(id, `"`) {
				out = append(out, id)
			}
		}
		return body, out
	}
	// 200: months 1 to 66 of the three places, then month 67 of two.
	for m := 1; m <= 66; m++ {
		for _, l := range []string{"tls-1", "tls-2", "tls-3"} {
			add(l, m)
		}
	}
	oldest := add("tls-1", 67)
	oldestKept := add("tls-2", 67)
	if body, got := links(); len(got) != 200 || strings.Contains(body, "Seuls les 200 plus récents") {
		t.Fatalf("200 aggregates: %d lines, note %v", len(got), strings.Contains(body, "Seuls les 200"))
	}
	newest := add("tls-1", 0) // shown first; the oldest month's first id no longer
	body, got := links()
	if len(got) != 200 || got[0] != newest || got[199] != oldestKept || strings.Contains(body, `href="/activites/agregats/`+oldest+`/supprimer"`) {
		t.Fatalf("201 aggregates: %d lines, first %v (want %s), last %v (want %s)", len(got), got[:1], newest, got[len(got)-1:], oldestKept)
	}
	if !strings.Contains(body, "Seuls les 200 plus récents sont affichés ici") {
		t.Error("no word that the list is cut")
	}
}

package web

import (
	"context"
	"fmt"
	"maillage/internal/account"
	"maillage/internal/store"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
)

// freshFixture: three places around Toulouse whose date_maj is, on the
// server's day (23 November 2026), 2 months, 13 months and 20 months old.
func freshFixture() []place.Lieu {
	ls := fixture()
	ls[0].DateMaj = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)  // tls-1: à jour
	ls[1].DateMaj = time.Date(2025, 10, 2, 0, 0, 0, 0, time.UTC) // tls-2: à vérifier
	ls[2].DateMaj = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)  // albi-1: à actualiser
	return ls
}

// Every place says how old its information is, and is flagged « à
// vérifier » after 12 months, « à actualiser » after 18, by the server's
// clock: on its page and in the API.
func TestFreshnessShown(t *testing.T) {
	ts := newTestServer(t, freshFixture()...)
	for _, tc := range []struct {
		id, code, page string
	}{
		{"tls-1", "a_jour", "Informations mises à jour ou confirmées le 1er septembre 2026, il y a 2 mois."},
		{"tls-2", "a_verifier", "Informations mises à jour ou confirmées le 2 octobre 2025, il y a 13 mois : <strong>à vérifier</strong>"},
		{"albi-1", "a_actualiser", "Informations mises à jour ou confirmées le 3 mars 2025, il y a 20 mois : <strong>à actualiser</strong>"},
	} {
		page := ts.get(t, "/lieux/"+tc.id)
		if page.StatusCode != 200 || !strings.Contains(page.Body, tc.page) {
			t.Errorf("page of %s: %d, does not say %q", tc.id, page.StatusCode, tc.page)
		}
		var one map[string]any
		decode(t, ts.get(t, "/api/v1/lieux/"+tc.id).Body, &one)
		if one["fraicheur"] != tc.code {
			t.Errorf("API of %s: fraicheur %v, want %s", tc.id, one["fraicheur"], tc.code)
		}
	}
	var list struct{ Lieux []map[string]any }
	decode(t, ts.get(t, "/api/v1/lieux?tri=nom").Body, &list)
	got := map[string]any{}
	for _, l := range list.Lieux {
		got[l["id"].(string)] = l["fraicheur"]
	}
	if fmt.Sprint(got) != "map[albi-1:a_actualiser tls-1:a_jour tls-2:a_verifier]" {
		t.Errorf("API search: %v", got)
	}
	var feed changesPage
	decode(t, ts.get(t, "/api/v1/lieux/changements?depuis=0").Body, &feed)
	for _, c := range feed.Changements {
		if c.Lieu["fraicheur"] == nil {
			t.Errorf("feed: %s without fraicheur", c.ID)
		}
	}
	// The open-data files stay the standard's: no extra field.
	if body := ts.get(t, "/donnees/lieux.json").Body; strings.Contains(body, "fraicheur") {
		t.Error("fraicheur in the standard's file")
	}
	_ = context.Background()
}

// coordinator31 signs in a new coordinator of the Haute-Garonne (31) at at.
func coordinator31(t *testing.T, ts *testServer, at time.Time) string {
	t.Helper()
	id := mustUser(t, ts, account.User{Email: fmt.Sprintf("coord31-%d@hub.fr", at.Unix()), Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	return session(t, ts, id, at)
}

// withHarvestedPlace adds a place of a declared source (a data.gouv.fr
// dataset), in Toulouse, 19 months old.
func withHarvestedPlace(t *testing.T, ts *testServer) {
	t.Helper()
	ctx := context.Background()
	if err := ts.store.DeclareSource(ctx, store.Source{Name: "france-services", Type: store.SourceDataGouv, URL: "liste-des-france-services", DeclaredBy: "test"}); err != nil {
		t.Fatal(err)
	}
	fs := lieu("fs-1", 43.60, 1.44, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "France services de Toulouse", "Toulouse", "31555", "31000"
		l.DateMaj = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	})
	importPlaces(t, ts.store, "france-services", fs)
	if err := ts.Sync(ctx); err != nil {
		t.Fatal(err)
	}
}

// The coordinators' report counts the places of their territory per
// source and freshness, by the server's clock, and lists those flagged.
func TestFreshnessReport(t *testing.T) {
	ts := newTestServer(t, freshFixture()...)
	withHarvestedPlace(t, ts)
	cookie := coordinator31(t, ts, monday10h)
	res := getAs(t, ts, "/moderation/fraicheur", cookie)
	if res.StatusCode != 200 {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
	// In the 31: tls-1 (fresh) and tls-2 (13 months) of "test", fs-1
	// (19 months) of "france-services"; albi-1 (81) is not theirs.
	for _, want := range []string{
		`<a href="/moderation/fraicheur?source=france-services">france-services</a></th><td>1</td><td>0</td><td>0</td><td>1</td>`,
		`<a href="/moderation/fraicheur?source=test">test</a></th><td>2</td><td>1</td><td>1</td><td>0</td>`,
		`Lieux à vérifier ou à actualiser (2)`,
		`<a href="/lieux/fs-1">France services de Toulouse</a> (Toulouse) — <strong>à actualiser</strong> : mis à jour ou confirmé le 1er avril 2025, il y a 19 mois ; source : france-services`,
		`<a href="/lieux/tls-2">Tiers-lieu des Carmes</a> (Toulouse) — <strong>à vérifier</strong>`,
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the report does not say %s", want)
		}
	}
	if strings.Contains(res.Body, "Médiathèque d'Albi") {
		t.Error("a place of another territory in the report")
	}
	// One source's places.
	res = getAs(t, ts, "/moderation/fraicheur?source=test", cookie)
	if !strings.Contains(res.Body, "de la source « test » (1)") || strings.Contains(res.Body, "/lieux/fs-1") {
		t.Errorf("report of source test:\n%s", res.Body)
	}
	// A year later by the server's clock, tls-1 is flagged too.
	later := monday10h.AddDate(1, 0, 0)
	ts.cfg.Now = func() time.Time { return later }
	cookie = coordinator31(t, ts, later)
	res = getAs(t, ts, "/moderation/fraicheur", cookie)
	if !strings.Contains(res.Body, `test</a></th><td>2</td><td>0</td><td>1</td><td>1</td>`) {
		t.Errorf("a year later:\n%s", res.Body)
	}
	if res := getAs(t, ts, "/moderation", cookie); !strings.Contains(res.Body, `<a href="/moderation/fraicheur">`) {
		t.Error("the moderation page does not link the report")
	}
}

// « Signaler une erreur » on a harvested place names its source, to the
// public and to the coordinators, who get a link to forward the report.
func TestReportNamesSource(t *testing.T) {
	ts := newTestServer(t, freshFixture()...)
	withHarvestedPlace(t, ts)
	page := ts.get(t, "/lieux/fs-1")
	if !strings.Contains(page.Body, "Les informations de ce lieu viennent de cette source : « france-services »") {
		t.Errorf("the place's page does not name its source:\n%s", page.Body)
	}
	res := postForm(t, ts, "/lieux/fs-1/signaler", url.Values{"champ": {place.CorrectionFields[0].Value}, "message": {"Fermé depuis septembre"}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d %s", res.StatusCode, res.Body)
	}
	mod := getAs(t, ts, "/moderation", coordinator31(t, ts, monday10h))
	// Its page, its type and its address as text, to forward the report.
	want := `Source à prévenir : <a href="/sources/france-services">france-services</a> (Jeu de données data.gouv.fr, <a href="https://www.data.gouv.fr/fr/datasets/liste-des-france-services/">https://www.data.gouv.fr/fr/datasets/liste-des-france-services/</a>).`
	if !strings.Contains(mod.Body, "Fermé depuis septembre") || !strings.Contains(mod.Body, want) {
		t.Errorf("the moderation page does not name the source to forward to (%s):\n%s", want, mod.Body)
	}
}

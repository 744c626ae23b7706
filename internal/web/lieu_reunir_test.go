package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// TestMergeByHandReadsPastedAddresses: « Réunir avec un autre lieu » takes
// the other place's page address as typed or pasted (the site's address
// or a path, with a query, a fragment, percent-encoding, a trailing slash
// or a page under the place), refuses another site's address, and reads
// an id alone as an id.
func TestMergeByHandReadsPastedAddresses(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	c31, _ := coordinators(t, ts)
	for _, typed := range []string{
		"tls-2",
		"http://maillage.test/lieux/tls-2?utm_source=courriel#carte",
		"  /lieux/tls-2/  ",
		"http://maillage.test/lieux/tls%2D2",
		"maillage.test/lieux/tls-2",
		"lieux/tls-2",
		"http://maillage.test/lieux/tls-2/historique",
	} {
		res := postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {typed}}, c31)
		if res.StatusCode != 200 || !strings.Contains(res.Body, `<input type="hidden" name="autre" value="tls-2">`) {
			t.Errorf("%q: %d, not the confirmation of tls-1 and tls-2", typed, res.StatusCode)
		}
	}
	// The request's own host is not this site's identity: only the
	// configured address is.
	for _, typed := range []string{"http://example.com/lieux/tls-2", "https://cartographie.exemple.gouv.fr/lieux/tls-2", "http://maillage.test/lieux/", "http://maillage.test/recherche?lieux/tls-2"} {
		res := postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {typed}}, c31)
		if res.StatusCode != 422 || !strings.Contains(res.Body, "n&#39;est pas l&#39;adresse d&#39;un lieu de ce site") {
			t.Errorf("%q: %d, want 422 saying it is not a place of this site", typed, res.StatusCode)
		}
	}
}

func TestPlaceRef(t *testing.T) {
	for _, tt := range []struct{ typed, id string }{
		{"tls-2", "tls-2"},
		{"a b", "a b"},
		{"/lieux/a%20b", "a b"},
		{"/lieux/..%2F..%2Fespace%2Fsupprimer%3Fx=/confirmer", "../../espace/supprimer?x="},
		{"https://maillage.test/lieux/x#y", "x"},
		{"https://MAILLAGE.test/lieux/x?y=1", "x"},
		{"https://h.test:8080/lieux/x", ""},
		{"https://autre.test/lieux/x", ""},
		{"/lieux/", ""},
		{"/lieux/%zz", ""},
	} {
		id, problem := placeRef(tt.typed, "https://maillage.test")
		if id != tt.id || (tt.id == "") != (problem != "") {
			t.Errorf("placeRef(%q) = %q, %q; want %q", tt.typed, id, problem, tt.id)
		}
	}
}

func FuzzPlaceRef(f *testing.F) {
	for _, s := range []string{"tls-2", "/lieux/a%2Fb/", "https://maillage.test/lieux/x?y#z", "lieux/", "://lieux/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		id, problem := placeRef(typed, "https://maillage.test")
		if problem != "" && id != "" {
			t.Errorf("placeRef(%q) = %q and a problem", typed, id)
		}
	})
}

// TestMergeByHandSaysWhatItMerges: an absorbed id leads to the place it
// was merged into, and the confirmation says so; places more than 1 km
// apart are warned about, with the distance; places a person said are
// distinct are never offered, and refused naming who decided and when.
func TestMergeByHandSaysWhatItMerges(t *testing.T) {
	far := lieu("tls-loin", 43.6345, 1.4440, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "EPN des Minimes", "Toulouse", "31555", "31000"
	})
	ts := newTestServer(t, append(fixture(), far)...)
	ctx := context.Background()
	c31, _ := coordinators(t, ts)

	// tls-3, another source's copy of tls-2, was merged into it.
	tls3 := importCopy(t, ts, "tls-2", "autre", "tls-3")
	if err := ts.store.MergePlaces(ctx, "tls-2", tls3, store.MergeInfo{Actor: "dedup", Reason: "test", Score: 9}); err != nil {
		t.Fatal(err)
	}
	res := postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {"/lieux/" + tls3}}, c31)
	for _, want := range []string{"Le lieu « " + tls3 + " » a déjà été fusionné dans le lieu", `name="autre" value="tls-2"`} {
		if res.StatusCode != 200 || !strings.Contains(res.Body, want) {
			t.Errorf("an absorbed id: %d, no %q", res.StatusCode, want)
		}
	}
	if strings.Contains(res.Body, "Attention : les deux lieux sont à") {
		t.Error("tls-1 and tls-2, 780 m apart, are said far apart")
	}
	if res := postForm(t, ts, "/lieux/tls-2/reunir", url.Values{"autre": {tls3}}, c31); res.StatusCode != 422 || !strings.Contains(res.Body, "déjà été fusionné dans ce lieu-ci") {
		t.Errorf("an id absorbed by this very place: %d", res.StatusCode)
	}
	res = postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {"tls-loin"}}, c31)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Attention : les deux lieux sont à 3,3 km l&#39;un de l&#39;autre") && !strings.Contains(res.Body, "Attention : les deux lieux sont à 3,3 km l'un de l'autre") {
		t.Errorf("places 3,3 km apart: %d, no warning\n%s", res.StatusCode, between(t, res.Body, "<main", "</main>"))
	}

	// A coordinator said tls-1 and tls-loin are two places.
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-loin"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 4, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	reject := url.Values{"source_a": {k.A.Source}, "id_a": {k.A.ID}, "source_b": {k.B.Source}, "id_b": {k.B.ID}, "decision": {"rejeter"}, "confirmer": {"oui"}}
	if res := postForm(t, ts, "/moderation/doublons/decision", reject, c31); res.StatusCode != 303 {
		t.Fatalf("reject: %d", res.StatusCode)
	}
	page := getAs(t, ts, "/lieux/tls-1/reunir", c31)
	if strings.Contains(page.Body, "(tls-loin)") || !strings.Contains(page.Body, "(tls-2)") {
		t.Errorf("nearby places: want tls-2, never tls-loin\n%s", between(t, page.Body, "<main", "</main>"))
	}
	res = postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {"tls-loin"}}, c31)
	if res.StatusCode != 409 || !strings.Contains(res.Body, "rejetée par coordinateur (compte ") || !strings.Contains(res.Body, " le 23/11/2026") {
		t.Errorf("places kept apart: %d\n%s", res.StatusCode, between(t, res.Body, "<main", "</main>"))
	}
}

package web

import (
	"context"
	"html"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestHistoryExplainsMerge: a coordinator reading a merged place's history
// sees, for the pair that merged it, each component's points and note (the
// shape of the operator's antenna merged with its main site at 7.0), not
// only the total.
func TestHistoryExplainsMerge(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	mergedRecord(t, ts, "tls-1", "fs", "1704")
	scores := `{"nom":{"valeur":1,"points":4,"note":"mêmes mots distinctifs"},` +
		`"adresse":{"valeur":0,"points":-1.5,"note":"autres voies"},` +
		`"distance":{"valeur":606,"points":0.5,"note":"606 m l’un de l’autre"},` +
		`"telephone":{"valeur":1,"points":1.5,"note":"même numéro (peut servir à plusieurs sites)"},` +
		`"courriel":{"valeur":1,"points":1.5,"note":"même adresse (peut servir à plusieurs sites)"},` +
		`"pivot":{"valeur":-1,"points":0,"note":"identifiant inconnu d’un côté"},"total":7}`
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "fs", ID: "1704"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: scores, Total: 7, Band: "meme", Decision: store.DecisionAuto}}); err != nil {
		t.Fatal(err)
	}
	page := getAs(t, ts, "/lieux/tls-1/historique", coord31)
	if page.StatusCode != 200 {
		t.Fatalf("history: %d", page.StatusCode)
	}
	body := html.UnescapeString(page.Body) // « + » is written &#43;
	for _, want := range []string{
		"fs « 1704 »", "test « tls-1 »", "7,0 points", "fusion automatique",
		"<th scope=\"row\">Nom</th><td>+4</td><td>mêmes mots distinctifs</td>",
		"<th scope=\"row\">Adresse</th><td>−1,5</td><td>autres voies</td>",
		"<th scope=\"row\">Courriel</th><td>+1,5</td>",
		// The merge's entry, in French: its label, its score.
		"Lieu fusionné avec un autre (qui y renvoie)", "score : 9,0",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("history: no %q", want)
		}
	}
	if strings.Contains(body, "lieu.fusionne") || strings.Contains(body, "score : 9 ") {
		t.Error("history shows an action's code or a score not written in French")
	}
	// A component that weighs nothing is left out.
	if strings.Contains(page.Body, "identifiant inconnu") {
		t.Error("history shows a component of 0 points")
	}
}

// TestReviewWordingSaysWithinSourceToo: the pairs to review are of one
// source or two (most real pairs are within one source): no page says
// they are « de sources différentes ».
func TestReviewWordingSaysWithinSourceToo(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	for _, path := range []string{"/moderation", "/moderation/doublons"} {
		page := getAs(t, ts, path, coord31)
		body := html.UnescapeString(page.Body)
		if page.StatusCode != 200 || strings.Contains(body, "de sources différentes") {
			t.Errorf("%s (%d) says the pairs are « de sources différentes »", path, page.StatusCode)
		}
	}
	if body := html.UnescapeString(getAs(t, ts, "/moderation", coord31).Body); !strings.Contains(body, "d'une même source ou de deux sources") {
		t.Error("/moderation does not say the pairs may be of one source")
	}
}

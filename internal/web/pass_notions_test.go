package web

import (
	"context"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/store/storetest"
)

// Two Pass notions are never mixed: « Accepte le Pass numérique » (page,
// results, facet pass, pass=1, the orientation's « J'ai un Pass
// numérique ») is an approved qualification of this maillage; what a
// source declares (tls-2 and albi-1: PassNumerique) is shown as declared
// by the source, filtered by pass_numerique=oui, and a page never says
// both.
func TestPassNotionsNotMixed(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	const declared = "Pass numérique : déclaré accepté par la source de ce lieu ; il n'est pas qualifié pour les pass de ce territoire."
	page := ts.get(t, "/lieux/tls-2").Body
	if strings.Contains(page, "Accepte le Pass numérique") || !strings.Contains(page, declared) {
		t.Errorf("a declared place, not qualified, says it accepts the Pass or not that its source declares it:\n%s", page)
	}
	if strings.Contains(ts.get(t, "/lieux/tls-1").Body, "Pass numérique :") {
		t.Error("a place that declares nothing says something of the Pass")
	}
	res := ts.get(t, "/recherche?pass_numerique=oui").Body
	if !strings.Contains(res, "Tiers-lieu des Carmes") || strings.Contains(res, `class="pass-accepte"`) {
		t.Errorf("pass_numerique=oui: the declared places, unmarked:\n%s", res)
	}
	if !strings.Contains(res, "Déclaré accepté par la source") || !strings.Contains(res, "Pass numérique déclaré par les sources") {
		t.Errorf("the declared facet is not named as declared:\n%s", res)
	}
	if res := ts.get(t, "/recherche?pass=1").Body; !strings.Contains(res, "Aucun lieu ne correspond") {
		t.Errorf("pass=1 keeps a declared place not qualified:\n%s", res)
	}
	if o := ts.get(t, "/orientation?etape=3&ou=Toulouse").Body; !strings.Contains(o, `name="pass" value="1"><label for="c-pass">J'ai un Pass numérique`) {
		t.Errorf("the orientation's « J'ai un Pass numérique » does not ask for qualified places:\n%s", o)
	}
	if d := ts.get(t, "/donnees").Body; !strings.Contains(d, "ce que l'annuaire appelle « Accepte le Pass numérique »") {
		t.Error("/donnees does not say what « Accepte le Pass numérique » means")
	}

	// Qualified: « Accepte le Pass numérique » alone.
	who := mustUser(t, ts, account.User{Email: "carmes@toulouse.fr", Role: account.Contributeur})
	if _, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-2", SIRET: newSIRET(), AccountID: who, IBAN: storetest.IBAN,
		Status: pass.QualificationApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := ts.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	page = ts.get(t, "/lieux/tls-2").Body
	if !strings.Contains(page, "<li>Accepte le Pass numérique</li>") || strings.Contains(page, "déclaré accepté par la source") {
		t.Errorf("the qualified place's page:\n%s", page)
	}
	res = ts.get(t, "/recherche?pass=1").Body
	if !strings.Contains(res, "Tiers-lieu des Carmes") || strings.Count(res, `<p class="pass-accepte">Accepte le Pass numérique</p>`) != 1 {
		t.Errorf("pass=1 after the qualification:\n%s", res)
	}
}

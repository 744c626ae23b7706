package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestPassCounterVerify: « Vérifier » says valid or why not, in French,
// and never redeems; a valid pass gets the redemption form with a key
// made by the server and the order's services that the place offers.
func TestPassCounterVerify(t *testing.T) {
	w := newPassWorld(t)
	injected, issued := w.passes[0], w.passes[4]
	typo := injected.Code[:len(injected.Code)-1] + "0"
	if strings.HasSuffix(injected.Code, "0") {
		typo = injected.Code[:len(injected.Code)-1] + "1"
	}
	for _, tt := range []struct {
		name, code string
		want       []string
		not        []string
	}{
		{"valid", strings.ToLower(injected.Code), []string{"Pass valable", "10,00\u202f€", "31 janvier 2027", `name="cle" value="comptoir-`,
			"<option value=\"" + place.ServiceDemarches + "\" selected>", "Encaisser 10,00\u202f€"}, []string{place.ServiceOutils, "Pass non valable"}},
		{"typo", typo, []string{"Pass non valable", pass.CodeInvalide.Message()}, []string{"Encaisser"}},
		{"not handed", issued.Code, []string{"Pass non valable", pass.NotHandedMessage}, []string{"Encaisser"}},
	} {
		res := getAs(t, w.ts, "/pass/utiliser?"+url.Values{"code": {tt.code}, "lieu": {"tls-1"}}.Encode(), w.structureC)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", tt.name, res.StatusCode)
		}
		for _, s := range tt.want {
			if !strings.Contains(res.Body, s) && !strings.Contains(res.Body, template.HTMLEscapeString(s)) {
				t.Errorf("%s: the page does not say %q", tt.name, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(res.Body, s) || strings.Contains(res.Body, template.HTMLEscapeString(s)) {
				t.Errorf("%s: the page says %q", tt.name, s)
			}
		}
	}
	if st := w.state(t, injected.Code); st != pass.Injecte {
		t.Errorf("after « Vérifier »: %s, want injecte", st)
	}
	// The QR code's address prefills the field; the scanner's button is
	// hidden until the script shows it.
	res := getAs(t, w.ts, "/pass/utiliser?code="+url.QueryEscape(injected.Code), w.structureC)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `value="`+injected.Code+`"`) || !strings.Contains(res.Body, "hidden data-scanner-bouton") ||
		hiddenValue(res.Body, "lieu") != "tls-1" || strings.Contains(res.Body, "Pass valable") {
		t.Errorf("page from the QR code: %d", res.StatusCode)
	}
}

// TestPassCounterRedeem: « Encaisser » redeems once; the same form sent
// again (a reload, a double tap) gets the first answer; the same person
// asking again with a new form is told it is done, not « déjà utilisé »;
// another account is told « déjà utilisé ».
func TestPassCounterRedeem(t *testing.T) {
	w := newPassWorld(t)
	ctx := context.Background()
	p := w.passes[0]
	page := getAs(t, w.ts, "/pass/utiliser?"+url.Values{"code": {p.Code}, "lieu": {"tls-1"}}.Encode(), w.structureC)
	key := hiddenValue(page.Body, "cle")
	if key == "" {
		t.Fatal("no key in the form")
	}
	// A service the order pays for but the place does not offer (tls-1
	// offers « Aide aux démarches administratives » only): refused,
	// nothing redeemed, the key still free.
	unoffered := url.Values{"code": {hiddenValue(page.Body, "code")}, "lieu": {"tls-1"}, "service": {place.ServiceOutils}, "cle": {key}}
	if res := postForm(t, w.ts, "/pass/utiliser", unoffered, w.structureC); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, template.HTMLEscapeString("Ce lieu ne propose pas le service « "+place.ServiceOutils+" » d'après l'annuaire")) {
		t.Errorf("a service the place does not offer: %d %s", res.StatusCode, res.Body)
	}
	if us, err := w.ts.store.Redemptions(ctx, "tls-1", 0); err != nil || len(us) != 0 {
		t.Fatalf("redemptions after a service the place does not offer: %d %v", len(us), err)
	}
	form := url.Values{"code": {hiddenValue(page.Body, "code")}, "lieu": {"tls-1"}, "service": {place.ServiceDemarches}, "cle": {key}}
	first := postForm(t, w.ts, "/pass/utiliser", form, w.structureC)
	if first.StatusCode != 200 || !strings.Contains(first.Body, "Pass encaissé.") || !strings.Contains(first.Body, "10,00\u202f€") {
		t.Fatalf("encaisser: %d %s", first.StatusCode, first.Body)
	}
	again := postForm(t, w.ts, "/pass/utiliser", form, w.structureC)
	if again.StatusCode != 200 || !strings.Contains(again.Body, "Pass encaissé (cette demande avait déjà été reçue") || strings.Contains(again.Body, "déjà été utilisé") {
		t.Errorf("the same form again: %d", again.StatusCode)
	}
	if us, err := w.ts.store.Redemptions(ctx, "tls-1", 0); err != nil || len(us) != 1 {
		t.Fatalf("redemptions: %d %v", len(us), err)
	}
	// Verified again by the same account (a beneficiary back another
	// day, the code typed twice): a refusal with the day it was used
	// here, not the green of a success; the code is not left in the
	// field for the next pass (review 10N2, finding 5).
	page = getAs(t, w.ts, "/pass/utiliser?"+url.Values{"code": {p.Code}, "lieu": {"tls-1"}}.Encode(), w.structureC)
	if !strings.Contains(page.Body, `<div class="alerte" role="alert">
<p><strong>Pass non valable</strong> : déjà utilisé ici le `) || !strings.Contains(page.Body, "encaissé par votre compte pour « "+place.ServiceDemarches+" » (10,00\u202f€)") ||
		strings.Contains(page.Body, `class="succes"`) || strings.Contains(page.Body, `name="cle"`) {
		t.Errorf("verified again by the same account: %s", page.Body)
	}
	if !strings.Contains(page.Body, `<input id="code" name="code" type="text" value="" `) {
		t.Errorf("the used code left in the field: %s", page.Body)
	}
	// A new form (another key) by the same account: refused too; only the
	// same form sent again (above) is answered « encaissé ».
	form.Set("cle", "comptoir-autre")
	if res := postForm(t, w.ts, "/pass/utiliser", form, w.structureC); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "<strong>Pass refusé</strong> : déjà utilisé ici le ") ||
		strings.Contains(res.Body, `class="succes"`) {
		t.Errorf("a new form by the same account: %d %s", res.StatusCode, res.Body)
	}
	// Another account acting for the place.
	if _, err := w.ts.store.AddClaim(ctx, store.Claim{UserID: w.stranger, LieuID: "tls-1", Status: store.StatusApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	form.Set("cle", "comptoir-collegue")
	if res := postForm(t, w.ts, "/pass/utiliser", form, w.strangerC); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, pass.DejaUtilise.Message()) {
		t.Errorf("another account: %d", res.StatusCode)
	}
	// The first form sent for another pass: nothing is redeemed.
	other := url.Values{"code": {w.passes[1].Code}, "lieu": {"tls-1"}, "service": {place.ServiceDemarches}, "cle": {key}}
	if res := postForm(t, w.ts, "/pass/utiliser", other, w.structureC); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ce formulaire avait déjà servi pour une autre demande") || hiddenValue(res.Body, "cle") == key {
		t.Errorf("a used form for another pass: %d", res.StatusCode)
	}
	if st := w.state(t, w.passes[1].Code); st != pass.Injecte {
		t.Errorf("the other pass: %s", st)
	}
	// A refusal says why.
	if res := postForm(t, w.ts, "/pass/utiliser", url.Values{"code": {w.passes[4].Code}, "lieu": {"tls-1"}, "service": {place.ServiceDemarches}, "cle": {"k-emis"}}, w.structureC); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, template.HTMLEscapeString(pass.NotHandedMessage)) {
		t.Errorf("a pass not handed: %d", res.StatusCode)
	}
	// No key: the form was not the page's.
	if res := postForm(t, w.ts, "/pass/utiliser", url.Values{"code": {w.passes[2].Code}, "lieu": {"tls-1"}, "service": {place.ServiceDemarches}}, w.structureC); res.StatusCode != http.StatusBadRequest {
		t.Errorf("no key: %d", res.StatusCode)
	}
	verifyPassClean(t, w)
}

// TestPassCounterAccess: an account acting for no qualified place gets the
// page that explains qualification; a place it does not act for is
// refused; so is every place for an administrator acting for none.
func TestPassCounterAccess(t *testing.T) {
	w := newPassWorld(t)
	res := getAs(t, w.ts, "/pass/utiliser", w.strangerC)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "Ce compte n'agit pour aucun lieu qualifié") || !strings.Contains(res.Body, "C'est ma structure") {
		t.Errorf("not qualified: %d", res.StatusCode)
	}
	code := w.passes[0].Code
	if res := getAs(t, w.ts, "/pass/utiliser?"+url.Values{"code": {code}, "lieu": {"tls-2"}}.Encode(), w.structureC); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "Ce compte n&#39;agit pas pour ce lieu") {
		t.Errorf("another place: %d", res.StatusCode)
	}
	if res := postForm(t, w.ts, "/pass/utiliser", url.Values{"code": {code}, "lieu": {"tls-2"}, "service": {place.ServiceDemarches}, "cle": {"k"}}, w.structureC); res.StatusCode != http.StatusForbidden {
		t.Errorf("redeem for another place: %d", res.StatusCode)
	}
	if st := w.state(t, code); st != pass.Injecte {
		t.Errorf("after refusals: %s", st)
	}
	// An administrator acts for no place: it redeems nowhere (review 10A2
	// major 3), neither « Vérifier » nor « Encaisser ».
	res = getAs(t, w.ts, "/pass/utiliser?"+url.Values{"code": {code}, "lieu": {"tls-1"}}.Encode(), w.adminC)
	if res.StatusCode != http.StatusForbidden || strings.Contains(res.Body, "Pass valable") || !strings.Contains(res.Body, "Ce compte administrateur n'agit pour aucun lieu qualifié") {
		t.Errorf("administrator: %d %s", res.StatusCode, res.Body)
	}
	if res := postForm(t, w.ts, "/pass/utiliser", url.Values{"code": {code}, "lieu": {"tls-1"}, "service": {place.ServiceDemarches}, "cle": {"adm"}}, w.adminC); res.StatusCode != http.StatusForbidden {
		t.Errorf("administrator redeems: %d", res.StatusCode)
	}
	if st := w.state(t, code); st != pass.Injecte {
		t.Errorf("after the administrator: %s", st)
	}
}

func verifyPassClean(t *testing.T, w *passWorld) {
	t.Helper()
	bad, err := w.ts.store.VerifyPass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("pass verifier: %s", b)
	}
}

// TestPassScannerAsset: the scanner's fallback decoder is served by the
// site (no CDN), from the npm package's dist folder.
func TestPassScannerAsset(t *testing.T) {
	ts := newTestServer(t)
	if res := ts.get(t, "/static/vendor/jsqr/jsQR.js"); res.StatusCode != 200 || !strings.Contains(res.Body, "jsQR") {
		t.Errorf("jsQR: %d", res.StatusCode)
	}
	if res := ts.get(t, "/static/vendor/jsqr/"); res.StatusCode != 404 {
		t.Errorf("the package's folder: %d", res.StatusCode)
	}
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

var passSirets atomic.Int64

// newSIRET is a valid SIRET of its own for each call.
func newSIRET() string {
	return storetest.SIRET(fmt.Sprintf("7%012d", passSirets.Add(1)))
}

// passQualificationObject makes the {n} of a decision for the matrix: the
// pending request on tls-2 (in 31; made when there is none), refused.
// Not tls-1: the statements' rows qualify it.
func passQualificationObject(t *testing.T, ts *testServer) func() (int64, url.Values) {
	return func() (int64, url.Values) {
		ctx := context.Background()
		qs, err := ts.store.Qualifications(ctx, pass.QualificationPending)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if q.LieuID == "tls-2" {
				return q.ID, url.Values{"decision": {"refuser"}}
			}
		}
		who, _ := passSession(t, ts, account.Contributeur)
		q, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-2", SIRET: newSIRET(), AccountID: who, IBAN: storetest.IBAN}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return q.ID, url.Values{"decision": {"refuser"}}
	}
}

// claimant is a contributeur whose claim of a place was approved.
func claimant(t *testing.T, ts *testServer, lieu string) (int64, string) {
	t.Helper()
	id, cookie := passSession(t, ts, account.Contributeur)
	if _, err := ts.store.AddClaim(context.Background(), store.Claim{UserID: id, LieuID: lieu, Status: store.StatusApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	return id, cookie
}

func TestPassQualificationRequest(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	_, cookie := claimant(t, ts, "tls-1")
	_, other := claimant(t, ts, "tls-2")
	// From its space and the place's page.
	for _, page := range []string{"/espace", "/lieux/tls-1"} {
		if res := getAs(t, ts, page, cookie); !strings.Contains(res.Body, `href="/lieux/tls-1/pass"`) {
			t.Errorf("%s has no link to the request", page)
		}
	}
	res := getAs(t, ts, "/lieux/tls-1/pass", cookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `name="iban"`) {
		t.Fatalf("the form: %d\n%s", res.StatusCode, res.Body)
	}
	// Another place's structure may not ask for this one.
	if res := postForm(t, ts, "/lieux/tls-1/pass", url.Values{"siret": {newSIRET()}, "iban": {storetest.IBAN}}, other); res.StatusCode != http.StatusForbidden {
		t.Errorf("another structure: %d", res.StatusCode)
	}
	siret := newSIRET()
	good := func() url.Values {
		return url.Values{"siret": {siret[:3] + " " + siret[3:]}, "iban": {"FR76 3000 6000 0112 3456 7890 189"}, "bic": {"agrifrpp"}, "titulaire": {"Association EPN du Capitole"}}
	}
	for _, tt := range []struct {
		name   string
		change func(url.Values)
		want   string
	}{
		{"a SIRET of 13 digits", func(f url.Values) { f.Set("siret", siret[:13]) }, "SIRET « " + siret[:13] + " » invalide"},
		{"a SIRET whose key is wrong", func(f url.Values) { f.Set("siret", siret[:13]+fmt.Sprint((int(siret[13]-'0')+1)%10)) }, "clé de contrôle"},
		{"no IBAN", func(f url.Values) { f.Del("iban") }, "Indiquez l&#39;IBAN"},
		{"an IBAN with a typo", func(f url.Values) { f.Set("iban", "FR7630006000011234567890198") }, "IBAN invalide"},
		{"a BIC of 6", func(f url.Values) { f.Set("bic", "AGRIFR") }, "BIC « AGRIFR » invalide"},
		{"no holder", func(f url.Values) { f.Del("titulaire") }, "Indiquez le titulaire du compte"},
	} {
		f := good()
		tt.change(f)
		res := postForm(t, ts, "/lieux/tls-1/pass", f, cookie)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.want) {
			t.Errorf("%s: %d, want 422 with %q", tt.name, res.StatusCode, tt.want)
		}
		if strings.Contains(res.Body, "30006000011234567890") || strings.Contains(res.Body, "3000 6000 0112") {
			t.Errorf("%s: the refused form shows the IBAN typed", tt.name)
		}
	}
	res = postForm(t, ts, "/lieux/tls-1/pass", good(), cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("asking: %d\n%s", res.StatusCode, res.Body)
	}
	qs, _ := ts.store.Qualifications(context.Background(), pass.QualificationPending)
	if len(qs) != 1 || qs[0].SIRET != siret || qs[0].IBAN != storetest.IBAN || qs[0].BIC != "AGRIFRPP" || qs[0].Holder != "Association EPN du Capitole" {
		t.Fatalf("recorded %+v", qs)
	}
	// Shown masked afterwards, on every page that shows it.
	coordinator := coordinatorSession(t, ts, "31")
	for _, page := range []struct{ path, cookie string }{{"/lieux/tls-1/pass?message=qualification-demandee", cookie}, {"/pass/qualifications", coordinator}} {
		res := getAs(t, ts, page.path, page.cookie)
		if !strings.Contains(res.Body, "FR76 •••• •••• 0189") || strings.Contains(res.Body, "30006000011234567890") || strings.Contains(res.Body, "3000 6000") {
			t.Errorf("%s: the IBAN is not masked:\n%s", page.path, res.Body)
		}
	}
	// One per SIRET: another place with the same SIRET is refused.
	_, third := claimant(t, ts, "albi-1")
	f := good()
	res = postForm(t, ts, "/lieux/albi-1/pass", f, third)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "une seule par SIRET et par lieu") {
		t.Errorf("a second qualification of a SIRET: %d", res.StatusCode)
	}
}

// coordinatorSession is the session cookie of a coordinator of a département.
func coordinatorSession(t *testing.T, ts *testServer, dept string) string {
	t.Helper()
	coord := mustUser(t, ts, account.User{Email: fmt.Sprintf("coord-%d@hub.fr", passAccounts.Add(1)), Role: account.Coordinateur,
		Territories: []account.Territory{{Kind: "departement", Code: dept}}})
	token, hash := account.NewToken()
	if err := ts.store.AddSession(context.Background(), account.Session{Hash: hash, UserID: coord, Created: monday10h, LastSeen: monday10h}); err != nil {
		t.Fatal(err)
	}
	return token
}

func TestPassQualificationQueue(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	who, _ := claimant(t, ts, "tls-1")
	whoAlbi, _ := claimant(t, ts, "albi-1")
	tls, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-1", SIRET: newSIRET(), AccountID: who, IBAN: storetest.IBAN}, "test")
	if err != nil {
		t.Fatal(err)
	}
	albi, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "albi-1", SIRET: newSIRET(), AccountID: whoAlbi, IBAN: storetest.IBAN}, "test")
	if err != nil {
		t.Fatal(err)
	}
	token := coordinatorSession(t, ts, "31")
	res := getAs(t, ts, "/pass/qualifications", token)
	if !strings.Contains(res.Body, "EPN du Capitole") || strings.Contains(res.Body, "Médiathèque d&#39;Albi") || strings.Contains(res.Body, "Médiathèque d'Albi") {
		t.Errorf("the coordinator's queue:\n%s", res.Body)
	}
	// Each place with its commune (the fixture's tls-1 is in Toulouse, 31555).
	if !strings.Contains(res.Body, "<td>Toulouse (31555)</td>") {
		t.Errorf("the queue does not say the place's commune:\n%s", res.Body)
	}
	if res := postForm(t, ts, fmt.Sprintf("/pass/qualifications/%d", albi.ID), url.Values{"decision": {"accepter"}}, token); res.StatusCode != http.StatusForbidden {
		t.Errorf("deciding for another territory: %d", res.StatusCode)
	}
	if res := postForm(t, ts, fmt.Sprintf("/pass/qualifications/%d", tls.ID), url.Values{"decision": {"valider"}}, token); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown decision: %d", res.StatusCode)
	}
	if res := postForm(t, ts, fmt.Sprintf("/pass/qualifications/%d", tls.ID), url.Values{"decision": {"accepter"}}, token); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving: %d %s", res.StatusCode, res.Body)
	}
	if ids, _ := ts.store.QualifiedLieux(ctx); len(ids) != 1 || ids[0] != "tls-1" {
		t.Errorf("qualified: %v", ids)
	}
	if res := postForm(t, ts, fmt.Sprintf("/pass/qualifications/%d", tls.ID), url.Values{"decision": {"refuser"}}, token); res.StatusCode != http.StatusConflict {
		t.Errorf("deciding twice: %d", res.StatusCode)
	}
	res = getAs(t, ts, "/pass/qualifications", token)
	if !strings.Contains(res.Body, "acceptée : le lieu accepte le Pass numérique") || !strings.Contains(res.Body, "Aucune demande en attente.") ||
		!strings.Contains(res.Body, "EPN du Capitole</a>, Toulouse (31555) (SIRET") {
		t.Errorf("the queue after the decision:\n%s", res.Body)
	}
}

// A qualified place is marked « Accepte le Pass numérique » on its page and
// in the directory's results, which filter on it (pass=1, a facet of the
// form), as the places API does.
func TestPassQualifiedInDirectory(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	who, _ := claimant(t, ts, "tls-1")
	q, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-1", SIRET: newSIRET(), AccountID: who, IBAN: storetest.IBAN}, "test")
	if err != nil {
		t.Fatal(err)
	}
	// Pending: not marked (tls-1's own data says nothing of the Pass).
	if res := ts.get(t, "/lieux/tls-1"); strings.Contains(res.Body, "Accepte le Pass numérique") {
		t.Error("a place with a pending request is marked")
	}
	if res := ts.get(t, "/recherche?pass=1"); !strings.Contains(res.Body, "Aucun lieu ne correspond") {
		t.Errorf("pass=1 before any qualification:\n%s", res.Body)
	}
	if res := postForm(t, ts, fmt.Sprintf("/pass/qualifications/%d", q.ID), url.Values{"decision": {"accepter"}}, coordinatorSession(t, ts, "31")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving: %d", res.StatusCode)
	}
	if res := ts.get(t, "/lieux/tls-1"); !strings.Contains(res.Body, "<li>Accepte le Pass numérique</li>") {
		t.Error("the qualified place's page does not say it accepts the Pass")
	}
	res := ts.get(t, "/recherche")
	if n := strings.Count(res.Body, `<p class="pass-accepte">Accepte le Pass numérique</p>`); n != 1 {
		t.Errorf("%d results marked, want 1 (tls-1)", n)
	}
	if !strings.Contains(res.Body, `name="pass" value="1"`) || !strings.Contains(res.Body, "Accepte le Pass numérique") {
		t.Errorf("no facet of the qualified places in the form:\n%s", res.Body)
	}
	res = ts.get(t, "/recherche?pass=1")
	if !strings.Contains(res.Body, "EPN du Capitole") || strings.Contains(res.Body, "Tiers-lieu des Carmes") || strings.Contains(res.Body, "Médiathèque d") {
		t.Errorf("/recherche?pass=1:\n%s", res.Body)
	}
	var api struct {
		Total int `json:"total"`
	}
	decode(t, ts.get(t, "/api/v1/lieux?pass=1").Body, &api)
	if api.Total != 1 {
		t.Errorf("/api/v1/lieux?pass=1: %d places", api.Total)
	}
	var facets struct {
		Facettes map[string][]struct {
			Valeur string `json:"valeur"`
			Nombre int    `json:"nombre"`
		} `json:"facettes"`
	}
	decode(t, ts.get(t, "/api/v1/facettes").Body, &facets)
	if f := facets.Facettes["pass"]; len(f) != 1 || f[0].Valeur != "1" || f[0].Nombre != 1 {
		t.Errorf("the facet pass: %+v", f)
	}
	if res := ts.get(t, "/api/v1/lieux?pass=oui"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, `"parametre":"pass"`) {
		t.Errorf("pass=oui: %d %s", res.StatusCode, res.Body)
	}
}

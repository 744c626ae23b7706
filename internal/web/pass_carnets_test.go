package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// A distributeur sees its carnets only, and hands one to a bénéficiaire
// with at most an age band and a commune; no name is asked.
func TestPassHandCarnet(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	_, admin := passSession(t, ts, account.Administrateur)
	fin, _ := passSession(t, ts, account.Financeur)
	dist, distCookie := passSession(t, ts, account.Distributeur)
	dist2, _ := passSession(t, ts, account.Distributeur)
	o := passOrder(t, ts, fin)
	mine, err := ts.store.AssignCarnets(ctx, o.ID, 2, nil, dist, "test")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := ts.store.AssignCarnets(ctx, o.ID, 1, nil, dist2, "test")
	if err != nil {
		t.Fatal(err)
	}
	res := getAs(t, ts, "/pass/carnets", distCookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, mine[0].Code) || !strings.Contains(res.Body, mine[1].Code) || strings.Contains(res.Body, theirs[0].Code) {
		t.Fatalf("the distributeur's carnets: %d\n%s", res.StatusCode, res.Body)
	}
	for _, want := range []string{"Aucun nom n'est demandé", "2 carnets, dont 2 à remettre", "Publics visés : Seniors", "Haute-Garonne (31)"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(res.Body, `name="nom"`) || strings.Contains(res.Body, `name="prenom"`) {
		t.Error("the form asks for a name")
	}
	// Its link to hand a carnet fills the code in.
	if res := getAs(t, ts, "/pass/carnets?carnet="+url.QueryEscape(mine[0].Code), distCookie); !strings.Contains(res.Body, `id="carnet" name="carnet" type="text" required autocomplete="off" spellcheck="false" value="`+mine[0].Code+`"`) {
		t.Error("the code is not filled in")
	}
	remettre := func(cookie, code, age, commune string) response {
		return postForm(t, ts, "/pass/carnets/remettre", url.Values{"carnet": {code}, "age": {age}, "commune": {commune}}, cookie)
	}
	for _, tt := range []struct {
		name, code, age, commune string
		status                   int
		want                     string
	}{
		{"no code", "", "", "", 422, "Indiquez le code du carnet remis"},
		{"a typo in the code", wrongCheck(mine[0].Code), "", "", 404, "Code de carnet invalide"},
		{"another's carnet", theirs[0].Code, "", "", 403, "Ce carnet n&#39;est pas attribué à votre structure."},
		{"a carnet not yet assigned", "", "", "", 0, ""},
		{"an unknown age band", mine[0].Code, "30-40", "", 422, "Tranche d&#39;âge « 30-40 » inconnue."},
		{"an unknown commune", mine[0].Code, "", "99999", 422, "Commune de résidence « 99999 » : introuvable dans le référentiel."},
		{"a name alone", mine[0].Code, "", "Saint-Tropez", 422, "Commune de résidence « Saint-Tropez »"},
	} {
		if tt.status == 0 {
			continue
		}
		res := remettre(distCookie, tt.code, tt.age, tt.commune)
		if res.StatusCode != tt.status || !strings.Contains(res.Body, tt.want) {
			t.Errorf("%s: %d, want %d with %q", tt.name, res.StatusCode, tt.status, tt.want)
		}
		if tt.code != "" && !strings.Contains(res.Body, `value="`+tt.code+`"`) {
			t.Errorf("%s: the typed code is lost", tt.name)
		}
	}
	// Handed, with a postcode and name for the commune and the code in lower case.
	if res := remettre(distCookie, strings.ToLower(mine[0].Code), string(pass.Age75AndOld), "31000 Toulouse"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("handing: %d\n%s", res.StatusCode, res.Body)
	}
	passes, _ := ts.store.Passes(ctx, o.ID, mine[0].ID)
	for _, p := range passes {
		if p.State != pass.Injecte {
			t.Errorf("pass %s is %s after the hand-over", p.Code, p.State)
		}
	}
	got, _ := ts.store.Carnets(ctx, store.CarnetFilter{OrderID: o.ID, Distributeur: dist})
	if !got[0].Handed || got[0].AgeBand != pass.Age75AndOld || got[0].Commune != "31555" {
		t.Errorf("carnet after the hand-over: %+v", got[0])
	}
	res = remettre(distCookie, mine[0].Code, "", "")
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Ce carnet a déjà été remis à un bénéficiaire.") {
		t.Errorf("handed twice: %d", res.StatusCode)
	}
	res = getAs(t, ts, "/pass/carnets?message=remis", distCookie)
	if !strings.Contains(res.Body, "remis le 23 novembre 2026") || !strings.Contains(res.Body, "âge : 75 ans et plus ; commune : Toulouse (31555)") || !strings.Contains(res.Body, "dont 1 à remettre") {
		t.Errorf("the list after the hand-over:\n%s", res.Body)
	}
	// Nothing given: handed all the same.
	if res := remettre(distCookie, mine[1].Code, "", ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("handing without age nor commune: %d", res.StatusCode)
	}
	// An administrator sees every distributeur's carnets and may hand any.
	res = getAs(t, ts, "/pass/carnets", admin)
	if !strings.Contains(res.Body, theirs[0].Code) || !strings.Contains(res.Body, "Structure distributeur") {
		t.Errorf("the administrator's list:\n%s", res.Body)
	}
	if res := remettre(admin, theirs[0].Code, "", "81004"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("an administrator handing: %d", res.StatusCode)
	}
	// Other roles: nothing.
	_, finCookie := passSession(t, ts, account.Financeur)
	if res := getAs(t, ts, "/pass/carnets", finCookie); res.StatusCode != http.StatusForbidden {
		t.Errorf("a financeur: %d", res.StatusCode)
	}
}

func TestResidenceCommune(t *testing.T) {
	ref := storetest.Referential()
	for _, tt := range []struct{ typed, want, err string }{
		{"", "", ""},
		{"31555", "31555", ""},
		{"31000 Toulouse", "31555", ""},
		{"31700 Blagnac", "31069", ""},
		{"81000", "81004", ""}, // a postcode of one commune
		{"Albi", "81004", ""},  // a name alone, of one commune
		{"99999", "", "introuvable"},
		{"31000 Albi", "", "Commune de résidence « 31000 Albi »"},
	} {
		got, err := residenceCommune(ref, tt.typed)
		if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("residenceCommune(%q) = %q, %v; want %q, %q", tt.typed, got, err, tt.want, tt.err)
		}
	}
}

// Mon espace links each account to the Pass numérique's pages it may
// use, and each link opens: the counter, statements and dashboard for
// the accounts of a qualified place (and administrators), orders and
// credit notes for financeurs, carnets for distributeurs, the
// qualifications' queue for moderators.
func TestPassLinksInEspace(t *testing.T) {
	w := newPassWorld(t)
	coordinator := mustUser(t, w.ts, account.User{Email: "coord@haute-garonne.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	pages := []string{"/pass/utiliser", "/pass/commandes", "/pass/carnets", "/pass/releves", "/pass/avoirs", "/pass/tableaux", "/pass/qualifications"}
	for _, tt := range []struct {
		who    string
		cookie string
		want   []string
	}{
		// An administrator acts for no place: no counter (review 10A2 major 3).
		{"administrateur", w.adminC, pages[1:]},
		{"financeur", w.financeurC, []string{"/pass/commandes", "/pass/avoirs", "/pass/tableaux"}},
		{"distributeur", w.distributeurC, []string{"/pass/carnets", "/pass/tableaux"}},
		{"structure of a qualified place", w.structureC, []string{"/pass/utiliser", "/pass/releves", "/pass/tableaux"}},
		{"coordinateur", w.session(t, coordinator), []string{"/pass/qualifications"}},
		{"contributeur", w.strangerC, nil},
	} {
		t.Run(tt.who, func(t *testing.T) {
			res := getAs(t, w.ts, "/espace", tt.cookie)
			for _, page := range pages {
				if has, want := strings.Contains(res.Body, `href="`+page+`"`), slices.Contains(tt.want, page); has != want {
					t.Errorf("link to %s: %v, want %v", page, has, want)
				}
			}
			for _, page := range tt.want {
				if res := getAs(t, w.ts, page, tt.cookie); res.StatusCode != http.StatusOK {
					t.Errorf("%s: %d", page, res.StatusCode)
				}
			}
		})
	}
}

// wrongCheck replaces a code's check character by another one (X, or Y
// when it was X): a typo the check character detects.
func wrongCheck(code string) string {
	c := "X"
	if strings.HasSuffix(code, "X") {
		c = "Y"
	}
	return code[:len(code)-1] + c
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

var passAccounts atomic.Int64

// passSession makes an account of a role and a session of it: its id and
// session cookie.
func passSession(t *testing.T, ts *testServer, role account.Role) (int64, string) {
	t.Helper()
	n := passAccounts.Add(1)
	id := mustUser(t, ts, account.User{Email: fmt.Sprintf("pass-%s-%d@exemple.fr", role, n), Structure: fmt.Sprintf("Structure %s %d", role, n), Role: role})
	token, hash := account.NewToken()
	if err := ts.store.AddSession(context.Background(), account.Session{Hash: hash, UserID: id, Created: monday10h, LastSeen: monday10h}); err != nil {
		t.Fatal(err)
	}
	return id, token
}

// passOrder records an order of 3 carnets of 2 passes of 10 € in
// Haute-Garonne (31) for a financeur.
func passOrder(t *testing.T, ts *testServer, financeur int64) pass.Order {
	t.Helper()
	o, err := ts.store.CreateOrder(context.Background(), pass.Order{Financeur: financeur, Carnets: 3, PassesPerCarnet: 2, ValueCents: 1000,
		ValidUntil: "2026-12-31", ToleranceDays: 31, Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "31"}},
		Services: []string{place.ServiceDemarches}, Publics: "Seniors", PrintedText: "Offert par le Département de la Haute-Garonne"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// passOrderObject makes the {n} of an order's routes for the matrix: an
// order of a financeur of its own.
func passOrderObject(t *testing.T, ts *testServer) func() (int64, url.Values) {
	return func() (int64, url.Values) {
		fin, _ := passSession(t, ts, account.Financeur)
		return passOrder(t, ts, fin).ID, nil
	}
}

func TestPassOrderForm(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	_, admin := passSession(t, ts, account.Administrateur)
	fin, _ := passSession(t, ts, account.Financeur)
	dist, _ := passSession(t, ts, account.Distributeur)
	res := getAs(t, ts, "/pass/commandes", admin)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `value="`+place.ServiceDemarches+`"`) || !strings.Contains(res.Body, fmt.Sprintf(`<option value="%d">`, fin)) {
		t.Fatalf("the form: %d\n%s", res.StatusCode, res.Body)
	}
	// Every service of the standard is a checkbox, valued and labelled as the standard spells it.
	for _, sv := range place.Services.Values {
		if !strings.Contains(res.Body, `name="services" value="`+sv+`"`) || !strings.Contains(res.Body, `">`+sv+`</label>`) {
			t.Errorf("no checkbox for the service %q", sv)
		}
	}
	good := func() url.Values {
		return url.Values{"financeur": {fmt.Sprint(fin)}, "carnets": {"4"}, "pass_par_carnet": {"10"}, "valeur": {"10,50"},
			"fin": {"2026-12-31"}, "tolerance": {"31"}, "departements": {"81"}, "epci": {"243100518"}, "communes": {"31069, 01053"},
			"services": {place.ServiceDemarches, place.ServiceOutils}, "publics": {"Personnes âgées isolées"}, "texte": {"Offert par le Département du Tarn"}}
	}
	for _, tt := range []struct {
		name   string
		change func(url.Values)
		want   string
	}{
		{"no financeur", func(f url.Values) { f.Del("financeur") }, "Choisissez le financeur"},
		{"an account that is no financeur", func(f url.Values) { f.Set("financeur", fmt.Sprint(dist)) }, "Ce compte n&#39;est pas un financeur"},
		{"a value in words", func(f url.Values) { f.Set("valeur", "dix") }, "Valeur d&#39;un pass « dix »"},
		{"a value of three decimals", func(f url.Values) { f.Set("valeur", "10,505") }, "Valeur d&#39;un pass « 10,505 »"},
		{"no carnets", func(f url.Values) { f.Set("carnets", "0") }, "Le nombre de carnets doit être compris entre 1 et"},
		{"a date in French", func(f url.Values) { f.Set("fin", "31/12/2026") }, "Date de fin de validité « 31/12/2026 »"},
		{"a date too far (review 10A2 minor 3)", func(f url.Values) { f.Set("fin", "9999-12-31") }, "au plus 5 ans après aujourd"},
		{"an unknown commune", func(f url.Values) { f.Set("communes", "31069, 99999") }, "Périmètre : la commune « 99999 » n&#39;est pas dans le référentiel des territoires."},
		{"a postcode for a commune", func(f url.Values) { f.Set("communes", "31000") }, "la commune « 31000 » n&#39;est pas dans le référentiel"},
		{"unknown département and EPCI", func(f url.Values) { f.Set("departements", "99"); f.Set("epci", "200000000") },
			"Périmètre : le département « 99 », l&#39;EPCI « 200000000 » ne sont pas dans le référentiel des territoires."},
		{"an empty perimeter", func(f url.Values) { f.Del("departements"); f.Del("epci"); f.Del("communes") }, "Le périmètre est vide"},
		{"no service", func(f url.Values) { f.Del("services") }, "Au moins un service doit être financé."},
		{"a service not of the standard", func(f url.Values) { f.Add("services", "Cours de cuisine") }, "Service « Cours de cuisine » : ce n&#39;est pas un service du standard."},
		// Review 10N minor 6: an order over before it starts was accepted.
		{"an order already over", func(f url.Values) { f.Set("fin", "2025-12-31"); f.Set("tolerance", "0") },
			"Cette commande serait déjà échue : son dernier jour (fin de validité et tolérance), le 31 décembre 2025, est passé."},
		{"a text too long", func(f url.Values) { f.Set("texte", strings.Repeat("a", pass.MaxPrintedText+1)) }, "Le texte imprimé sur les pass tient en 300 caractères au plus."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := good()
			tt.change(f)
			res := postForm(t, ts, "/pass/commandes", f, admin)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.want) {
				t.Errorf("status %d, want 422 with %q:\n%s", res.StatusCode, tt.want, res.Body)
			}
			// What was typed is kept.
			if !strings.Contains(res.Body, `value="`+f.Get("carnets")+`"`) {
				t.Errorf("the form lost the number of carnets")
			}
		})
	}
	if orders, _ := ts.store.Orders(context.Background(), 0); len(orders) != 0 {
		t.Fatalf("refused forms recorded %d orders", len(orders))
	}
	res = postForm(t, ts, "/pass/commandes", good(), admin)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/pass/commandes/") {
		t.Fatalf("recording: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	orders, err := ts.store.Orders(context.Background(), fin)
	if err != nil || len(orders) != 1 {
		t.Fatalf("orders of the financeur: %v %v", orders, err)
	}
	o := orders[0]
	if o.Carnets != 4 || o.PassesPerCarnet != 10 || o.ValueCents != 1050 || o.ValidUntil != "2026-12-31" || o.ToleranceDays != 31 ||
		pass.FormatPerimeter(o.Perimeter) != "departement:81,epci:243100518,commune:31069,commune:01053" ||
		!slices.Equal(o.Services, []string{place.ServiceDemarches, place.ServiceOutils}) ||
		o.Publics != "Personnes âgées isolées" || o.PrintedText != "Offert par le Département du Tarn" {
		t.Errorf("recorded %+v", o)
	}
	res = getAs(t, ts, res.Header.Get("Location"), admin)
	for _, want := range []string{"Commande enregistrée", "4 carnets de 10 pass de 10,50\u202f€, soit 420,00\u202f€", "jusqu'au 31 décembre 2026 ; les pass restent acceptés jusqu'au 31 janvier 2027",
		"Tarn (81), Toulouse Métropole (243100518), Blagnac (31069), Bourg-en-Bresse (01053)", "Offert par le Département du Tarn", "Personnes âgées isolées"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the order's page lacks %q", want)
		}
	}
}

// A financeur sees its own orders, read-only, and no other's.
func TestPassOrdersOfAFinanceur(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	fin, finCookie := passSession(t, ts, account.Financeur)
	other, otherCookie := passSession(t, ts, account.Financeur)
	mine, theirs := passOrder(t, ts, fin), passOrder(t, ts, other)
	res := getAs(t, ts, "/pass/commandes", finCookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, fmt.Sprintf(`href="/pass/commandes/%d"`, mine.ID)) ||
		strings.Contains(res.Body, fmt.Sprintf(`href="/pass/commandes/%d"`, theirs.ID)) {
		t.Errorf("the financeur's list: %d\n%s", res.StatusCode, res.Body)
	}
	if strings.Contains(res.Body, `action="/pass/commandes"`) {
		t.Error("a financeur gets the form of a new order")
	}
	for _, path := range []string{"/pass/commandes/%d", "/pass/commandes/%d/impression"} {
		if res := getAs(t, ts, fmt.Sprintf(path, mine.ID), finCookie); res.StatusCode != 200 || strings.Contains(res.Body, "/attribuer") {
			t.Errorf("%s of its own order: %d (or an assignment form)", path, res.StatusCode)
		}
		if res := getAs(t, ts, fmt.Sprintf(path, mine.ID), otherCookie); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "Cette commande n&#39;est pas celle de votre structure.") {
			t.Errorf("%s of another's order: %d", path, res.StatusCode)
		}
	}
	if res := postForm(t, ts, fmt.Sprintf("/pass/commandes/%d/attribuer", mine.ID), url.Values{"nombre": {"1"}}, finCookie); res.StatusCode != http.StatusForbidden {
		t.Errorf("a financeur assigning carnets: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/pass/commandes/999999", finCookie); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown order: %d", res.StatusCode)
	}
}

func TestPassOrderPageAndAssign(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	_, admin := passSession(t, ts, account.Administrateur)
	fin, _ := passSession(t, ts, account.Financeur)
	dist, _ := passSession(t, ts, account.Distributeur)
	dist2, _ := passSession(t, ts, account.Distributeur)
	o, other := passOrder(t, ts, fin), passOrder(t, ts, fin)
	page := fmt.Sprintf("/pass/commandes/%d", o.ID)
	assign := page + "/attribuer"
	carnets, _ := ts.store.Carnets(ctx, store.CarnetFilter{OrderID: o.ID})
	otherCarnets, _ := ts.store.Carnets(ctx, store.CarnetFilter{OrderID: other.ID})
	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"no distributeur", url.Values{"nombre": {"1"}}, 422, "Choisissez le distributeur"},
		{"neither number nor codes", url.Values{"distributeur": {fmt.Sprint(dist)}}, 422, "attendu un nombre entier d&#39;au moins 1"},
		{"both", url.Values{"distributeur": {fmt.Sprint(dist)}, "nombre": {"1"}, "codes": {carnets[0].Code}}, 422, "soit un nombre de carnets, soit leurs codes"},
		{"more than there are", url.Values{"distributeur": {fmt.Sprint(dist)}, "nombre": {"4"}}, 409, "Il ne reste que 3 carnets non attribués dans cette commande."},
		{"a carnet of another order", url.Values{"distributeur": {fmt.Sprint(dist)}, "codes": {otherCarnets[0].Code}}, 422, "n&#39;est pas de cette commande"},
		{"an unknown carnet", url.Values{"distributeur": {fmt.Sprint(dist)}, "codes": {"CN-0000"}}, 422, "Carnet « CN-0000 » introuvable."},
		{"a financeur as distributeur", url.Values{"distributeur": {fmt.Sprint(fin)}, "nombre": {"1"}}, 422, "Ce compte n&#39;est pas un distributeur"},
	} {
		res := postForm(t, ts, assign, tt.form, admin)
		if res.StatusCode != tt.status || !strings.Contains(res.Body, tt.want) {
			t.Errorf("%s: %d, want %d with %q", tt.name, res.StatusCode, tt.status, tt.want)
		}
	}
	// Two by number, then the third by its code (typed in lower case).
	if res := postForm(t, ts, assign, url.Values{"distributeur": {fmt.Sprint(dist)}, "nombre": {"2"}}, admin); res.StatusCode != 303 {
		t.Fatalf("assigning 2: %d %s", res.StatusCode, res.Body)
	}
	if res := postForm(t, ts, assign, url.Values{"distributeur": {fmt.Sprint(dist2)}, "codes": {carnets[0].Code}}, admin); res.StatusCode != 409 ||
		!strings.Contains(res.Body, "déjà attribué à un autre distributeur") {
		t.Errorf("a carnet assigned to another: %d", res.StatusCode)
	}
	if res := postForm(t, ts, assign, url.Values{"distributeur": {fmt.Sprint(dist2)}, "codes": {strings.ToLower(carnets[2].Code)}}, admin); res.StatusCode != 303 {
		t.Fatalf("assigning by code: %d %s", res.StatusCode, res.Body)
	}
	if _, err := ts.store.HandCarnet(ctx, carnets[0].Code, dist, pass.Age65to74, "31555", "test"); err != nil {
		t.Fatal(err)
	}
	res := getAs(t, ts, page, admin)
	for _, want := range []string{"3 attribués, 1 remis sur 3", "<th scope=\"col\">émis</th>", "<td>4</td><td>2</td><td>0</td><td>0</td><td>0</td>",
		"Structure distributeur", "âge : 65 à 74 ans ; commune : Toulouse (31555)", "0 sur 2"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the order's page lacks %q", want)
		}
	}
	// After the last day, the credit note.
	if _, err := ts.store.CreditExpired(ctx, time.Date(2027, 2, 2, 12, 0, 0, 0, time.UTC), "test"); err != nil {
		t.Fatal(err)
	}
	res = getAs(t, ts, page, admin)
	if !strings.Contains(res.Body, "6 pass non utilisés crédités au financeur, soit 60,00\u202f€") || !strings.Contains(res.Body, "<td>0</td><td>0</td><td>0</td><td>0</td><td>6</td>") {
		t.Errorf("the order's page after its end:\n%s", res.Body)
	}
}

// TestPassFlashPlurals: the message after an assignment counts in
// French (« 1 carnet attribué », « 2 carnets attribués »).
func TestPassFlashPlurals(t *testing.T) {
	for n, want := range map[string]string{"1": "1 carnet attribué au distributeur.", "2": "2 carnets attribués au distributeur."} {
		r := httptest.NewRequest("GET", "/pass/commandes/1?message=attribues&n="+n, nil)
		if got := passFlash(r); got != want {
			t.Errorf("n=%s: %q, want %q", n, got, want)
		}
	}
}

package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// passAPI is a registry with the Pass numérique's circuit under way: tls-1,
// tls-2 (Toulouse, 31) and albi-1 (Albi, 81) qualified, each for its own
// account; tls-3 (31) with a pending qualification of tls-1's account;
// order 1 (département 31, « Aide aux démarches administratives », until
// 31 December) whose first carnet is handed and second only assigned;
// order 2 for département 81; an order credited back and one expired
// but not credited yet. The clock is Monday 23 November 2026.
type passAPI struct {
	ts     *testServer
	tokens map[string]string // by account name
	ids    map[string]int64
	// handed: order 1's first carnet; notHanded: its second's first pass.
	handed                                      []pass.Pass
	notHanded, blocked, credited, expired, in81 pass.Pass
	order                                       pass.Order
	// clock is the store's, set to Monday 23 November 2026.
	clock *storetest.Clock
}

func newPassAPI(t testing.TB, opts ...store.Option) *passAPI {
	t.Helper()
	ctx := context.Background()
	clock := &storetest.Clock{}
	clock.Set(monday10h)
	opts = append([]store.Option{store.WithClock(clock.Now)}, opts...)
	ls := append(fixture(), lieu("tls-3", 43.60, 1.44, func(l *place.Lieu) {
		l.Commune, l.CodeINSEE, l.CodePostal = "Toulouse", "31555", "31000"
	}))
	// The counters' services as the registry lists them: the Carmes
	// (tls-2) help with administrative procedures too; Albi's media
	// library (albi-1) offers « Outils numériques » only.
	for i := range ls {
		switch ls[i].ID {
		case "tls-2":
			ls[i].Services = []string{place.ServiceDemarches, place.ServiceOutils}
		case "albi-1":
			ls[i].Services = []string{place.ServiceOutils}
		}
	}
	ts := newTestServerWith(t, opts, ls...)
	f := &passAPI{ts: ts, tokens: map[string]string{}, ids: map[string]int64{}, clock: clock}
	for _, a := range []struct {
		name string
		role account.Role
	}{
		{"admin", account.Administrateur}, {"epn", account.Contributeur}, {"carmes", account.Contributeur}, {"albi", account.LieuQualifie},
		{"finances", account.Financeur}, {"finances2", account.Financeur}, {"ccas", account.Distributeur}, {"ccas2", account.Distributeur},
		{"coordination", account.Coordinateur}, {"benevole", account.Contributeur},
	} {
		u := account.User{Email: a.name + "@pass.fr", Role: a.role}
		if a.role == account.Coordinateur {
			u.Territories = []account.Territory{{Kind: "departement", Code: "31"}}
		}
		id, err := ts.store.CreateUser(ctx, u, "test")
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := ts.store.CreateAPIToken(ctx, id, "caisse", monday10h, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.ids[a.name], f.tokens[a.name] = id, tok
	}
	for i, q := range []struct {
		lieu, who, status string
	}{{"tls-1", "epn", pass.QualificationApproved}, {"tls-2", "carmes", pass.QualificationApproved},
		{"albi-1", "albi", pass.QualificationApproved}, {"tls-3", "epn", pass.QualificationPending}} {
		if _, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: q.lieu, SIRET: storetest.SIRET("4349331230" + string(rune('1'+i)) + "00"),
			AccountID: f.ids[q.who], IBAN: storetest.IBAN, Status: q.status}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	order := func(fin string, carnets int, until, dep string) pass.Order {
		o, err := ts.store.CreateOrder(ctx, pass.Order{Financeur: f.ids[fin], Carnets: carnets, PassesPerCarnet: 10, ValueCents: 1000,
			ValidUntil: until, Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: dep}}, Services: []string{place.ServiceDemarches}}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	hand := func(o pass.Order, n int, dist string) []pass.Pass {
		cs, err := ts.store.AssignCarnets(ctx, o.ID, n, nil, f.ids[dist], "test")
		if err != nil {
			t.Fatal(err)
		}
		// Handed on 1 October, before any of these orders ended (a
		// carnet is not handed after its order's last day).
		clock.Set(time.Date(2026, 10, 1, 10, 0, 0, 0, time.UTC))
		_, err = ts.store.HandCarnet(ctx, cs[0].Code, f.ids[dist], "", "", "test")
		clock.Set(monday10h)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := ts.store.Passes(ctx, o.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	// Credited: ended in October, credited back on 23 November.
	old := order("finances2", 1, "2026-10-31", "31")
	f.credited = hand(old, 1, "ccas2")[0]
	if _, err := ts.store.CreditExpired(ctx, monday10h, "test"); err != nil {
		t.Fatal(err)
	}
	f.order = order("finances", 2, "2026-12-31", "31")
	ps := hand(f.order, 2, "ccas")
	f.handed, f.notHanded = ps[:10], ps[10]
	f.blocked = f.handed[9]
	if err := ts.store.Block(ctx, f.blocked.Code, "perdu", "test"); err != nil {
		t.Fatal(err)
	}
	f.expired = hand(order("finances2", 1, "2026-11-20", "31"), 1, "ccas2")[0]
	f.in81 = hand(order("finances2", 1, "2026-12-31", "81"), 1, "ccas2")[0]
	return f
}

// redeem posts a redemption with a token (by account name) and a key.
func (f *passAPI) redeem(t *testing.T, who, code, key, body string) response {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/pass/"+url.PathEscape(code)+"/utilisation", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return f.ts.do(t, req)
}

func redemptionJSON(lieu, service string) string {
	b, _ := json.Marshal(redemptionBody{Lieu: lieu, Service: service})
	return string(b)
}

// typo changes a code's last group's first character: the check
// character sees it.
func typo(code string) string {
	i := len(code) - 3
	c := byte('A')
	if code[i] == 'A' {
		c = 'B'
	}
	return code[:i] + string(c) + code[i+1:]
}

// Every refusal of the API says why: wrong codes, other orders' codes,
// expiry, the perimeter, the service, the place's qualification, another
// place's token, blocked, not handed, credited, used, a key reused.
func TestAPIPassRedeemReasons(t *testing.T) {
	f := newPassAPI(t)
	dem, outils := place.ServiceDemarches, place.ServiceOutils
	used := f.handed[0]
	if res := f.redeem(t, "epn", used.Code, "first", redemptionJSON("tls-1", dem)); res.StatusCode != 201 {
		t.Fatalf("first redemption: %d %s", res.StatusCode, res.Body)
	}
	carnets, err := f.ts.store.Carnets(context.Background(), store.CarnetFilter{OrderID: f.order.ID})
	if err != nil {
		t.Fatal(err)
	}
	good := f.handed[1].Code
	for _, tc := range []struct {
		name, who, code, lieu, service string
		status                         int
		reason                         string
		message                        string
	}{
		{"typo", "epn", typo(good), "tls-1", dem, 404, "code_invalide", "faute de frappe"},
		{"transposition", "epn", good[:4] + good[5:6] + good[4:5] + good[6:], "tls-1", dem, 404, "code_invalide", ""},
		{"unknown code", "epn", pass.NewCode(pass.KindPass).String(), "tls-1", dem, 404, "code_invalide", ""},
		{"a carnet's code", "epn", carnets[0].Code, "tls-1", dem, 404, "code_invalide", ""},
		{"garbage", "epn", "n'importe quoi", "tls-1", dem, 404, "code_invalide", ""},
		{"used", "epn", used.Code, "tls-1", dem, 409, "deja_utilise", "déjà été utilisé"},
		{"used, by another place", "carmes", used.Code, "tls-2", dem, 409, "deja_utilise", ""},
		{"another order's pass, outside its perimeter", "epn", f.in81.Code, "tls-1", dem, 422, "hors_perimetre", ""},
		{"outside the perimeter", "albi", good, "albi-1", dem, 422, "hors_perimetre", "commune de ce lieu"},
		{"service not allowed", "epn", good, "tls-1", outils, 422, "service_non_autorise", "ne finance pas ce service"},
		{"expired", "epn", f.expired.Code, "tls-1", dem, 422, "expire", "date de fin est passée"},
		{"credited back", "epn", f.credited.Code, "tls-1", dem, 422, "expire", ""},
		{"blocked", "epn", f.blocked.Code, "tls-1", dem, 422, "bloque", "bloqué"},
		{"not handed", "epn", f.notHanded.Code, "tls-1", dem, 422, "bloque", "pas encore été remis"},
		{"place not qualified (pending)", "epn", good, "tls-3", dem, 403, "lieu_non_qualifie", "pas qualifié"},
		// An administrator's token redeems only for the places its account
		// acts for, like any other (review 10A2 major 3).
		{"an administrator, for a place it does not act for", "admin", good, "tls-1", dem, 403, "compte_non_habilite", "n'agit pas pour ce lieu"},
		{"an administrator, outside the perimeter", "admin", good, "albi-1", dem, 403, "compte_non_habilite", ""},
		{"another place's token", "carmes", good, "tls-1", dem, 403, "compte_non_habilite", "n'agit pas pour ce lieu"},
		{"another place's token, for a place not qualified", "carmes", good, "tls-3", dem, 403, "lieu_non_qualifie", "n'est pas qualifié"},
		// albi-1 offers « Outils numériques » only; the order of the Tarn
		// pays for « Aide aux démarches administratives » only.
		{"a service the place does not offer", "albi", f.in81.Code, "albi-1", dem, 422, "service_non_autorise", "Ce lieu ne propose pas le service « " + dem + " » d'après l'annuaire"},
		{"an account acting for no place", "benevole", good, "tls-1", dem, 403, "lieu_non_qualifie", "aucun lieu qualifié"},
		{"a financeur", "finances", good, "tls-1", dem, 403, "lieu_non_qualifie", ""},
		{"a distributeur", "ccas", good, "tls-1", dem, 403, "lieu_non_qualifie", ""},
		{"a coordinator", "coordination", good, "tls-1", dem, 403, "lieu_non_qualifie", ""},
		{"an unknown place", "epn", good, "nulle-part", dem, 403, "lieu_non_qualifie", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.redeem(t, tc.who, tc.code, "k-"+tc.name, redemptionJSON(tc.lieu, tc.service))
			var body passProblem
			decode(t, res.Body, &body)
			if res.StatusCode != tc.status || body.Raison != tc.reason || body.Message == "" || body.Erreur != body.Message || !strings.Contains(body.Message, tc.message) {
				t.Errorf("%d %s; want %d, raison %s, message with %q", res.StatusCode, res.Body, tc.status, tc.reason, tc.message)
			}
		})
	}
	// Nothing was redeemed but the first, and the ledger holds.
	rs, err := f.ts.store.Redemptions(context.Background(), "", 0)
	if err != nil || len(rs) != 1 {
		t.Errorf("redemptions: %v %v", rs, err)
	}
	if bad, err := f.ts.store.VerifyPass(context.Background()); err != nil || len(bad) > 0 {
		t.Errorf("pass verifier: %v %v", bad, err)
	}
}

// A request sent again with its key gets its first answer byte for byte,
// success or refusal, even after the pass was used meanwhile; the key for
// another request is refused (cle_reutilisee); keys are per account.
func TestAPIPassIdempotency(t *testing.T) {
	f := newPassAPI(t)
	dem := place.ServiceDemarches
	code := f.handed[0].Code
	first := f.redeem(t, "epn", code, "cle-1", redemptionJSON("tls-1", dem))
	if first.StatusCode != 201 || first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %v %s", first.StatusCode, first.Header, first.Body)
	}
	var u pass.Redemption
	decode(t, first.Body, &u)
	if u.Code != code || u.LieuID != "tls-1" || u.Service != dem || u.ValueCents != 1000 || u.Day != "2026-11-23" || u.AccountID != f.ids["epn"] {
		t.Errorf("redemption: %s", first.Body)
	}
	// Typed otherwise (lower case, spaces): the same request.
	for _, typed := range []string{code, strings.ToLower(code), strings.ReplaceAll(code, "-", " ")} {
		again := f.redeem(t, "epn", typed, "cle-1", redemptionJSON("tls-1", dem))
		if again.StatusCode != first.StatusCode || again.Body != first.Body || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay of %q: %d %s\nwant %d %s", typed, again.StatusCode, again.Body, first.StatusCode, first.Body)
		}
	}
	// A refusal is replayed too, even once the reason is gone.
	refused := f.redeem(t, "epn", f.notHanded.Code, "cle-2", redemptionJSON("tls-1", dem))
	if refused.StatusCode != 422 || !strings.Contains(refused.Body, `"raison":"bloque"`) {
		t.Fatalf("not handed: %d %s", refused.StatusCode, refused.Body)
	}
	cs, err := f.ts.store.Carnets(context.Background(), store.CarnetFilter{OrderID: f.order.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.ts.store.HandCarnet(context.Background(), cs[1].Code, f.ids["ccas"], "", "", "test"); err != nil {
		t.Fatal(err)
	}
	if again := f.redeem(t, "epn", f.notHanded.Code, "cle-2", redemptionJSON("tls-1", dem)); again.StatusCode != 422 || again.Body != refused.Body {
		t.Errorf("replayed refusal: %d %s", again.StatusCode, again.Body)
	}
	// The same key for another request.
	for _, other := range []struct{ code, lieu, service string }{
		{f.handed[1].Code, "tls-1", dem}, {code, "tls-3", dem}, {code, "tls-1", place.ServiceOutils},
	} {
		res := f.redeem(t, "epn", other.code, "cle-1", redemptionJSON(other.lieu, other.service))
		if res.StatusCode != 422 || !strings.Contains(res.Body, `"raison":"cle_reutilisee"`) {
			t.Errorf("key reused for %v: %d %s", other, res.StatusCode, res.Body)
		}
	}
	// Another account's key of the same name is another key.
	if res := f.redeem(t, "carmes", f.handed[1].Code, "cle-1", redemptionJSON("tls-2", dem)); res.StatusCode != 201 {
		t.Errorf("another account's cle-1: %d %s", res.StatusCode, res.Body)
	}
}

// The request itself: its key, its body, its token.
func TestAPIPassRedeemRequest(t *testing.T) {
	f := newPassAPI(t)
	code := f.handed[0].Code
	dem := place.ServiceDemarches
	long := strings.Repeat("k", 201)
	for _, tc := range []struct {
		name, who, key, body, contentType string
		status                            int
		raison, message                   string
	}{
		{"no key", "epn", "", redemptionJSON("tls-1", dem), "", 400, "invalide", "Idempotency-Key"},
		{"key too long", "epn", long, redemptionJSON("tls-1", dem), "", 400, "invalide", "200 caractères"},
		{"no token", "", "k", redemptionJSON("tls-1", dem), "", 401, "non_authentifie", "Jeton"},
		{"empty body", "epn", "k", "", "", 400, "invalide", "vide"},
		{"not JSON", "epn", "k", "lieu=tls-1", "", 400, "invalide", "JSON valide"},
		{"an array", "epn", "k", `[]`, "", 400, "invalide", "objet JSON"},
		{"unknown field", "epn", "k", `{"lieu":"tls-1","service":"` + dem + `","montant":5}`, "", 400, "invalide", "Champ « montant » inconnu"},
		{"lieu as a number", "epn", "k", `{"lieu":12,"service":"` + dem + `"}`, "", 400, "invalide", "« lieu » doit être une chaîne"},
		{"no lieu", "epn", "k", `{"service":"` + dem + `"}`, "", 400, "invalide", "« lieu »"},
		{"no service", "epn", "k", `{"lieu":"tls-1"}`, "", 400, "invalide", "« service »"},
		{"service misspelt", "epn", "k", redemptionJSON("tls-1", "aide aux demarches administratives"), "", 400, "invalide", "écrivez-le comme le standard"},
		{"service unknown", "epn", "k", redemptionJSON("tls-1", "Cuisine"), "", 400, "invalide", "inconnu du standard"},
		{"two objects", "epn", "k", redemptionJSON("tls-1", dem) + "{}", "", 400, "invalide", "Un seul objet"},
		{"too large", "epn", "k", `{"lieu":"` + strings.Repeat("x", 5000) + `"}`, "", 413, "invalide", "4 Kio"},
		{"a form", "epn", "k", "lieu=tls-1", "application/x-www-form-urlencoded", 415, "invalide", "application/json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/v1/pass/"+code+"/utilisation", strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			if tc.who != "" {
				req.Header.Set("Authorization", "Bearer "+f.tokens[tc.who])
			}
			if tc.key != "" {
				req.Header.Set("Idempotency-Key", tc.key)
			}
			res := f.ts.do(t, req)
			var body passProblem
			decode(t, res.Body, &body)
			if res.StatusCode != tc.status || body.Raison != tc.raison || !strings.Contains(body.Message, tc.message) || body.Erreur != body.Message {
				t.Errorf("%d %s; want %d %s with %q", res.StatusCode, res.Body, tc.status, tc.raison, tc.message)
			}
		})
	}
	// Two keys: refused.
	req := httptest.NewRequest("POST", "/api/v1/pass/"+code+"/utilisation", strings.NewReader(redemptionJSON("tls-1", dem)))
	req.Header.Set("Authorization", "Bearer "+f.tokens["epn"])
	req.Header.Add("Idempotency-Key", "a")
	req.Header.Add("Idempotency-Key", "b")
	if res := f.ts.do(t, req); res.StatusCode != 400 {
		t.Errorf("two keys: %d %s", res.StatusCode, res.Body)
	}
	// Other methods: 405 with Allow, in the Pass API's shape.
	for _, m := range []struct{ method, path, allow string }{
		{"GET", "/api/v1/pass/" + code + "/utilisation", "POST"},
		{"POST", "/api/v1/pass/" + code, "GET, HEAD"},
		{"DELETE", "/api/v1/pass/" + code, "GET, HEAD"},
	} {
		res, b := raw(t, f.ts, m.method, m.path)
		if res.StatusCode != 405 || res.Header.Get("Allow") != m.allow || !strings.Contains(b, `"raison":"methode_non_acceptee"`) {
			t.Errorf("%s %s: %d %q %s", m.method, m.path, res.StatusCode, res.Header.Get("Allow"), b)
		}
	}
	// Nothing was redeemed.
	if rs, err := f.ts.store.Redemptions(context.Background(), "", 0); err != nil || len(rs) != 0 {
		t.Errorf("redemptions: %v %v", rs, err)
	}
}

// Who reads a pass: administrators and the accounts of qualified places
// (any pass), its financeur and its carnet's distributeur; no one else.
func TestAPIPassRead(t *testing.T) {
	f := newPassAPI(t)
	code := f.handed[0].Code
	for _, tc := range []struct {
		who, code string
		status    int
		raison    string
	}{
		{"admin", code, 200, ""},
		{"epn", strings.ToLower(code), 200, ""},
		{"albi", code, 200, ""}, // a counter reads the passes people bring
		{"finances", code, 200, ""},
		{"finances2", code, 403, "interdit"},
		{"ccas", code, 200, ""},
		{"ccas2", code, 403, "interdit"},
		{"coordination", code, 403, "interdit"},
		{"benevole", code, 403, "interdit"},
		{"benevole", typo(code), 403, "interdit"},
		{"epn", typo(code), 404, "code_invalide"},
		{"finances", typo(code), 404, "code_invalide"},
		{"admin", "PN-" + strings.Repeat("0", 100), 404, "code_invalide"},
		{"", code, 401, "non_authentifie"},
	} {
		header := []string{}
		if tc.who != "" {
			header = []string{"Authorization", "Bearer " + f.tokens[tc.who]}
		}
		res := f.ts.get(t, "/api/v1/pass/"+url.PathEscape(tc.code), header...)
		if res.StatusCode != tc.status {
			t.Errorf("%s reads %s: %d %s, want %d", tc.who, tc.code, res.StatusCode, res.Body, tc.status)
			continue
		}
		if tc.status != 200 {
			var body passProblem
			decode(t, res.Body, &body)
			if body.Raison != tc.raison || body.Message == "" {
				t.Errorf("%s reads %s: %s, want raison %s", tc.who, tc.code, res.Body, tc.raison)
			}
			continue
		}
		var p passJSON
		decode(t, res.Body, &p)
		if p != (passJSON{Code: code, Etat: "injecte", ValeurCentime: 1000, FinValidite: "2026-12-31", DernierJour: "2026-12-31"}) {
			t.Errorf("%s reads %s: %s", tc.who, tc.code, res.Body)
		}
	}
	for p, etat := range map[pass.Pass]string{f.notHanded: "emis", f.blocked: "bloque", f.credited: "credite"} {
		res := f.ts.get(t, "/api/v1/pass/"+url.PathEscape(p.Code), "Authorization", "Bearer "+f.tokens["admin"])
		if !strings.Contains(res.Body, `"etat":"`+etat+`"`) {
			t.Errorf("%s: %s, want %s", p.Code, res.Body, etat)
		}
	}
	f.redeem(t, "epn", code, "k", redemptionJSON("tls-1", place.ServiceDemarches))
	if res := f.ts.get(t, "/api/v1/pass/"+code, "Authorization", "Bearer "+f.tokens["ccas"]); !strings.Contains(res.Body, `"etat":"utilise"`) {
		t.Errorf("after use: %s", res.Body)
	}
	if res := f.ts.get(t, "/api/v1/pass/"+code+"?format=json", "Authorization", "Bearer "+f.tokens["epn"]); res.StatusCode != 400 || !strings.Contains(res.Body, `"raison":"invalide"`) {
		t.Errorf("unknown parameter: %d %s", res.StatusCode, res.Body)
	}
}

// The body's parser never panics and accepts only what it says it does.
func FuzzParseRedemption(f *testing.F) {
	for _, s := range []string{
		redemptionJSON("tls-1", place.ServiceDemarches), `{}`, `[]`, `null`, `{"lieu":1}`, `{"lieu":"a","service":"b","c":1}`,
		`{"lieu":"a\u0000","service":"` + place.ServiceDemarches + `"}`, "\xff", `{"lieu":"a"} {}`, `{"LIEU":"a","Service":"` + place.ServiceDemarches + `"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := parseRedemption(data)
		if err != nil {
			if b != (redemptionBody{}) {
				t.Errorf("refused with a value: %+v", b)
			}
			return
		}
		if b.Lieu == "" || len(b.Lieu) > 200 || !place.Services.Contains(b.Service) {
			t.Errorf("accepted %q: %+v", data, b)
		}
	})
}

// lieuxActedForCounter counts the look-ups of the places an account acts for.
type lieuxActedForCounter struct {
	store.Store
	n int
}

func (c *lieuxActedForCounter) LieuxActedFor(ctx context.Context, id int64) ([]string, error) {
	c.n++
	return c.Store.LieuxActedFor(ctx, id)
}

// An accepted redemption does not look up every place its account acts
// for (a round trip to the database each time): the ledger checks the
// place it names. The account that acts for no place is still refused
// before anything else, even its request's own faults.
func TestAPIPassRedeemLooksUpPlacesOnlyWhenRefused(t *testing.T) {
	f := newPassAPI(t)
	counter := &lieuxActedForCounter{Store: f.ts.store}
	f.ts.Server.store = counter
	dem := place.ServiceDemarches
	if res := f.redeem(t, "epn", f.handed[0].Code, "k1", redemptionJSON("tls-1", dem)); res.StatusCode != 201 || counter.n != 0 {
		t.Errorf("accepted: %d %s, %d look-ups of the account's places", res.StatusCode, res.Body, counter.n)
	}
	for _, tc := range []struct{ name, who, key, body, message string }{
		{"no key", "benevole", "", redemptionJSON("tls-1", dem), "aucun lieu qualifié"},
		{"not JSON", "benevole", "k", "lieu=tls-1", "aucun lieu qualifié"},
		{"a place it does not act for", "benevole", "k", redemptionJSON("tls-1", dem), "aucun lieu qualifié"},
		{"another place's", "carmes", "k", redemptionJSON("tls-1", dem), "n'agit pas pour ce lieu"},
	} {
		counter.n = 0
		res := f.redeem(t, tc.who, f.handed[1].Code, tc.key, tc.body)
		if res.StatusCode != 403 || !strings.Contains(res.Body, tc.message) || counter.n != 1 {
			t.Errorf("%s: %d %s, %d look-ups", tc.name, res.StatusCode, res.Body, counter.n)
		}
	}
}

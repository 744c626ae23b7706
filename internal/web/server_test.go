package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"maillage/internal/account"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// monday10h: Monday 23 November 2026, 10:00 in Paris.
var monday10h = time.Date(2026, 11, 23, 10, 0, 0, 0, openinghours.Paris)

func lieu(id string, lat, lon float64, mod func(*place.Lieu)) place.Lieu {
	l := storetest.Sample(id)
	l.Nom = "Lieu " + id
	l.Coordinates = &place.Point{Lat: lat, Lon: lon}
	if mod != nil {
		mod(&l)
	}
	return l
}

// fixture is a small registry around Toulouse and Albi.
func fixture() []place.Lieu {
	return []place.Lieu{
		lieu("tls-1", 43.6045, 1.4440, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "EPN du Capitole", "Toulouse", "31555", "31000"
			l.Services = []string{place.ServiceDemarches}
			l.FraisACharge = []string{place.FraisGratuit}
			l.Horaires = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
			l.PassNumerique = false
		}),
		lieu("tls-2", 43.6100, 1.4500, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Tiers-lieu des Carmes", "Toulouse", "31555", "31000"
			l.Services = []string{place.ServiceOutils}
			l.FraisACharge = []string{place.FraisPayant}
			l.Horaires = "Sa 09:00-12:00"
		}),
		lieu("albi-1", 43.9258, 2.1477, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Médiathèque d'Albi", "Albi", "81004", "81000"
			l.Horaires = "lundi matin"
			l.Provenance.HoursInvalid = true
		}),
	}
}

type testServer struct {
	*Server
	h     http.Handler
	store store.Store
}

func newTestServer(t testing.TB, ls ...place.Lieu) *testServer {
	t.Helper()
	return newTestServerWith(t, nil, ls...)
}

// newTestServerWith opens the test server's store with options (the
// server's clock is always the store's).
func newTestServerWith(t testing.TB, opts []store.Option, ls ...place.Lieu) *testServer {
	t.Helper()
	ctx := context.Background()
	db := openTestStore(t, append([]store.Option{store.WithClock(func() time.Time { return monday10h })}, opts...)...)
	if err := db.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
		t.Fatal(err)
	}
	if len(ls) > 0 {
		im, err := db.BeginImport(ctx, "test")
		if err != nil {
			t.Fatal(err)
		}
		for i := range ls {
			if _, _, err := im.Put(ctx, &ls[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Commit(ctx, "t"); err != nil {
			t.Fatal(err)
		}
	}
	s, err := NewServer(ctx, Config{Store: db, Now: func() time.Time { return monday10h }, VendorDir: "testdata/npm", DownloadDir: t.TempDir(), BaseURL: "http://maillage.test",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, h: s.Handler(), store: db}
}

type response struct {
	*http.Response
	Body string
}

func (ts *testServer) do(t *testing.T, req *http.Request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	ts.h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if documented(req.URL.Path) {
		checkOpenAPI(t, req, res, body)
	}
	return response{res, string(body)}
}

func (ts *testServer) get(t *testing.T, path string, header ...string) response {
	t.Helper()
	return ts.request(t, "GET", path, header...)
}

// request sends a request without a body, with headers (name, value…).
func (ts *testServer) request(t *testing.T, method, path string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return ts.do(t, req)
}

// The API's responses must match its OpenAPI document.
var openAPI struct {
	doc    *openapi3.T
	router routers.Router
}

func checkOpenAPI(t *testing.T, req *http.Request, res *http.Response, body []byte) {
	t.Helper()
	if openAPI.router == nil {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(openAPIDocument)
		if err != nil {
			t.Fatal(err)
		}
		if err := doc.Validate(loader.Context); err != nil {
			t.Fatalf("the OpenAPI document is invalid: %v", err)
		}
		r, err := legacy.NewRouter(doc)
		if err != nil {
			t.Fatal(err)
		}
		openAPI.doc, openAPI.router = doc, r
	}
	u := *req.URL
	u.Scheme, u.Host = "", ""
	vreq := req.Clone(context.Background())
	vreq.URL = &u
	vreq.RequestURI = ""
	route, params, err := openAPI.router.FindRoute(vreq)
	if err != nil {
		t.Errorf("%s: not in the OpenAPI document: %v", req.URL, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if res.StatusCode == http.StatusOK {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s: request does not match the document: %v", req.URL, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s: response does not match the document: %v\n%s", req.URL, err, body)
	}
}

func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}

func TestAPILieux(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	var out struct {
		Total int              `json:"total"`
		Lieux []map[string]any `json:"lieux"`
	}
	res := ts.get(t, "/api/v1/lieux?lat=43.6045&lon=1.444&rayon_km=10&services="+url.QueryEscape(place.ServiceDemarches))
	decode(t, res.Body, &out)
	if res.StatusCode != 200 || out.Total != 1 || out.Lieux[0]["id"] != "tls-1" || out.Lieux[0]["distance_km"] != 0.0 {
		t.Errorf("search: %d %s", res.StatusCode, res.Body)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("CORS: %v", res.Header)
	}
	for q, want := range map[string]int{
		"":                                3,
		"departement=81":                  1,
		"ouvert=maintenant":               1, // Monday 10:00: only tls-1
		"ouvert=2026-11-28T10:00":         1, // Saturday: tls-2
		"frais_a_charge=Payant|Gratuit":   3,
		"tri=nom&par_page=1&page=2":       3,
		"horaires=samedi":                 1,
		"pass_numerique=oui":              2,
		"code_insee=31555&epci=243100518": 2,
	} {
		res := ts.get(t, "/api/v1/lieux?"+q)
		decode(t, res.Body, &out)
		if res.StatusCode != 200 || out.Total != want {
			t.Errorf("%q: %d places, want %d (%s)", q, out.Total, want, res.Body)
		}
	}
	// Bad parameters get a 400 naming the parameter and the accepted values.
	for q, param := range map[string]string{
		"services=Cuisine": "services", "lat=91&lon=1": "lat", "lat=43": "lon", "rayon_km=-1": "rayon_km",
		"par_page=500": "par_page", "tri=hasard": "tri", "ouvert=demain": "ouvert", "pass_numerique=non": "pass_numerique",
		"horaires=nuit": "horaires", "departement=123456": "departement",
	} {
		res := ts.get(t, "/api/v1/lieux?"+q)
		var e map[string]any
		decode(t, res.Body, &e)
		if res.StatusCode != 400 || e["parametre"] != param || e["message"] == "" {
			t.Errorf("%q: %d %s", q, res.StatusCode, res.Body)
		}
	}
	res = ts.get(t, "/api/v1/lieux?services=Cuisine")
	if !strings.Contains(res.Body, place.ServiceDemarches) {
		t.Errorf("the 400 does not list the accepted values: %s", res.Body)
	}
}

func TestAPIOthers(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res := ts.get(t, "/api/v1/lieux/tls-2")
	var l map[string]any
	decode(t, res.Body, &l)
	if res.StatusCode != 200 || l["nom"] != "Tiers-lieu des Carmes" || l["latitude"] != 43.61 {
		t.Errorf("one place: %s", res.Body)
	}
	if res := ts.get(t, "/api/v1/lieux/nope"); res.StatusCode != 404 {
		t.Errorf("unknown place: %d", res.StatusCode)
	}
	res = ts.get(t, "/api/v1/lieux.geojson?departement=31")
	var fc struct {
		Features []any `json:"features"`
	}
	decode(t, res.Body, &fc)
	if len(fc.Features) != 2 {
		t.Errorf("geojson: %s", res.Body)
	}
	res = ts.get(t, "/api/v1/clusters?bbox=-5,41,10,51.5&zoom=5")
	var cs struct {
		Clusters []struct {
			Nombre int `json:"nombre"`
		} `json:"clusters"`
	}
	decode(t, res.Body, &cs)
	total := 0
	for _, c := range cs.Clusters {
		total += c.Nombre
	}
	if total != 3 {
		t.Errorf("clusters: %s", res.Body)
	}
	for _, q := range []string{"bbox=1,2,3&zoom=5", "bbox=-5,41,10,51.5", "bbox=-5,41,10,51.5&zoom=40"} {
		if res := ts.get(t, "/api/v1/clusters?"+q); res.StatusCode != 400 {
			t.Errorf("clusters %q: %d", q, res.StatusCode)
		}
	}
	res = ts.get(t, "/api/v1/facettes?frais_a_charge=Gratuit")
	var f struct {
		Total    int `json:"total"`
		Facettes map[string][]struct {
			Valeur  string `json:"valeur"`
			Libelle string `json:"libelle"`
			Nombre  int    `json:"nombre"`
		} `json:"facettes"`
	}
	decode(t, res.Body, &f)
	if f.Total != 2 || len(f.Facettes["frais_a_charge"]) != 2 {
		t.Errorf("facettes: %s", res.Body)
	}
	if res := ts.get(t, "/api/v2/rien"); res.StatusCode != 404 || !strings.Contains(res.Body, "erreur") {
		t.Errorf("unknown API route: %d %s", res.StatusCode, res.Body)
	}
}

func TestPages(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ts.cfg.BaseURL = "https://maillage.example"
	for path, want := range map[string][]string{
		"/":                      {"Trouver de l'aide", `name="services"`, "3 lieux"},
		"/recherche?ou=Toulouse": {"Lieux près de Toulouse (31000)", "EPN du Capitole", "2 lieux trouvés", nb("Ouvert maintenant — ferme à 12 h"), nb("Fermé — ouvre samedi à 9 h"), `id="carte"`},
		"/recherche?ou=31000&frais_a_charge=Gratuit": {"1 lieu trouvé", "EPN du Capitole", `checked`},
		"/recherche?ou=Nullepart":                    {"Nous n'avons pas trouvé"},
		"/recherche?departement=81":                  {"Médiathèque d&#39;Albi", "Horaires inconnus"},
		"/lieux/tls-1":                               {"EPN du Capitole", nb("Ouvert maintenant — ferme à 12 h"), "lundi 23 novembre (aujourd'hui)", nb("9 h – 12 h, 14 h – 17 h"), "tel:&#43;33326000000", "geo:43.6045,1.444", "Signaler une erreur", "openstreetmap.org/directions"},
		"/lieux/albi-1":                              {"Horaires inconnus", "lundi matin"},
		"/lieux/tls-1/fiche":                         {"EPN du Capitole", `class="qr"`, "https://maillage.example/lieux/tls-1"},
		"/fiche?ou=Toulouse":                         {"Où trouver de l&#39;aide", "EPN du Capitole", `class="qr"`},
		"/orientation":                               {"Étape 1 sur 3", `name="services"`},
		"/orientation?etape=2&services=" + url.QueryEscape(place.ServiceDemarches): {"Étape 2 sur 3", `name="ou"`, `value="Aide aux démarches administratives"`},
		"/orientation?etape=3&ou=Albi":                                             {"Étape 3 sur 3", `action="/recherche"`, `value="Albi"`},
		"/integrer?ou=Albi&services=" + url.QueryEscape(place.ServiceDemarches):    {"&lt;iframe src=&#34;https://maillage.example/embed/recherche?", "Intégrer la carte"},
		"/embed/recherche?departement=31":                                          {"EPN du Capitole", `class="integre"`},
		"/donnees":                                                                 {"Licence Ouverte 2.0", "/donnees/lieux.csv", "/api/v1/openapi.json"},
	} {
		res := ts.get(t, path)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", path, res.StatusCode)
			continue
		}
		for _, w := range want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if !strings.Contains(res.Body, `<html lang="fr">`) || !strings.Contains(res.Body, "<h1>") {
			t.Errorf("%s: no lang or h1", path)
		}
	}
	if res := ts.get(t, "/lieux/nope"); res.StatusCode != 404 || !strings.Contains(res.Body, "Page introuvable") {
		t.Errorf("unknown place page: %d", res.StatusCode)
	}
	if res := ts.get(t, "/recherche?services=Cuisine"); res.StatusCode != 400 {
		t.Errorf("bad filter on a page: %d", res.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res := ts.get(t, "/")
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP: %q", csp)
	}
	if !strings.Contains(csp, "https://data.geopf.fr") {
		t.Errorf("the tile server is not allowed for images: %q", csp)
	}
	if res.Header.Get("X-Frame-Options") != "DENY" || res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") == "" {
		t.Errorf("headers: %v", res.Header)
	}
	res = ts.get(t, "/embed/recherche")
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors *") || res.Header.Get("X-Frame-Options") != "" {
		t.Errorf("embed headers: %v", res.Header)
	}
	// No inline script anywhere.
	for _, p := range []string{"/", "/recherche?ou=Toulouse", "/lieux/tls-1", "/orientation", "/integrer", "/donnees"} {
		if body := ts.get(t, p).Body; strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") || strings.Contains(body, "style=\"") {
			t.Errorf("%s has inline script or style", p)
		}
	}
}

func TestSignaler(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	post := func(form url.Values, header ...string) response {
		req := httptest.NewRequest("POST", "/lieux/tls-1/signaler", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return ts.do(t, req)
	}
	good := url.Values{"champ": {"horaires"}, "message": {"Fermé le lundi matin depuis septembre."}}
	res := post(good)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "signalement=envoye") {
		t.Fatalf("report: %d %s", res.StatusCode, res.Body)
	}
	reps, err := ts.store.Corrections(context.Background(), "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].Field != "horaires" || reps[0].Contact != "" {
		t.Errorf("stored: %+v", reps)
	}
	if res := ts.get(t, "/lieux/tls-1?signalement=envoye"); !strings.Contains(res.Body, "Merci") {
		t.Errorf("no confirmation")
	}
	// A bad form is answered with the form and a message.
	res = post(url.Values{"champ": {"horaires"}, "message": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Décrivez l&#39;erreur") {
		t.Errorf("empty message: %d", res.StatusCode)
	}
	res = post(url.Values{"champ": {"autre"}, "message": {"x"}, "contact": {"pas un courriel"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad contact: %d", res.StatusCode)
	}
	// A cross-site form is refused.
	if res := post(good, "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d", res.StatusCode)
	}
	// Five reports an hour per address.
	for i := 0; i < 4; i++ {
		post(good)
	}
	if res := post(good); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("rate limit: %d", res.StatusCode)
	}
	reps, err = ts.store.Corrections(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 5 {
		t.Errorf("%d reports stored, want 5", len(reps))
	}
}

func TestDownloads(t *testing.T) {
	ts := newTestServer(t, storetest.Sample("a"))
	for path, ctype := range map[string]string{
		"/donnees/lieux.csv": "text/csv; charset=utf-8", "/donnees/lieux.json": "application/json",
		"/donnees/lieux.geojson": "application/geo+json",
	} {
		res := ts.get(t, path)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != ctype || !strings.Contains(res.Body, "Médiathèque") {
			t.Errorf("%s: %d %q %s", path, res.StatusCode, res.Header.Get("Content-Type"), res.Body)
		}
		last := res.Header.Get("Last-Modified")
		if res := ts.get(t, path, "If-Modified-Since", last); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s If-Modified-Since: %d", path, res.StatusCode)
		}
		if res := ts.get(t, path, "If-None-Match", `"autre"`); res.StatusCode != 200 {
			t.Errorf("%s stale ETag: %d", path, res.StatusCode)
		}
	}
	body := newTestServer(t).get(t, "/donnees/lieux.json").Body
	if strings.TrimSpace(body) != "[]" {
		t.Errorf("empty JSON: %q", body)
	}
}

func TestGzipAndStatic(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res := ts.get(t, "/", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("home page not compressed: %v", res.Header)
	}
	for _, p := range []string{"/static/maillage.css", "/static/maillage.js", "/static/vendor/leaflet/leaflet.js"} {
		if res := ts.get(t, p); res.StatusCode != 200 || res.Header.Get("Cache-Control") == "" {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

func TestHealthz(t *testing.T) {
	res := newTestServer(t).get(t, "/healthz")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Body, "ok") {
		t.Errorf("healthz: %d %s", res.StatusCode, res.Body)
	}
}

func TestTemplatesLabelEveryField(t *testing.T) {
	// Every input of every page has a label: checked on the rendered pages.
	ts := newTestServer(t, fixture()...)
	// The pages of the signed-in, seen by an administrator.
	id, err := ts.store.CreateUser(context.Background(), account.User{Email: "ada@hub.fr", Role: account.Administrateur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	token, hash := account.NewToken()
	if err := ts.store.AddSession(context.Background(), account.Session{Hash: hash, UserID: id, Created: monday10h, LastSeen: monday10h}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/recherche?ou=Toulouse", "/lieux/tls-1", "/orientation", "/orientation?etape=2", "/orientation?etape=3", "/integrer",
		"/connexion", "/connexion/lien?jeton=x", "/espace", "/espace/securite", "/lieux/tls-1/modifier", "/contribuer/nouveau-lieu", "/moderation", "/admin/comptes",
		"/statistiques", "/statistiques/departement/31"} {
		res := ts.get(t, p, "Cookie", sessionCookie+"="+token)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
		body := res.Body
		for _, chunk := range strings.Split(body, "<input")[1:] {
			tag := chunk[:strings.Index(chunk, ">")]
			if strings.Contains(tag, `type="hidden"`) || strings.Contains(tag, `aria-label="`) {
				continue
			}
			i := strings.Index(tag, `id="`)
			if i < 0 {
				t.Errorf("%s: input without id: %s", p, tag)
				continue
			}
			id := tag[i+4:]
			id = id[:strings.Index(id, `"`)]
			if !strings.Contains(body, `for="`+id+`"`) {
				t.Errorf("%s: input %s has no label", p, id)
			}
		}
	}
}

// A small JSON answer is not compressed (it fits in a packet either way,
// and starting a compressor cost more than the rest of a Pass
// redemption's answer); a large one is.
func TestGzipSkipsSmallAnswers(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	get := func(path string) *http.Response {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		ts.h.ServeHTTP(rec, req)
		return rec.Result()
	}
	small := get("/api/v1/lieux/nulle-part")
	body, _ := io.ReadAll(small.Body)
	if small.StatusCode != 404 || small.Header.Get("Content-Encoding") != "" || small.Header.Get("Content-Length") != strconv.Itoa(len(body)) || !json.Valid(body) {
		t.Errorf("small answer: %d %v %q", small.StatusCode, small.Header, body)
	}
	large := get("/api/v1/lieux")
	if large.StatusCode != 200 || large.Header.Get("Content-Encoding") != "gzip" || large.Header.Get("Content-Length") != "" {
		t.Errorf("large answer: %d %v", large.StatusCode, large.Header)
	}
}

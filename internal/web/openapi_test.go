package web

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"maillage/internal/account"
	"maillage/internal/place"
)

// loadOpenAPI parses and validates the embedded OpenAPI document.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	return doc
}

var pathParam = regexp.MustCompile(`\{([^}$]+)\}`)

// documented tells the paths the OpenAPI document describes: the API
// and the map's layers (GeoJSON for other maps too).
func documented(path string) bool {
	return strings.HasPrefix(path, "/api/v1/") || strings.HasPrefix(path, "/carte/couches/")
}

// The OpenAPI document and the route table say the same: every /api/v1
// route (and the map's layers) is documented and every documented
// operation is a route, each with exactly the query parameters it accepts
// (apiParams, enforced by a 400) and its path parameters.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	ts := newTestServer(t)
	routes := map[string]bool{}
	for _, rt := range ts.routeTable() {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok || !documented(path) {
			continue
		}
		routes[method+" "+path] = true
		accepted, ok := apiParams[rt.pattern]
		if !ok {
			t.Errorf("%s: no entry in apiParams (the query parameters it accepts)", rt.pattern)
		}
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s: a route missing from openapi.json", rt.pattern)
			continue
		}
		var query, inPath []string
		for _, p := range item.GetOperation(method).Parameters {
			switch p.Value.In {
			case "query":
				query = append(query, p.Value.Name)
			case "path":
				inPath = append(inPath, p.Value.Name)
			}
		}
		if missing, extra := setDiff(accepted, query); len(missing)+len(extra) > 0 {
			t.Errorf("%s: accepted but not documented: %v; documented but refused: %v", rt.pattern, missing, extra)
		}
		var want []string
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			want = append(want, m[1])
		}
		if missing, extra := setDiff(want, inPath); len(missing)+len(extra) > 0 {
			t.Errorf("%s: path parameters not documented: %v; documented but not in the route: %v", rt.pattern, missing, extra)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !routes[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which no route serves", method, path)
			}
		}
	}
	for pattern := range apiParams {
		if !routes[pattern] {
			t.Errorf("apiParams names %s, which is not a route", pattern)
		}
	}
}

// setDiff returns what a has and b lacks, and what b has and a lacks.
func setDiff(a, b []string) (onlyA, onlyB []string) {
	for _, x := range a {
		if !slices.Contains(b, x) {
			onlyA = append(onlyA, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			onlyB = append(onlyB, x)
		}
	}
	return onlyA, onlyB
}

// An unknown parameter is answered with a 400 naming it, in French and in
// JSON, on every API route; every accepted parameter is taken.
func TestAPIUnknownParams(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	example := map[string]string{
		"bbox": "1,43,2,44", "zoom": "8", "lat": "43.6", "lon": "1.44", "rayon_km": "10", "tri": "nom", "page": "1", "par_page": "5",
		"horaires": "samedi", "ouvert": "maintenant", "pass_numerique": "oui", "departement": "31", "epci": "243100518",
		"code_insee": "31555", "q": "capitole", "services": place.ServiceDemarches, "frais_a_charge": "Gratuit",
	}
	// The routes of an account are asked with its API token: parameters
	// are checked once the token is.
	var header []string
	uid := mustUser(t, ts, account.User{Email: "script@hub.fr", Role: account.Contributeur})
	token, _, err := ts.store.CreateAPIToken(context.Background(), uid, "", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	access := map[string]account.Access{}
	for _, rt := range ts.routeTable() {
		access[rt.pattern] = rt.access
	}
	for pattern, accepted := range apiParams {
		header = nil
		if access[pattern] == account.Bearer {
			header = []string{"Authorization", "Bearer " + token}
		}
		method, path, _ := strings.Cut(pattern, " ")
		path = strings.ReplaceAll(path, "{code}", "PN-0000-0000-0000-0000-0")
		path = strings.ReplaceAll(path, "{id}", "tls-1")
		path = strings.ReplaceAll(path, "{fichier}", "qpv.geojson")
		base := url.Values{}
		if strings.HasSuffix(path, "/clusters") {
			base.Set("bbox", "1,43,2,44")
			base.Set("zoom", "8")
		}
		for _, bad := range [][]string{{"nom"}, {"ou", "taille"}, {"Lat"}} {
			v := cloneValues(base)
			for _, b := range bad {
				v.Set(b, "x")
			}
			res := ts.request(t, method, path+"?"+v.Encode(), header...)
			var body struct {
				Erreur   string   `json:"erreur"`
				Unknown  []string `json:"parametres_inconnus"`
				Accepted []string `json:"valeurs_acceptees"`
			}
			decode(t, res.Body, &body)
			if res.StatusCode != 400 || !slices.Equal(body.Unknown, bad) || !strings.Contains(body.Erreur, strings.Join(bad, ", ")) ||
				!strings.Contains(body.Erreur, "inconnu") || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%s with %v: %d %s", path, bad, res.StatusCode, res.Body)
			}
			if len(bad) > 1 && !strings.Contains(body.Erreur, "paramètres inconnus") {
				t.Errorf("%s: not plural: %s", path, body.Erreur)
			}
			if !slices.Equal(body.Accepted, slices.Sorted(slices.Values(accepted))) {
				t.Errorf("%s: valeurs_acceptees %v", path, body.Accepted)
			}
		}
		for _, name := range accepted {
			v := cloneValues(base)
			x, ok := example[name]
			if !ok {
				x = "x"
			}
			v.Set(name, x)
			if res := ts.request(t, method, path+"?"+v.Encode(), header...); strings.Contains(res.Body, "parametres_inconnus") {
				t.Errorf("%s?%s: refused as unknown: %s", path, v.Encode(), res.Body)
			}
		}
	}
}

// q= searches the names, accents and case aside, and combines with filters.
func TestAPINameSearch(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"q=capitole", []string{"tls-1"}},
		{"q=" + url.QueryEscape("MÉDIATHÈQUE"), []string{"albi-1"}},
		{"q=mediatheque+albi", []string{"albi-1"}},
		{"q=" + url.QueryEscape("tiers-lieu carmes"), []string{"tls-2"}},
		{"q=epn&frais_a_charge=Payant", nil},
		{"q=lieu&departement=31", []string{"tls-2"}},
		{"q=", []string{"albi-1", "tls-1", "tls-2"}},
		{"q=zzz", nil},
	} {
		res := ts.get(t, "/api/v1/lieux?"+tc.query+"&tri=nom")
		var out struct {
			Total int `json:"total"`
			Lieux []struct {
				ID string `json:"id"`
			} `json:"lieux"`
		}
		decode(t, res.Body, &out)
		var got []string
		for _, l := range out.Lieux {
			got = append(got, l.ID)
		}
		slices.Sort(got)
		if res.StatusCode != 200 || !slices.Equal(got, tc.want) || out.Total != len(tc.want) {
			t.Errorf("%s: %d %v (total %d), want %v", tc.query, res.StatusCode, got, out.Total, tc.want)
		}
	}
	for _, bad := range []string{strings.Repeat("a", 201), "a%0Ab", "%FF"} {
		if res := ts.get(t, "/api/v1/lieux?q="+bad); res.StatusCode != 400 || !strings.Contains(res.Body, `"parametre":"q"`) {
			t.Errorf("q=%.20s: %d %s", bad, res.StatusCode, res.Body)
		}
	}
	var f struct {
		Total int `json:"total"`
	}
	decode(t, ts.get(t, "/api/v1/facettes?q=capitole").Body, &f)
	if f.Total != 1 {
		t.Errorf("facettes?q=capitole: total %d", f.Total)
	}
}

// The results page's links into the API (the JSON link, the map's clusters
// and its list of places at one address) use only parameters the API takes.
func TestResultsLinksIntoTheAPI(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	page := ts.get(t, "/recherche?ou=Toulouse&zoom=9&tri=nom&frais_a_charge=Gratuit&ouvert=maintenant&q=epn&par_page=5&page=1&inconnu=1")
	body := html.UnescapeString(page.Body)
	json := regexp.MustCompile(`href="(/api/v1/lieux\?[^"]*)"`).FindStringSubmatch(body)
	filters := regexp.MustCompile(`data-filtres="([^"]*)"`).FindStringSubmatch(body)
	if json == nil || filters == nil {
		t.Fatalf("no JSON link or map filters on the results page")
	}
	for _, u := range []string{json[1], "/api/v1/clusters?bbox=1,43,2,44&zoom=9&" + filters[1], "/api/v1/lieux?lat=43.6&lon=1.44&rayon_km=0.01&par_page=100&" + filters[1]} {
		if res := ts.get(t, u); res.StatusCode != 200 {
			t.Errorf("%s: %d %s", u, res.StatusCode, res.Body)
		}
	}
}

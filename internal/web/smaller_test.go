package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
)

// After sign-in, "suite" only leads to a path of this site: every way a
// browser could read it as another site is refused, through the real
// link handler.
func TestSuiteStaysOnSite(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	for suite, want := range map[string]string{
		"/lieux/tls-1":            "/lieux/tls-1",
		"/recherche?ou=Toulouse":  "/recherche?ou=Toulouse",
		"/recherche?ou=a%2F%2Fb":  "/recherche?ou=a%2F%2Fb",
		"/\t/evil.example":        "/espace",
		"/\n/evil.example":        "/espace",
		"/\r/evil.example":        "/espace",
		"/%09/evil.example":       "/espace",
		"/%0a/evil.example":       "/espace",
		"/%2F/evil.example":       "/espace",
		"/%5Cevil.example":        "/espace",
		"//evil.example":          "/espace",
		"///evil.example":         "/espace",
		"/\\evil.example":         "/espace",
		"\\\\evil.example":        "/espace",
		"http://evil.example/":    "/espace",
		"https:evil.example":      "/espace",
		"http:/espace":            "/espace",
		"javascript:alert(1)":     "/espace",
		" /x":                     "/espace",
		"\t//evil.example":        "/espace",
		"/\x00/evil.example":      "/espace",
		"/\x7f/evil.example":      "/espace",
		"/\u0085/evil.example":    "/espace",
		"/\u2028/evil.example":    "/espace",
		"/%E2%80%A8/evil.example": "/espace",
		"/%ff":                    "/espace",
		"/%zz":                    "/espace",
		"evil.example":            "/espace",
		"":                        "/espace",
	} {
		token, hash := account.NewToken()
		if err := ts.store.AddLoginToken(context.Background(), hash, "ada@hub.fr", monday10h.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		res := postForm(t, ts, "/connexion/lien", url.Values{"jeton": {token}, "suite": {suite}}, "")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("suite %q: %d → %q, want %q", suite, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// NaN and infinities are not numbers: a French 400 names the parameter,
// on the pages and in the API, instead of dropping the filter.
func TestNonFiniteNumbersRefused(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, q := range []struct{ query, param string }{
		{"lat=NaN&lon=1.44", "lat"}, {"lat=43.6&lon=NaN", "lon"}, {"lat=Inf&lon=1.44", "lat"}, {"lat=43.6&lon=-Inf", "lon"},
		{"lat=+Inf&lon=1.44", "lat"}, {"lat=0x1p5&lon=1.44", "lat"}, {"lat=4_3&lon=1.44", "lat"}, {"lat=infinity&lon=1", "lat"},
		{"rayon_km=NaN", "rayon_km"}, {"rayon_km=Inf", "rayon_km"}, {"rayon_km=nan", "rayon_km"}, {"rayon_km=1e999", "rayon_km"},
	} {
		for _, path := range []string{"/api/v1/lieux?", "/recherche?", "/api/v1/clusters?bbox=1,43,2,44&zoom=8&", "/fiche?"} {
			res := ts.get(t, path+q.query)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, q.param) {
				t.Errorf("%s%s: %d, body does not name %s", path, q.query, res.StatusCode, q.param)
			}
		}
	}
	for _, bbox := range []string{"NaN,43,2,44", "1,NaN,2,44", "1,43,Inf,44", "1,43,2,+Inf", "-Inf,-Inf,Inf,Inf", "NaN,NaN,NaN,NaN"} {
		res := ts.get(t, "/api/v1/clusters?zoom=8&bbox="+url.QueryEscape(bbox))
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "bbox") {
			t.Errorf("bbox=%s: %d %s", bbox, res.StatusCode, res.Body)
		}
	}
	if res := ts.get(t, "/api/v1/lieux?lat=43.6045&lon=1.444&rayon_km=1.5"); res.StatusCode != 200 {
		t.Errorf("finite numbers: %d", res.StatusCode)
	}
}

// /static/ serves files, never a listing of a folder.
func TestStaticNoListing(t *testing.T) {
	ts := newTestServer(t)
	for _, p := range []string{"/static/", "/static/vendor/", "/static/vendor/leaflet/", "/static/vendor/leaflet", "/static//", "/static/./"} {
		res := ts.get(t, p)
		if res.StatusCode == http.StatusOK || strings.Contains(res.Body, ">maillage.css<") || strings.Contains(res.Body, ">leaflet.js<") {
			t.Errorf("%s: %d lists a folder:\n%s", p, res.StatusCode, res.Body)
		}
	}
	for _, p := range []string{"/static/maillage.css", "/static/vendor/leaflet/leaflet.js"} {
		if res := ts.get(t, p); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

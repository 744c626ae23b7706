package web

import (
	"html"
	"net/url"
	"strings"
	"testing"
)

// A result's link carries its search as parsed parameters, and the place's
// page rebuilds "Retour à la recherche" from the parameters that parse:
// unknown or invalid ones are dropped, other paths and hosts are refused.
func TestBackToSearchParsed(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res := ts.get(t, "/recherche?ou=Toulouse&inconnu=%3Cx%3E&par_page=1&page=2&tri=nom")
	body := html.UnescapeString(res.Body)
	want := "?" + url.Values{"retour": {"/recherche?ou=Toulouse&page=2&par_page=1&tri=nom"}}.Encode()
	if !strings.Contains(body, `href="/lieux/`) || !strings.Contains(body, want+`"`) {
		t.Errorf("results' links lack %s", want)
	}
	if !strings.Contains(body, `data-suite="`+want[1:]+`"`) {
		t.Errorf("the map's links lack %s", want)
	}
	for retour, back := range map[string]string{
		"/recherche?ou=Toulouse&services=Aide+aux+d%C3%A9marches+administratives": "/recherche?ou=Toulouse&amp;services=Aide&#43;aux&#43;d%C3%A9marches&#43;administratives",
		"/recherche?ou=Albi&inconnu=%3Cscript%3E&page=3":                          "/recherche?ou=Albi&amp;page=3",
		"/recherche?tri=nom&lat=43.6&lon=1.44":                                    "/recherche?lat=43.6&amp;lon=1.44&amp;tri=nom",
		"/recherche":                                                              "/recherche",
		"/recherche?frais_a_charge=gratuit":                                       "/recherche?frais_a_charge=Gratuit",
		"/recherche?services=Cuisine":                                             "/",
		"/recherche?lat=NaN&lon=1":                                                "/",
		"https://evil.example/recherche?ou=Albi":                                  "/",
		"//evil.example/recherche?ou=Albi":                                        "/",
		"/recherche/../espace/supprimer?x=":                                       "/",
		"/espace/supprimer":                                                       "/",
		"javascript:alert(1)":                                                     "/",
		"/recherche?ou=Albi#x":                                                    "/",
	} {
		res := ts.get(t, "/lieux/tls-1?"+url.Values{"retour": {retour}}.Encode(), "Referer", "http://example.com/recherche?ou=Albi")
		if !strings.Contains(res.Body, `<p class="fil"><a href="`+back+`">`) {
			i := strings.Index(res.Body, `<p class="fil">`)
			t.Errorf("retour=%q: back link is not %s: %.120s", retour, back, res.Body[max(i, 0):])
		}
	}
}

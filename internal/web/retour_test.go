package web

import (
	"context"
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

// FuzzBackLink: whatever « retour » holds, the back link is the home page
// or a search on /recherche that localPath accepts, and it is stable (the
// link, read again, gives itself).
func FuzzBackLink(f *testing.F) {
	for _, s := range []string{"/recherche?ou=Toulouse", "//evil.example", "/recherche?services=Cuisine", "/recherche?ou=%0a&page=2",
		"/recherche?lat=1&lon=2&rayon_km=3&tri=nom&q=m%C3%A9dia", "/\t/evil", "/recherche#x", "https://a/recherche"} {
		f.Add(s)
	}
	ts := newTestServer(f)
	f.Fuzz(func(t *testing.T, raw string) {
		back := ts.backLink(context.Background(), raw)
		if back != "/" && (!strings.HasPrefix(back, "/recherche") || !localPath(back)) {
			t.Fatalf("retour %q gives %q", raw, back)
		}
		if again := ts.backLink(context.Background(), back); back != "/" && again != back {
			t.Fatalf("retour %q gives %q, then %q", raw, back, again)
		}
	})
}

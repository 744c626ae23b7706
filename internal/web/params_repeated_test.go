package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
)

// A parameter that takes one value, given twice, is refused with a 400
// naming it, on every API route, rather than read as its first value; the
// search's filters, which take several, are not.
func TestAPIRepeatedParams(t *testing.T) {
	ts := newDiagnosticServer(t)
	// The routes of an API token are asked with one (a request without is a 401 first).
	bearer := map[string]bool{}
	for _, rt := range ts.routeTable() {
		bearer[rt.pattern] = rt.access == account.Bearer
	}
	token, _, err := ts.store.CreateAPIToken(context.Background(), mustUser(t, ts, account.User{Email: "jeton@exemple.fr", Role: account.Contributeur}), "test", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	for pattern, accepted := range apiParams {
		path := strings.TrimPrefix(pattern, "GET ")
		path = strings.NewReplacer("{id}", "p1", "{type}", "departement", "{code}", "01", "{fichier}", "qpv.geojson").Replace(path)
		var header []string
		if bearer[pattern] {
			header = []string{"Authorization", "Bearer " + token}
		}
		for _, name := range accepted {
			v := url.Values{name: {"10", "50"}}
			res := ts.get(t, path+"?"+v.Encode(), header...)
			var body struct {
				Erreur    string `json:"erreur"`
				Parametre string `json:"parametre"`
				Valeur    string `json:"valeur"`
			}
			if multiValued(name) {
				if strings.Contains(res.Body, "une seule valeur") {
					t.Errorf("%s?%s: refused though it takes several values: %s", path, v.Encode(), res.Body)
				}
				continue
			}
			decode(t, res.Body, &body)
			if res.StatusCode != http.StatusBadRequest || body.Parametre != name || body.Valeur != "10, 50" ||
				!strings.Contains(body.Erreur, "« "+name+" »") || !strings.Contains(body.Erreur, "donné 2 fois : une seule valeur attendue") {
				t.Errorf("%s?%s: %d %s", path, v.Encode(), res.StatusCode, res.Body)
			}
		}
	}
}

// The diagnostic page refuses a repeated option the same way, as an error
// of its form, naming the field by its label.
func TestDiagnosticPageRepeatedParams(t *testing.T) {
	ts := newDiagnosticServer(t)
	for _, name := range append(append([]string{}, diagOptionParams...), "nombre", "carte", "tri", "ordre", "page") {
		v := url.Values{name: {"10", "50"}}
		res := ts.get(t, "/diagnostic/departement/01?"+v.Encode())
		// Named by the field's label, not the parameter (review 9N, minor 3).
		want := html.EscapeString(diagField(name)) + " est donné 2 fois (« 10 », « 50 ») : une seule valeur attendue."
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, want) ||
			!strings.Contains(res.Body, `<details class="diag-options" open>`) {
			t.Errorf("%s twice: %d, the page lacks %q", name, res.StatusCode, want)
		}
	}
}

func TestDiagnosticIndexRepeatedSearch(t *testing.T) {
	ts := newDiagnosticServer(t)
	res := ts.get(t, "/diagnostic?q=Aval&q=Bourg")
	if want := "La recherche « q » est donnée 2 fois : une seule valeur attendue."; res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, want) {
		t.Errorf("%d, the page lacks %q", res.StatusCode, want)
	}
}

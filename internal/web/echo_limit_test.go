package web

import (
	"strings"
	"testing"
)

// A refused value is echoed cut at maxEcho characters with « … », never
// whole: a 60 KB service= came back three times, 181 KB (review 9A,
// minor 12).
func TestErrorsEchoValuesCut(t *testing.T) {
	ts := newDiagnosticServer(t)
	long := strings.Repeat("é", 5000)
	cut := strings.Repeat("é", maxEcho) + "…"
	for _, path := range []string{
		"/api/v1/diagnostic/departement/01?service=" + long,
		"/api/v1/diagnostic/departement/01?methode=" + long,
		"/api/v1/diagnostic/commune/" + long,
		"/api/v1/diagnostic/departement/01/implanter?nombre=" + long,
		"/diagnostic/departement/01?service=" + long,
		"/diagnostic/departement/01?seuil_km=" + long,
	} {
		res := ts.get(t, path)
		if res.StatusCode != 400 && res.StatusCode != 404 {
			t.Errorf("%.60s: %d", path, res.StatusCode)
		}
		body := strings.ToLower(res.Body) // a code is upper-cased
		if strings.Contains(body, cut[:len(cut)-len("…")]+"é") || !strings.Contains(body, cut) || len(body) > 40_000 {
			t.Errorf("%.60s: %d bytes, the value not cut at %d characters:\n%q", path, len(res.Body), maxEcho, res.Body)
		}
	}
}

// /diagnostic?q= asks for a name or an INSEE code: the commune of the
// INSEE code comes before those whose postcode it is (review 9A, minor 12:
// 97411 listed 97415 first). 69003 is Albigny-sur-Saône's code and Lyon
// 3e's postcode.
func TestDiagnosticSearchPutsTheINSEECodeFirst(t *testing.T) {
	ts, _ := newWhereServer(t, "")
	res := ts.get(t, "/diagnostic?q=69003")
	albigny, lyon3 := strings.Index(res.Body, `href="/diagnostic/commune/69003"`), strings.Index(res.Body, `href="/diagnostic/commune/69383"`)
	if res.StatusCode != 200 || albigny < 0 || lyon3 < 0 || albigny > lyon3 {
		t.Errorf("/diagnostic?q=69003: %d, Albigny at %d, Lyon 3e at %d: want both, Albigny first", res.StatusCode, albigny, lyon3)
	}
}

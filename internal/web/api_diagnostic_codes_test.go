package web

import (
	"net/http"
	"strings"
	"testing"

	"maillage/internal/territory"
)

// corsicaReferential has the two départements of Corsica (2A, 2B), a
// commune in each, and the Ain (01) with one commune.
func corsicaReferential() *territory.Referential {
	return &territory.Referential{
		Communes: []territory.Commune{
			{Code: "2A004", Nom: "Ajaccio", Departement: "2A", Region: "94", EPCI: "200066918", Population: 70000, Centre: &territory.Point{Lat: 41.93, Lon: 8.74}},
			{Code: "2B033", Nom: "Bastia", Departement: "2B", Region: "94", EPCI: "242000354", Population: 48000, Centre: &territory.Point{Lat: 42.70, Lon: 9.45}},
			{Code: "01001", Nom: "Aval", Departement: "01", Region: "84", Population: 1000, Centre: onMeridian(0)},
		},
		EPCIs:        []territory.EPCI{{Code: "200066918", Nom: "CA du Pays Ajaccien"}, {Code: "242000354", Nom: "CA de Bastia"}},
		Departements: []territory.Departement{{Code: "2A", Nom: "Corse-du-Sud", Region: "94"}, {Code: "2B", Nom: "Haute-Corse", Region: "94"}, {Code: "01", Nom: "Ain", Region: "84"}},
		Regions:      []territory.Region{{Code: "94", Nom: "Corse"}, {Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
	}
}

// A territory's code is read the same way by the API, the pages and the
// CLI: any case (2a, 2A), a leading zero omitted (1 for 01, 1001 for
// 01001); the answer names the canonical code.
func TestAPIDiagnosticCodes(t *testing.T) {
	ts := diagServer(t, corsicaReferential().Index())
	for path, code := range map[string]string{
		"/api/v1/diagnostic/departement/2A":                "2A",
		"/api/v1/diagnostic/departement/2a":                "2A",
		"/api/v1/diagnostic/departement/2B.json":           "2B",
		"/api/v1/diagnostic/departement/2b.json":           "2B",
		"/api/v1/diagnostic/departement/1":                 "01",
		"/api/v1/diagnostic/departement/1.json":            "01",
		"/api/v1/diagnostic/commune/2a004":                 "2A004",
		"/api/v1/diagnostic/commune/2A004.json":            "2A004",
		"/api/v1/diagnostic/commune/1001":                  "01001",
		"/api/v1/diagnostic/epci/200066918.json":           "200066918",
		"/api/v1/diagnostic/region/94.json":                "94",
		"/api/v1/diagnostic/region/94/implanter":           "94",
		"/api/v1/diagnostic/departement/2a/implanter.json": "2A",
	} {
		if strings.Contains(path, "implanter") {
			path += "?nombre=1"
		}
		res := ts.get(t, path)
		var doc struct{ Territoire struct{ Code string } }
		decode(t, res.Body, &doc)
		if res.StatusCode != http.StatusOK || doc.Territoire.Code != code || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s, want the territory %s in JSON", path, res.StatusCode, res.Body, code)
		}
	}
	for path, file := range map[string]string{
		"/api/v1/diagnostic/departement/2A.csv":                    "diagnostic-departement-2A.csv",
		"/api/v1/diagnostic/departement/2a.csv":                    "diagnostic-departement-2A.csv",
		"/api/v1/diagnostic/commune/1001.csv":                      "diagnostic-commune-01001.csv",
		"/api/v1/diagnostic/france.csv":                            "diagnostic-france.csv",
		"/api/v1/diagnostic/france?format=csv":                     "diagnostic-france.csv",
		"/api/v1/diagnostic/france/implanter.csv?nombre=1":         "implanter-france.csv",
		"/api/v1/diagnostic/departement/2B/implanter.csv?nombre=1": "implanter-departement-2B.csv",
	} {
		res := ts.get(t, path)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), `filename="`+file+`"`) {
			t.Errorf("%s: %d %v %s, want the CSV %s", path, res.StatusCode, res.Header, res.Body, file)
		}
	}
	for _, path := range []string{"/api/v1/diagnostic/france.json", "/api/v1/diagnostic/france/implanter.json?nombre=1"} {
		res := ts.get(t, path)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s", path, res.StatusCode, res.Body)
		}
	}
	// A suffix says the format: format= may only agree with it; a suffix
	// goes at the end of the address.
	for path, param := range map[string]string{
		"/api/v1/diagnostic/departement/2A.csv?format=json":                   "format",
		"/api/v1/diagnostic/departement/2A.csv/implanter?nombre=1":            "code",
		"/api/v1/diagnostic/france.csv?format=csv":                            "format",
		"/api/v1/diagnostic/departement/2A/implanter.csv?format=csv&nombre=1": "format",
	} {
		res := ts.get(t, path)
		var body struct{ Parametre string }
		decode(t, res.Body, &body)
		if res.StatusCode != http.StatusBadRequest || body.Parametre != param {
			t.Errorf("%s: %d %s, want a 400 naming %s", path, res.StatusCode, res.Body, param)
		}
	}
}

// The pages read the codes as the API does, and send a code written
// otherwise to the territory's one address.
func TestDiagnosticPageCodes(t *testing.T) {
	ts := diagServer(t, corsicaReferential().Index())
	for path, to := range map[string]string{
		"/diagnostic/departement/2a":            "/diagnostic/departement/2A",
		"/diagnostic/departement/1?seuil_km=12": "/diagnostic/departement/01?seuil_km=12",
		"/diagnostic/commune/2b033":             "/diagnostic/commune/2B033",
		"/diagnostic/commune/1001":              "/diagnostic/commune/01001",
	} {
		res := ts.get(t, path)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want a permanent redirection to %s", path, res.StatusCode, res.Header.Get("Location"), to)
		}
	}
	res := ts.get(t, "/diagnostic/departement/2A")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Corse-du-Sud") {
		t.Errorf("2A: %d", res.StatusCode)
	}
}

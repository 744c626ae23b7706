package web

import (
	"net/http"
	"strings"
	"testing"
)

// The page and the API take the same number of new places (1 to
// diagnostic.MaxPicks) with the same message, and the form's inputs carry
// the bounds the server enforces.
func TestDiagnosticPageBounds(t *testing.T) {
	ts := newDiagnosticServer(t)
	res := ts.get(t, "/diagnostic/departement/02?nombre=50")
	if res.StatusCode != http.StatusOK {
		t.Errorf("nombre=50: %d, want 200 as the API", res.StatusCode)
	}
	for _, input := range []string{
		`<input type="number" min="0.1" max="100" step="any" id="diag-seuil-km" name="seuil_km"`,
		`<input type="number" min="1" max="120" step="any" id="diag-seuil-min" name="seuil_min"`,
		`<input type="number" min="1" max="200" step="1" id="diag-nombre" name="nombre" value="50">`,
		"(1 à 200 ; 5 si vide)",
	} {
		if !strings.Contains(res.Body, input) {
			t.Errorf("the form lacks %s", input)
		}
	}
	// The inputs' min is what the server accepts, and below it is refused
	// in the field's words (review 9N, minor 5: min="0" while 0 was refused).
	for _, tc := range []struct{ ok, below, want string }{
		{"seuil_km=0.1", "seuil_km=0.09", "« Seuil en kilomètres » : « 0.09 » invalide : au moins 0,1 kilomètre."},
		{"seuil_min=1", "seuil_min=0.5", "« Seuil en minutes » : « 0.5 » invalide : au moins 1 minute."},
	} {
		if res := ts.get(t, "/diagnostic/departement/02?"+tc.ok); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d, want 200", tc.ok, res.StatusCode)
		}
		if res := ts.get(t, "/diagnostic/departement/02?"+tc.below); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: %d, lacks %q", tc.below, res.StatusCode, tc.want)
		}
	}
	// The page names the field, the API the parameter, with one rule.
	page := ts.get(t, "/diagnostic/departement/02?nombre=201")
	if want := "« Nombre de lieux à ouvrir » : « 201 » invalide : un entier de 1 à 200."; page.StatusCode != http.StatusBadRequest || !strings.Contains(page.Body, want) {
		t.Errorf("page nombre=201: %d, lacks %q", page.StatusCode, want)
	}
	want := "nombre « 201 » invalide : un entier de 1 à 200 (lieux à ouvrir)"
	api := ts.get(t, "/api/v1/diagnostic/departement/02/implanter?nombre=201")
	var body struct{ Message string }
	decode(t, api.Body, &body)
	if api.StatusCode != http.StatusBadRequest || body.Message != want {
		t.Errorf("API nombre=201: %d %q, want %q", api.StatusCode, body.Message, want)
	}
	// A decimal comma typed in a hand-made address is shown as the number
	// input takes it.
	res = ts.get(t, "/diagnostic/departement/02?seuil_km=12,5")
	if !strings.Contains(res.Body, `name="seuil_km" value="12.5"`) {
		t.Errorf("seuil_km=12,5 is not shown as 12.5")
	}
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/place"
)

// The form applies the address rules of imports: five-digit postcodes,
// and a postcode that serves the commune (against the referential).
func TestFormChecksPostcodeAndCommune(t *testing.T) {
	p := cast(t)
	for _, tt := range []struct {
		postcode, commune, insee string
		want                     string
	}{
		{"3100", "Toulouse", "31555", "5 chiffres"},
		{"31700", "Toulouse", "31555", "31700"},
		{"81000", "Toulouse", "", "81000"},
	} {
		form := formOf(p.ts, "tls-1")
		form.Set("code_postal", tt.postcode)
		form.Set("commune", tt.commune)
		form.Set("code_insee", tt.insee)
		res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.want) {
			t.Errorf("%s %s %s: %d, want a problem naming %q", tt.postcode, tt.commune, tt.insee, res.StatusCode, tt.want)
		}
	}
	if l := mustLieu(t, p.ts, "tls-1"); l.CodePostal != "31000" {
		t.Errorf("published: %q", l.CodePostal)
	}
	nouveau := func(cp, commune string) url.Values {
		return url.Values{"nom": {"Point numérique"}, "adresse": {"1 place de la Mairie"}, "code_postal": {cp}, "commune": {commune}, "services": {place.ServiceDemarches}}
	}
	if res := postForm(t, p.ts, "/contribuer/nouveau-lieu", nouveau("1000", "Bourg-en-Bresse"), p.coord81); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "5 chiffres") {
		t.Errorf("a four-digit postcode for a new place: %d", res.StatusCode)
	}
	if res := postForm(t, p.ts, "/contribuer/nouveau-lieu", nouveau("31700", "Toulouse"), p.coord81); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("Toulouse at 31700: %d", res.StatusCode)
	}
	if res := postForm(t, p.ts, "/contribuer/nouveau-lieu", nouveau("31700", "Blagnac"), p.coord81); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Blagnac at 31700: %d %s", res.StatusCode, res.Body)
	}
	props := pendingProposals(t, p.ts)
	if len(props) != 1 || props[0].Values["code_insee"] != "31069" {
		t.Errorf("the new place's INSEE code is not derived: %+v", props)
	}
}

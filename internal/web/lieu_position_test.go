package web

import (
	"net/http"
	"strings"
	"testing"
)

// A position far from the place's commune is refused in the form, for a
// coordinator of the territory as for anyone: moving a place by its
// coordinates cannot take it out of a territory unnoticed. A small move
// within the commune is published.
func TestFormRefusesPositionFarFromCommune(t *testing.T) {
	p := cast(t)
	for _, who := range []struct{ name, session string }{{"coordinator of Tarn", p.coord81}, {"coordinator of Haute-Garonne", p.coord31}} {
		form := formOf(p.ts, "albi-1")
		form.Set("latitude", "43.84") // Gard, about 180 km from Albi
		form.Set("longitude", "4.36")
		res := postForm(t, p.ts, "/lieux/albi-1/modifier", form, who.session)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "coordonnées loin de la commune") || !strings.Contains(res.Body, "Albi") {
			t.Errorf("%s moves Albi to the Gard: %d", who.name, res.StatusCode)
		}
	}
	if l := mustLieu(t, p.ts, "albi-1"); l.Coordinates == nil || l.Coordinates.Lon > 3 {
		t.Fatalf("published: %+v", l.Coordinates)
	}
	form := formOf(p.ts, "albi-1")
	form.Set("latitude", "43.93") // a few hundred metres
	form.Set("longitude", "2.15")
	if res := postForm(t, p.ts, "/lieux/albi-1/modifier", form, p.coord81); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a small move: %d %s", res.StatusCode, res.Body)
	}
	if l := mustLieu(t, p.ts, "albi-1"); l.Coordinates == nil || l.Coordinates.Lat != 43.93 {
		t.Errorf("small move not published: %+v", l.Coordinates)
	}
}

package web

import (
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
)

// Saving another field keeps hours the per-day editor cannot show, and
// hours that close before they open are refused in French.
func TestEditKeepsHoursTheGridCannotShow(t *testing.T) {
	odd := []string{
		"Mo-Fr 08:00-10:00,11:00-12:00,14:00-16:00",
		`Mo-Fr 09:00-12:00 "sur rendez-vous"`,
		"Mo-Fr 09:00-17:00; Aug off",
		"Mo-Fr 9:00-12:00; PH off", // fits, kept as written
	}
	var ls []place.Lieu
	for i, h := range odd {
		ls = append(ls, lieu("h-"+string(rune('a'+i)), 43.6, 1.44, func(l *place.Lieu) {
			l.Commune, l.CodeINSEE, l.CodePostal, l.Horaires = "Toulouse", "31555", "31000", h
		}))
	}
	ts := newTestServer(t, ls...)
	m := &fakeMail{}
	ts.cfg.Mail = m
	mustUser(t, ts, account.User{Email: "coord@toulouse.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	coord := signIn(t, ts, m, "coord@toulouse.fr")
	for i, h := range odd {
		id := "h-" + string(rune('a'+i))
		form := formOf(ts, id)
		form.Set("telephone", "05 61 00 00 0"+string(rune('0'+i)))
		if res := postForm(t, ts, "/lieux/"+id+"/modifier", form, coord); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %d %s", id, res.StatusCode, res.Body)
			continue
		}
		if l := mustLieu(t, ts, id); l.Horaires != h {
			t.Errorf("%q became %q when the phone was saved", h, l.Horaires)
		}
	}
	for _, tt := range []struct{ field, value string }{{"horaires_osm", "Su 12:00-10:00"}, {"h-Su-de1", "12:00"}} {
		form := formOf(ts, "h-d")
		form.Set(tt.field, tt.value)
		if tt.field == "h-Su-de1" {
			form.Set("h-Su-a1", "10:00")
		}
		res := postForm(t, ts, "/lieux/h-d/modifier", form, coord)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "avant l&#39;ouverture") {
			t.Errorf("%s = %s: %d", tt.field, tt.value, res.StatusCode)
		}
	}
	if l := mustLieu(t, ts, "h-d"); strings.Contains(l.Horaires, "Su") {
		t.Errorf("published: %q", l.Horaires)
	}
}

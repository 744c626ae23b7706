package web

import (
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
)

// A stored value the rules refuse (hours an import kept as written) does
// not block an edit that leaves it alone: it is shown as information; the
// same value typed by the person is still refused.
func TestUntouchedStoredProblemDoesNotBlockEdit(t *testing.T) {
	const unreadable = "lundi au vendredi 9h-12h"
	ts := newTestServer(t, lieu("odd-1", 43.6, 1.44, func(l *place.Lieu) {
		l.Commune, l.CodeINSEE, l.CodePostal, l.Horaires = "Toulouse", "31555", "31000", unreadable
	}), lieu("ok-1", 43.6, 1.44, func(l *place.Lieu) {
		l.Commune, l.CodeINSEE, l.CodePostal, l.Horaires = "Toulouse", "31555", "31000", "Mo-Fr 09:00-12:00"
	}))
	m := &fakeMail{}
	ts.cfg.Mail = m
	mustUser(t, ts, account.User{Email: "coord@toulouse.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	coord := signIn(t, ts, m, "coord@toulouse.fr")

	form := formOf(ts, "odd-1")
	form.Set("nom", "Nouveau nom")
	if res := postForm(t, ts, "/lieux/odd-1/modifier", form, coord); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("renaming a place with stored unreadable hours: %d %s", res.StatusCode, res.Body)
	}
	if l := mustLieu(t, ts, "odd-1"); l.Nom != "Nouveau nom" || l.Horaires != unreadable {
		t.Errorf("after renaming: nom %q, horaires %q", l.Nom, l.Horaires)
	}

	// Another change that is refused: the stored problem is information.
	form = formOf(ts, "odd-1")
	form.Set("code_postal", "pas un code")
	res := postForm(t, ts, "/lieux/odd-1/modifier", form, coord)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad postcode: %d", res.StatusCode)
	}
	errs, info, _ := strings.Cut(res.Body, `id="a-verifier"`)
	if strings.Contains(errs, "horaires illisibles") || !strings.Contains(info, "horaires illisibles") || !strings.Contains(info, "non modifiée") {
		t.Errorf("stored hours shown as an error of the form, or not shown as information: %s", res.Body)
	}

	// The same unreadable hours typed over readable ones are refused.
	form = formOf(ts, "ok-1")
	form.Del("grille")
	form.Set("horaires_osm", unreadable)
	if res := postForm(t, ts, "/lieux/ok-1/modifier", form, coord); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "horaires illisibles") {
		t.Errorf("typed unreadable hours: %d", res.StatusCode)
	}
	if l := mustLieu(t, ts, "ok-1"); l.Horaires != "Mo-Fr 09:00-12:00" {
		t.Errorf("published: %q", l.Horaires)
	}
}

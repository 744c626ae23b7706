package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
)

// Claims approved at once by e-mail domain: only the place's own website
// domain counts, never a mail provider, and only for a few places.
func TestClaimByDomain(t *testing.T) {
	site := func(id, web, mail string) place.Lieu {
		return lieu(id, 43.6, 1.44, func(l *place.Lieu) {
			l.Commune, l.CodeINSEE, l.CodePostal = "Toulouse", "31555", "31000"
			l.SiteWeb, l.Courriels = nil, nil
			if web != "" {
				l.SiteWeb = []string{web}
			}
			if mail != "" {
				l.Courriels = []string{mail}
			}
		})
	}
	ls := []place.Lieu{
		site("webmail-1", "", "epn.capitole@gmx.fr"),
		site("webmail-2", "", "mediatheque@live.com"),
		site("webmail-3", "", "asso@me.com"),
		site("webmail-4", "", "tiers-lieu@bbox.fr"),
		site("perso-1", "http://epn-toulouse.free.fr/", ""),
		site("mail-only", "", "contact@asso-relais.fr"),
		site("mairie-1", "https://www.ville-exemple.fr/epn", ""),
		site("mairie-2", "https://ville-exemple.fr/mediatheque", ""),
		site("mairie-3", "https://culture.ville-exemple.fr/", ""),
		site("mairie-4", "https://www.ville-exemple.fr/france-services", ""),
	}
	ts := newTestServer(t, ls...)
	m := &fakeMail{}
	ts.cfg.Mail = m
	for _, email := range []string{"quidam@gmx.fr", "quidam@live.com", "quidam@me.com", "quidam@bbox.fr", "quidam@free.fr", "benevole@asso-relais.fr", "agent@ville-exemple.fr"} {
		mustUser(t, ts, account.User{Email: email, Role: account.Contributeur})
	}
	cookies := map[string]string{}
	claim := func(email, id string) string {
		t.Helper()
		if cookies[email] == "" {
			cookies[email] = signIn(t, ts, m, email)
		}
		res := postForm(t, ts, "/lieux/"+id+"/revendiquer", nil, cookies[email])
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s claims %s: %d", email, id, res.StatusCode)
		}
		return res.Header.Get("Location")
	}
	for _, tt := range []struct{ email, id string }{
		{"quidam@gmx.fr", "webmail-1"}, {"quidam@live.com", "webmail-2"}, {"quidam@me.com", "webmail-3"}, {"quidam@bbox.fr", "webmail-4"},
		{"quidam@free.fr", "perso-1"},
		// The place's e-mail is not its own domain's proof: a website is.
		{"benevole@asso-relais.fr", "mail-only"},
	} {
		if loc := claim(tt.email, tt.id); strings.Contains(loc, "revendique-auto") {
			t.Errorf("%s is approved at once on %s", tt.email, tt.id)
		}
	}
	var auto []string
	for _, id := range []string{"mairie-1", "mairie-2", "mairie-3", "mairie-4"} {
		if strings.Contains(claim("agent@ville-exemple.fr", id), "revendique-auto") {
			auto = append(auto, id)
		}
	}
	if want := []string{"mairie-1", "mairie-2", "mairie-3"}; fmt.Sprint(auto) != fmt.Sprint(want) {
		t.Errorf("approved at once: %v, want %v (then a coordinator decides)", auto, want)
	}
	u, err := ts.store.UserByEmail(context.Background(), "agent@ville-exemple.fr")
	if err != nil {
		t.Fatal(err)
	}
	claims, err := ts.store.Claims(context.Background(), "en_attente", u.ID)
	if err != nil || len(claims) != 1 || claims[0].LieuID != "mairie-4" {
		t.Errorf("pending: %+v %v", claims, err)
	}
}

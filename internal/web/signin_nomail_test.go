package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
)

// Without a public address serve sends no sign-in link: the page says so,
// the same for an address with or without an account, instead of "a link
// has just been sent".
func TestSignInWithoutPublicURLSaysNoLinkLeaves(t *testing.T) {
	ts, m := withMail(t)
	ts.cfg.BaseURL = ""
	mustUser(t, ts, account.User{Email: "epn@exemple.fr", Role: account.Contributeur})
	if page := getAs(t, ts, "/connexion", ""); !strings.Contains(page.Body, "envoi de liens de connexion est désactivé sur ce serveur") {
		t.Errorf("the sign-in page does not warn that no link can leave")
	}
	var bodies []string
	for _, email := range []string{"epn@exemple.fr", "personne@exemple.fr"} {
		res := postForm(t, ts, "/connexion", url.Values{"email": {email}}, "")
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "vient d&#39;y être envoyé") || strings.Contains(res.Body, "vient d'y être envoyé") ||
			!strings.Contains(res.Body, "aucun lien n'a été envoyé") {
			t.Errorf("%s: %d %s", email, res.StatusCode, res.Body)
		}
		bodies = append(bodies, strings.ReplaceAll(res.Body, email, "ADRESSE"))
	}
	if bodies[0] != bodies[1] {
		t.Errorf("the answer tells whether an account exists")
	}
	if err := ts.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := m.count(); n != 0 {
		t.Errorf("%d e-mails sent", n)
	}
}

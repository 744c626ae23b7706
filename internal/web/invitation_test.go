package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
)

// The message sent to a new account is an invitation: it says who invited,
// what maillage is and how to sign in later, never to ignore it, and its
// link lasts days, not 15 minutes.
func TestInvitationMail(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Name: "Ada Lovelace", Role: account.Administrateur})
	admin := signIn(t, ts, m, "ada@hub.fr")
	res := postForm(t, ts, "/admin/comptes", url.Values{"email": {"nouveau@tarn.fr"}, "role": {"contributeur"}}, admin)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	link, err := url.Parse(m.waitFor(t, "nouveau@tarn.fr"))
	if err != nil {
		t.Fatal(err)
	}
	m.mu.Lock()
	body := m.sent[len(m.sent)-1]
	m.mu.Unlock()
	for _, want := range []string{"Ada Lovelace (ada@hub.fr) vous a créé un compte", "médiation numérique", "7 jours",
		"http://maillage.test/connexion\n", "Contributeur (une structure)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the invitation lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "ignorez ce message") || strings.Contains(body, "15 minutes") {
		t.Errorf("the invitation reads as a sign-in link:\n%s", body)
	}
	// Two days later, the link still signs in.
	ts.cfg.Now = func() time.Time { return monday10h.Add(48 * time.Hour) }
	res = postForm(t, ts, "/connexion/lien", url.Values{"jeton": {link.Query().Get("jeton")}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("the invitation two days later: %d %s", res.StatusCode, res.Body)
	}
}

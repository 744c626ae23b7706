package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
)

// hostileHeaders are what a request may claim about the site's address.
var hostileHeaders = []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "attacker.example", "Forwarded", "host=attacker.example;proto=https",
	"Referer", "https://attacker.example/recherche?ou=Albi", "X-Forwarded-For", "203.0.113.9"}

func hostileRequest(t *testing.T, method, path string, form url.Values) *http.Request {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	req.Host = "attacker.example"
	for i := 0; i+1 < len(hostileHeaders); i += 2 {
		req.Header.Set(hostileHeaders[i], hostileHeaders[i+1])
	}
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	return req
}

// Links that leave the site (e-mails, QR codes, embed snippets) come from
// the configured public address only: a request with Host:
// attacker.example never gets a sign-in link to that host e-mailed to the
// administrator, and without a public address no e-mail is sent at all.
func TestLinksNeverFromRequestHeaders(t *testing.T) {
	for _, base := range []string{"", "https://maillage.example"} {
		t.Run("base="+base, func(t *testing.T) {
			ts, m := withMail(t)
			ts.cfg.BaseURL = base
			mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
			res := ts.do(t, hostileRequest(t, "POST", "/connexion", url.Values{"email": {"ada@hub.fr"}}))
			said := "un lien de connexion vient d"
			if base == "" {
				said = "aucun lien n'a été envoyé"
			}
			if res.StatusCode != 200 || !strings.Contains(res.Body, said) {
				t.Fatalf("asking for a link: %d", res.StatusCode)
			}
			for _, path := range []string{"/lieux/tls-1/fiche", "/fiche?ou=Toulouse", "/integrer?ou=Albi", "/lieux/tls-1", "/connexion"} {
				res := ts.do(t, hostileRequest(t, "GET", path, nil))
				if res.StatusCode != 200 {
					t.Fatalf("%s: %d", path, res.StatusCode)
				}
				if strings.Contains(res.Body, "attacker") {
					t.Errorf("%s shows the request's host", path)
				}
				if base != "" && path != "/lieux/tls-1" && path != "/connexion" && !strings.Contains(res.Body, base+"/") {
					t.Errorf("%s lacks the public address", path)
				}
			}
			if err := ts.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			if base == "" {
				if len(m.sent) != 0 {
					t.Errorf("without a public address, e-mails were sent: %q", m.sent)
				}
				return
			}
			if len(m.sent) != 1 || !strings.Contains(m.sent[0], "\n"+base+"/connexion/lien?jeton=") || strings.Contains(m.sent[0], "attacker") {
				t.Errorf("sent %q", m.sent)
			}
		})
	}
}

// Cookies are Secure whenever the public address is https, whatever the
// request says of its scheme.
func TestCookiesSecureWithHTTPSPublicURL(t *testing.T) {
	for _, tc := range []struct {
		base   string
		secure bool
	}{{"https://maillage.example", true}, {"http://localhost:8080", false}} {
		ts, m := withMail(t)
		ts.cfg.BaseURL = tc.base
		mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
		postForm(t, ts, "/connexion", url.Values{"email": {"ada@hub.fr"}}, "")
		link, err := url.Parse(m.waitFor(t, "ada@hub.fr"))
		if err != nil {
			t.Fatal(err)
		}
		res := postForm(t, ts, "/connexion/lien", url.Values{"jeton": {link.Query().Get("jeton")}}, "")
		out := postForm(t, ts, "/deconnexion", nil, "whatever")
		for _, c := range append(res.Cookies(), out.Cookies()...) {
			if c.Name == sessionCookie && c.Secure != tc.secure {
				t.Errorf("%s: cookie %+v, want Secure=%v", tc.base, c, tc.secure)
			}
		}
		if len(res.Cookies())+len(out.Cookies()) < 2 {
			t.Errorf("%s: cookies %v %v", tc.base, res.Cookies(), out.Cookies())
		}
	}
}

// A place's page links back to the search it was found in through its
// own parameter, never through the Referer.
func TestBackToSearchWithoutReferer(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res := ts.get(t, "/recherche?ou=Toulouse")
	want := `href="/lieux/tls-1?retour=%2Frecherche%3Fou%3DToulouse"`
	if !strings.Contains(res.Body, want) {
		t.Fatalf("results lack %s", want)
	}
	for retour, back := range map[string]string{
		"/recherche?ou=Toulouse": `href="/recherche?ou=Toulouse"`,
		"//evil.example/x":       `href="/"`,
		"/espace/supprimer":      `href="/"`,
		"":                       `href="/"`,
	} {
		res := ts.get(t, "/lieux/tls-1?"+url.Values{"retour": {retour}}.Encode(), "Referer", "http://example.com/recherche?ou=Albi")
		if !strings.Contains(res.Body, `<p class="fil"><a `+back+`>`) {
			t.Errorf("retour=%q: back link is not %s", retour, back)
		}
	}
}

// Without a public address, creating an account says that no link left.
func TestInvitationWithoutPublicURL(t *testing.T) {
	ts, m := withMail(t)
	ts.cfg.BaseURL = ""
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}), monday10h)
	res := postForm(t, ts, "/admin/comptes", url.Values{"email": {"epn@exemple.fr"}, "role": {"contributeur"}}, admin)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "compte-cree-sans-lien") {
		t.Fatalf("create: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if page := getAs(t, ts, res.Header.Get("Location"), admin); !strings.Contains(page.Body, "aucun lien n&#39;a été envoyé") {
		t.Errorf("the page does not say no link left")
	}
	if err := ts.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := m.count(); n != 0 {
		t.Errorf("%d e-mails sent", n)
	}
}

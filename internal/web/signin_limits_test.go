package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
)

// clock is a test clock that can be moved forward.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func postFrom(t *testing.T, ts *testServer, remote, path string, form url.Values) response {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.RemoteAddr = remote
	return ts.do(t, req)
}

// Anonymous requests with someone's address used to block both link and
// password sign-in for that account for an hour. Now they only space out
// the e-mails (and a link already sent works), and password failures slow
// down the attempts on the account, except from a browser where the owner
// signed in before.
func TestNoSignInLockout(t *testing.T) {
	const stranger, owner = "203.0.113.66:1000", "198.51.100.7:2000"
	ts, m := withMail(t)
	c := &clock{t: monday10h}
	ts.cfg.Now = c.now
	secret := account.NewTOTPSecret()
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur,
		PasswordHash: account.HashPassword("une phrase de passe longue"), TOTPSecret: secret})

	// A stranger asks for links ten times: one e-mail goes, all answers alike.
	for i := 0; i < 10; i++ {
		res := postFrom(t, ts, stranger, "/connexion", url.Values{"email": {"ada@hub.fr"}})
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "un lien de connexion vient d") {
			t.Fatalf("request %d: %d", i, res.StatusCode)
		}
	}
	// The owner asks too: the answer is the same, and the link in the
	// mailbox works.
	if res := postFrom(t, ts, owner, "/connexion", url.Values{"email": {"ada@hub.fr"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("owner's request: %d", res.StatusCode)
	}
	if err := ts.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := m.count(); n != 1 {
		t.Errorf("%d e-mails for 11 requests, want 1", n)
	}
	link, err := url.Parse(m.waitFor(t, "ada@hub.fr"))
	if err != nil {
		t.Fatal(err)
	}
	signedIn := postFrom(t, ts, owner, "/connexion/lien", url.Values{"jeton": {link.Query().Get("jeton")}})
	if signedIn.StatusCode != http.StatusSeeOther {
		t.Errorf("owner's link after the stranger's requests: %d", signedIn.StatusCode)
	}
	device := cookieNamed(signedIn, deviceCookie)
	if device == nil {
		t.Fatal("no known-browser cookie after a sign-in by link")
	}

	// The stranger fails at the password: they are slowed down, with a
	// French message and Retry-After; the owner signs in at once.
	var last response
	for i := 0; i < 8; i++ {
		last = postFrom(t, ts, stranger, "/connexion/mot-de-passe", url.Values{"email": {"ada@hub.fr"}, "mot_de_passe": {"devinette"}, "code": {"000000"}})
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || !strings.Contains(last.Body, "réessayez dans 1 seconde") {
		t.Errorf("stranger's failures: %d %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
	res := postWith(t, ts, owner, "/connexion/mot-de-passe", url.Values{"email": {"ada@hub.fr"}, "mot_de_passe": {"une phrase de passe longue"},
		"code": {account.TOTPCode(secret, c.now())}}, device)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("owner's password sign-in after the stranger's failures: %d", res.StatusCode)
	}
	// The stranger's wait doubles with each failure after it.
	c.add(2 * time.Second)
	postFrom(t, ts, stranger, "/connexion/mot-de-passe", url.Values{"email": {"ada@hub.fr"}, "mot_de_passe": {"x"}, "code": {"1"}})
	if res := postFrom(t, ts, stranger, "/connexion/mot-de-passe", url.Values{"email": {"ada@hub.fr"}}); res.Header.Get("Retry-After") != "2" {
		t.Errorf("second wait: %q", res.Header.Get("Retry-After"))
	}
}

package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
)

// signInForm is a password sign-in with the current TOTP code.
func signInForm(email, password, secret string, now time.Time) url.Values {
	return url.Values{"email": {email}, "mot_de_passe": {password}, "code": {account.TOTPCode(secret, now)}}
}

// postWith posts a form from a client address with cookies.
func postWith(t *testing.T, ts *testServer, remote, path string, form url.Values, cookies ...*http.Cookie) response {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.RemoteAddr = remote
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return ts.do(t, req)
}

func cookieNamed(res response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Many people share one public address (a médiathèque, a France Services):
// requests from that address for other accounts never keep one of them
// from signing in, by link or by password.
func TestSharedAddressNoLockout(t *testing.T) {
	const shared = "203.0.113.10:4000"
	ts, m := withMail(t)
	c := &clock{t: monday10h}
	ts.cfg.Now = c.now
	secret := account.NewTOTPSecret()
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Contributeur,
		PasswordHash: account.HashPassword("une phrase de passe longue"), TOTPSecret: secret})
	for i := 1; i <= 40; i++ {
		res := postFrom(t, ts, shared, "/connexion", url.Values{"email": {fmt.Sprintf("x%d@exemple.fr", i)}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("request %d for another address: %d", i, res.StatusCode)
		}
	}
	if res := postFrom(t, ts, shared, "/connexion", url.Values{"email": {"ada@hub.fr"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("link request for an address not spammed: %d", res.StatusCode)
	}
	m.waitFor(t, "ada@hub.fr")
	res := postFrom(t, ts, shared, "/connexion/mot-de-passe", signInForm("ada@hub.fr", "une phrase de passe longue", secret, c.now()))
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("password sign-in with correct credentials from the shared address: %d", res.StatusCode)
	}
}

// Password guessing is slowed per account, whatever addresses the guesses
// come from; the owner is not locked out: a browser where they signed in
// before is not slowed by others' failures, and a sign-in link is always
// possible.
func TestPasswordGuessingSlowedPerAccount(t *testing.T) {
	ts, m := withMail(t)
	c := &clock{t: monday10h}
	ts.cfg.Now = c.now
	secret := account.NewTOTPSecret()
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Contributeur,
		PasswordHash: account.HashPassword("une phrase de passe longue"), TOTPSecret: secret})
	// The owner signs in once on their computer: it is known from then on.
	res := postWith(t, ts, "198.51.100.7:1", "/connexion/mot-de-passe", signInForm("ada@hub.fr", "une phrase de passe longue", secret, c.now()))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first sign-in: %d", res.StatusCode)
	}
	device := cookieNamed(res, deviceCookie)
	if device == nil || !device.HttpOnly {
		t.Fatalf("no known-device cookie after sign-in: %v", res.Cookies())
	}
	c.add(time.Minute) // a new TOTP step

	// Guesses from many addresses: after a few, every one waits.
	var last response
	for i := 0; i < 12; i++ {
		last = postWith(t, ts, fmt.Sprintf("192.0.2.%d:5000", i+1), "/connexion/mot-de-passe",
			url.Values{"email": {"ada@hub.fr"}, "mot_de_passe": {"devinette"}, "code": {"000000"}})
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" ||
		!strings.Contains(last.Body, "lien de connexion") {
		t.Errorf("guesses from many addresses: %d Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
	// The owner on their known computer signs in at once.
	res = postWith(t, ts, "203.0.113.99:1", "/connexion/mot-de-passe", signInForm("ada@hub.fr", "une phrase de passe longue", secret, c.now()), device)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("owner on a known browser during the guesses: %d", res.StatusCode)
	}
	// And can always have a link.
	before := m.count()
	if res := postFrom(t, ts, "192.0.2.1:5000", "/connexion", url.Values{"email": {"ada@hub.fr"}}); res.StatusCode != http.StatusOK {
		t.Errorf("link request during the guesses: %d", res.StatusCode)
	}
	if err := ts.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if m.count() != before+1 {
		t.Errorf("no link sent during the guesses")
	}
	// The wait ends: after it, an attempt is judged again.
	c.add(16 * time.Minute)
	res = postWith(t, ts, "192.0.2.200:1", "/connexion/mot-de-passe", signInForm("ada@hub.fr", "une phrase de passe longue", secret, c.now()))
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("correct credentials once the wait is over: %d", res.StatusCode)
	}
}

// The limits are in the database: two servers on one database share them.
func TestSignInLimitsAcrossInstances(t *testing.T) {
	a, m := withMail(t)
	c := &clock{t: monday10h}
	a.cfg.Now = c.now
	b, err := NewServer(context.Background(), Config{Store: a.store, Now: c.now, VendorDir: "testdata/npm", DownloadDir: t.TempDir(),
		BaseURL: "http://maillage.test", Mail: m, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	tb := &testServer{Server: b, h: b.Handler(), store: a.store}
	mustUser(t, a, account.User{Email: "ada@hub.fr", Role: account.Contributeur,
		PasswordHash: account.HashPassword("une phrase de passe longue"), TOTPSecret: account.NewTOTPSecret()})
	for i := 0; i < 6; i++ {
		ts := []*testServer{a, tb}[i%2]
		postFrom(t, ts, "192.0.2.1:1", "/connexion", url.Values{"email": {"ada@hub.fr"}})
	}
	for _, ts := range []*testServer{a, tb} {
		if err := ts.Shutdown(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if n := m.count(); n != 1 {
		t.Errorf("%d e-mails for 6 requests on two servers within a minute, want 1", n)
	}
	var last response
	for i := 0; i < 12; i++ {
		ts := []*testServer{a, tb}[i%2]
		last = postFrom(t, ts, "192.0.2.1:1", "/connexion/mot-de-passe", url.Values{"email": {"ada@hub.fr"}, "mot_de_passe": {"x"}, "code": {"1"}})
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Errorf("12 failures split over two servers: %d, want 429", last.StatusCode)
	}
}

// E-mails to one address have a daily ceiling on top of their spacing.
func TestMailCeilingPerAddress(t *testing.T) {
	ts, m := withMail(t)
	c := &clock{t: monday10h}
	ts.cfg.Now = c.now
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Contributeur})
	mustUser(t, ts, account.User{Email: "bob@hub.fr", Role: account.Contributeur})
	for i := 0; i < 24*60/5; i++ { // a day, a request every 5 minutes
		postFrom(t, ts, "192.0.2.1:1", "/connexion", url.Values{"email": {"ada@hub.fr"}})
		c.add(5 * time.Minute)
	}
	postFrom(t, ts, "192.0.2.1:1", "/connexion", url.Values{"email": {"bob@hub.fr"}})
	if err := ts.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	n := m.count() - 1
	if n > account.MailsPerDay || n < 10 {
		t.Errorf("%d e-mails to one address in a day, want between 10 and %d", n, account.MailsPerDay)
	}
	m.waitFor(t, "bob@hub.fr")
}

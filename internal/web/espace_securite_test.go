package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
)

// session opens a session for an account, created at a given time.
func session(t *testing.T, ts *testServer, userID int64, created time.Time) string {
	t.Helper()
	token, hash := account.NewToken()
	if err := ts.store.AddSession(context.Background(), account.Session{Hash: hash, UserID: userID, Created: created, LastSeen: created}); err != nil {
		t.Fatal(err)
	}
	return token
}

// A stolen session alone cannot replace the password and the TOTP secret:
// the current ones are asked for; once replaced, the account's other
// sessions are closed and the journal says so.
func TestCredentialsNeedCurrentFactors(t *testing.T) {
	ctx := context.Background()
	ts := newTestServer(t, fixture()...)
	c := &clock{t: monday10h}
	ts.cfg.Now = c.now
	oldSecret := account.NewTOTPSecret()
	id := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur,
		PasswordHash: account.HashPassword("une phrase de passe longue"), TOTPSecret: oldSecret})
	stolen, other := session(t, ts, id, monday10h), session(t, ts, id, monday10h)
	c.add(time.Hour)
	newSecret := account.NewTOTPSecret()
	replace := url.Values{"secret": {newSecret}, "mot_de_passe": {"la phrase du voleur, longue"}, "confirmation": {"la phrase du voleur, longue"},
		"code": {account.TOTPCode(newSecret, c.now())}}
	unchanged := func(why string) {
		t.Helper()
		u, err := ts.store.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if u.TOTPSecret != oldSecret || !account.CheckPassword(u.PasswordHash, "une phrase de passe longue") {
			t.Errorf("%s: the credentials were replaced", why)
		}
	}
	if res := postForm(t, ts, "/espace/securite", replace, stolen); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "mot de passe actuel") {
		t.Errorf("without the current factors: %d", res.StatusCode)
	}
	unchanged("without the current factors")
	wrong := url.Values{}
	for k, v := range replace {
		wrong[k] = v
	}
	wrong.Set("mot_de_passe_actuel", "une phrase de passe longue")
	wrong.Set("code_actuel", "000000")
	if res := postForm(t, ts, "/espace/securite", wrong, stolen); res.StatusCode != http.StatusForbidden {
		t.Errorf("with a wrong current code: %d", res.StatusCode)
	}
	unchanged("with a wrong current code")

	// The owner gives the current ones: replaced, other sessions closed.
	good := url.Values{}
	for k, v := range replace {
		good[k] = v
	}
	good.Set("mot_de_passe_actuel", "une phrase de passe longue")
	good.Set("code_actuel", account.TOTPCode(oldSecret, c.now()))
	if res := postForm(t, ts, "/espace/securite", good, stolen); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the current factors: %d %s", res.StatusCode, res.Body)
	}
	if u, err := ts.store.User(ctx, id); err != nil || u.TOTPSecret != newSecret {
		t.Errorf("not replaced: %v", err)
	}
	if res := getAs(t, ts, "/espace", other); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the other session survives: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/espace", stolen); res.StatusCode != http.StatusOK {
		t.Errorf("the session that changed them is closed: %d", res.StatusCode)
	}
	entries, err := ts.store.Audit(ctx, "compte", strconv.FormatInt(id, 10))
	if err != nil {
		t.Fatal(err)
	}
	var journaled, revoked bool
	for _, e := range entries {
		journaled = journaled || e.Action == "compte.identifiants_modifies" && strings.Contains(string(e.After), `"autres_sessions_fermees":1`)
		revoked = revoked || e.Action == "session.revoquee"
	}
	if !journaled || !revoked {
		t.Errorf("journal: %+v", entries)
	}
}

// Adding a password and a code to an account that has none asks for a
// sign-in of less than 15 minutes (the link is then the current factor).
func TestFirstCredentialsNeedFreshSignIn(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	c := &clock{t: monday10h}
	ts.cfg.Now = c.now
	id := mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	old, other := session(t, ts, id, monday10h), session(t, ts, id, monday10h)
	c.add(time.Hour)
	secret := account.NewTOTPSecret()
	form := url.Values{"secret": {secret}, "mot_de_passe": {"une phrase de passe longue"}, "confirmation": {"une phrase de passe longue"},
		"code": {account.TOTPCode(secret, c.now())}}
	if res := postForm(t, ts, "/espace/securite", form, old); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "reconnectez-vous") {
		t.Errorf("an hour-old session adds credentials: %d", res.StatusCode)
	}
	fresh := session(t, ts, id, c.now().Add(-time.Minute))
	if res := postForm(t, ts, "/espace/securite", form, fresh); res.StatusCode != http.StatusSeeOther {
		t.Errorf("fresh session: %d %s", res.StatusCode, res.Body)
	}
	for _, s := range []string{old, other} {
		if res := getAs(t, ts, "/espace", s); res.StatusCode != http.StatusSeeOther {
			t.Errorf("another session survives: %d", res.StatusCode)
		}
	}
}

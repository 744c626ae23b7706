package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
)

// bearerGet asks path with the given Authorization header values (none:
// no header) and session cookie.
func bearerGet(t *testing.T, ts *testServer, path, cookie string, authorization ...string) response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for _, a := range authorization {
		req.Header.Add("Authorization", a)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	}
	return ts.do(t, req)
}

// API routes of accounts take an API token, and only that: a missing,
// malformed, unknown or revoked token, a deleted account's, or a session
// cookie alone get a 401 in JSON with the challenge; the token's account
// acts, whoever the cookie names.
func TestBearerAuthentication(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	ada := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.LieuQualifie, Structure: "EPN du Capitole"})
	admin := mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	token, made, err := ts.store.CreateAPIToken(ctx, ada, "caisse", monday10h.Add(-time.Hour), "test")
	if err != nil {
		t.Fatal(err)
	}
	cookie, hash := account.NewToken()
	if err := ts.store.AddSession(ctx, account.Session{Hash: hash, UserID: admin, Created: monday10h, LastSeen: monday10h}); err != nil {
		t.Fatal(err)
	}

	type compte struct {
		Compte struct {
			ID                        int64
			Courriel, Role, Structure string
		}
		Jeton struct{ ID int64 }
	}
	for _, tt := range []struct {
		name          string
		cookie        string
		authorization []string
	}{
		{"token", "", []string{"Bearer " + token}},
		{"scheme in lower case, two spaces", "", []string{"bearer  " + token}},
		{"token and another account's cookie", cookie, []string{"Bearer " + token}},
	} {
		res := bearerGet(t, ts, "/api/v1/compte", tt.cookie, tt.authorization...)
		var got compte
		decode(t, res.Body, &got)
		if res.StatusCode != 200 || got.Compte.ID != ada || got.Compte.Courriel != "ada@hub.fr" || got.Compte.Role != "lieu_qualifie" ||
			got.Compte.Structure != "EPN du Capitole" || got.Jeton.ID != made.ID {
			t.Errorf("%s: %d %s", tt.name, res.StatusCode, res.Body)
		}
		if res.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s: Cache-Control %q", tt.name, res.Header.Get("Cache-Control"))
		}
	}
	// The use is recorded (once a minute at most).
	res := bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+token)
	if !strings.Contains(res.Body, `"nom":"caisse"`) || !strings.Contains(res.Body, `"dernier_usage":"2026-`) {
		t.Errorf("token described as %s", res.Body)
	}

	refused := func(name, cookie, wantChallenge, wantMessage string, authorization ...string) {
		t.Helper()
		res := bearerGet(t, ts, "/api/v1/compte", cookie, authorization...)
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") != wantChallenge ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
			!strings.Contains(res.Body, `"code":"non_authentifie"`) || !strings.Contains(res.Body, wantMessage) {
			t.Errorf("%s: %d %q %s", name, res.StatusCode, res.Header.Get("WWW-Authenticate"), res.Body)
		}
	}
	const missing, invalid = `Bearer realm="maillage"`, `Bearer realm="maillage", error="invalid_token"`
	refused("nothing", "", missing, "Jeton d'accès manquant")
	refused("session cookie alone", cookie, missing, "Jeton d'accès manquant")
	refused("basic", "", missing, "Jeton d'accès manquant", "Basic YWRhOnNlY3JldA==")
	refused("token without scheme", "", missing, "Jeton d'accès manquant", token)
	refused("scheme without token", "", missing, "Jeton d'accès manquant", "Bearer ")
	refused("two headers", "", missing, "Jeton d'accès manquant", "Bearer "+token, "Bearer "+token)
	refused("session token as bearer", "", invalid, "inconnu ou révoqué", "Bearer "+cookie)
	refused("token in upper case", "", invalid, "inconnu ou révoqué", "Bearer "+strings.ToUpper(token))
	other, _ := account.NewAPIToken()
	refused("unknown token", "", invalid, "inconnu ou révoqué", "Bearer "+other)
	if err := ts.store.RevokeAPIToken(ctx, ada, made.ID, "test"); err != nil {
		t.Fatal(err)
	}
	refused("revoked token", "", invalid, "inconnu ou révoqué", "Bearer "+token)
	bob := mustUser(t, ts, account.User{Email: "bob@hub.fr", Role: account.Distributeur})
	bobToken, _, err := ts.store.CreateAPIToken(ctx, bob, "", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.store.DeleteUser(ctx, bob, "test"); err != nil {
		t.Fatal(err)
	}
	refused("deleted account's token", "", invalid, "inconnu ou révoqué", "Bearer "+bobToken)

	// Pages never read the header.
	adaToken, _, err := ts.store.CreateAPIToken(ctx, ada, "", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	if res := bearerGet(t, ts, "/espace", "", "Bearer "+adaToken); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
		t.Errorf("a page with a token: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := bearerGet(t, ts, "/", "", "Bearer "+adaToken); strings.Contains(res.Body, "Se déconnecter") {
		t.Errorf("a public page shows the token's account as signed in")
	}
}

// A token is never written to the server's log, nor its hash: neither
// when it is made on the account's page, nor used, nor refused, nor
// revoked.
func TestAPITokenNotLogged(t *testing.T) {
	ts, m := withMail(t)
	var logs lockedBuffer
	ts.log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts.cfg.Logger = ts.log
	ada := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.LieuQualifie})
	cookie := signIn(t, ts, m, "ada@hub.fr")
	res := postForm(t, ts, "/espace/jetons", url.Values{"nom": {"caisse"}}, cookie)
	token := tokenOnPage(t, res)
	bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+token)
	bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+token+"x")
	bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+strings.Replace(token, "a", "b", 1))
	bearerGet(t, ts, "/api/v1/compte?jeton="+token, "", "Bearer "+token)
	list, err := ts.store.APITokens(context.Background(), ada)
	if err != nil || len(list) != 1 {
		t.Fatalf("%+v %v", list, err)
	}
	postForm(t, ts, "/espace/jetons/"+strconv.FormatInt(list[0].ID, 10)+"/revoquer", url.Values{"confirmer": {"oui"}}, cookie)
	bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+token)
	secret := strings.TrimPrefix(token, account.APITokenPrefix)
	if out := logs.String(); strings.Contains(out, secret[:12]) || strings.Contains(out, account.HashToken(token)[:12]) {
		t.Errorf("the log holds the token or its hash:\n%s", out)
	}
}

// tokenOnPage reads the token a page shows once.
func tokenOnPage(t *testing.T, res response) string {
	t.Helper()
	i := strings.Index(res.Body, account.APITokenPrefix)
	if res.StatusCode != 200 || i < 0 {
		t.Fatalf("no token on the page: %d %s", res.StatusCode, res.Body)
	}
	token := res.Body[i : i+len(account.APITokenPrefix)+52]
	if !account.LooksLikeAPIToken(token) {
		t.Fatalf("token %q on the page", token)
	}
	return token
}

// FuzzBearerToken: the header's parser never fails, gives a token only
// from the Bearer scheme, and reads back what a client sends.
func FuzzBearerToken(f *testing.F) {
	token, _ := account.NewAPIToken()
	for _, s := range []string{"Bearer " + token, "bearer  " + token, "Basic abc", "Bearer", "Bearer ", " Bearer x", "Bearer\tx", "BEARER x y", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		got, ok := bearerToken(http.Header{"Authorization": {header}})
		if !ok {
			if got != "" {
				t.Errorf("%q: refused but gave %q", header, got)
			}
			return
		}
		if got == "" || strings.HasPrefix(got, " ") || !strings.HasSuffix(header, got) || len(header) < len("Bearer ")+len(got) ||
			!strings.EqualFold(header[:len("Bearer")], "Bearer") {
			t.Errorf("%q: read %q", header, got)
		}
		account.LooksLikeAPIToken(got)
		if again, ok := bearerToken(http.Header{"Authorization": {"Bearer " + got}}); !ok || again != got {
			t.Errorf("%q: sent again, read %q", got, again)
		}
	})
}

package web

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
)

// An account makes its API tokens on its page, sees each once, lists them
// with their uses, and revokes them after confirming; each step is
// journaled without the token.
func TestEspaceJetons(t *testing.T) {
	ts, m := withMail(t)
	ctx := context.Background()
	ada := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.LieuQualifie})
	cookie := signIn(t, ts, m, "ada@hub.fr")

	res := getAs(t, ts, "/espace", cookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Jetons d'accès à l'API") || !strings.Contains(res.Body, "Vous n'avez aucun jeton d'accès.") ||
		!strings.Contains(res.Body, `action="/espace/jetons"`) {
		t.Fatalf("espace: %d %s", res.StatusCode, res.Body)
	}

	res = postForm(t, ts, "/espace/jetons", url.Values{"nom": {"Logiciel de caisse"}}, cookie)
	token := tokenOnPage(t, res)
	if !strings.Contains(res.Body, "Jeton « Logiciel de caisse » créé") || !strings.Contains(res.Body, "il ne sera plus jamais affiché") ||
		!strings.Contains(res.Body, `curl -H "Authorization: Bearer `+token+`" http://maillage.test/api/v1/compte`) {
		t.Errorf("new token's page: %s", res.Body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("the token's page may be cached: %q", cc)
	}
	// The token works, and is never shown again.
	if res := bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+token); res.StatusCode != 200 {
		t.Fatalf("new token refused: %d %s", res.StatusCode, res.Body)
	}
	res = getAs(t, ts, "/espace", cookie)
	if strings.Contains(res.Body, token) || strings.Contains(res.Body, token[len(account.APITokenPrefix):len(account.APITokenPrefix)+8]) {
		t.Errorf("the account's page shows the token again")
	}
	if !strings.Contains(res.Body, "<caption>1 jeton valide</caption>") || !strings.Contains(res.Body, `<th scope="row">Logiciel de caisse</th><td>23 novembre 2026 à 10:00</td><td>23 novembre 2026 à 10:00</td>`) {
		t.Errorf("token listed as: %s", res.Body)
	}
	list, err := ts.store.APITokens(ctx, ada)
	if err != nil || len(list) != 1 {
		t.Fatalf("%+v %v", list, err)
	}
	id := strconv.FormatInt(list[0].ID, 10)
	if !strings.Contains(res.Body, `action="/espace/jetons/`+id+`/revoquer"`) {
		t.Errorf("no revocation form")
	}

	// A token without a name; refused names.
	if res := postForm(t, ts, "/espace/jetons", nil, cookie); res.StatusCode != 200 || !strings.Contains(res.Body, "Jeton créé.") {
		t.Errorf("token without a name: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/espace/jetons", url.Values{"nom": {strings.Repeat("x", 101)}}, cookie); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(res.Body, "Le nom du jeton est trop long : 101 caractères, 100 au plus.") || strings.Contains(res.Body, account.APITokenPrefix) {
		t.Errorf("long name: %d %s", res.StatusCode, res.Body)
	}

	// Revoking asks first, and only for the account's own tokens.
	res = postForm(t, ts, "/espace/jetons/"+id+"/revoquer", nil, cookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Vous allez révoquer le jeton « Logiciel de caisse »") ||
		!strings.Contains(res.Body, `name="confirmer" value="oui"`) {
		t.Errorf("confirmation: %d %s", res.StatusCode, res.Body)
	}
	if res := bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+token); res.StatusCode != 200 {
		t.Errorf("revoked before confirming: %d", res.StatusCode)
	}
	bob := mustUser(t, ts, account.User{Email: "bob@hub.fr", Role: account.Financeur})
	bobToken, bobMade, err := ts.store.CreateAPIToken(ctx, bob, "bob", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []url.Values{nil, {"confirmer": {"oui"}}} {
		if res := postForm(t, ts, "/espace/jetons/"+strconv.FormatInt(bobMade.ID, 10)+"/revoquer", form, cookie); res.StatusCode != http.StatusNotFound ||
			!strings.Contains(html.UnescapeString(res.Body), "Jeton d'accès introuvable ou déjà révoqué.") || strings.Contains(res.Body, "« bob »") {
			t.Errorf("another account's token (%v): %d %s", form, res.StatusCode, res.Body)
		}
	}
	if res := postForm(t, ts, "/espace/jetons/x/revoquer", nil, cookie); res.StatusCode != http.StatusNotFound {
		t.Errorf("no number: %d", res.StatusCode)
	}
	if res := bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+bobToken); res.StatusCode != 200 {
		t.Errorf("bob's token after ada's attempts: %d", res.StatusCode)
	}
	res = postForm(t, ts, "/espace/jetons/"+id+"/revoquer", url.Values{"confirmer": {"oui"}}, cookie)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/espace?message=jeton-revoque#jetons" {
		t.Fatalf("revocation: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := bearerGet(t, ts, "/api/v1/compte", "", "Bearer "+token); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", res.StatusCode)
	}
	res = getAs(t, ts, "/espace?message=jeton-revoque", cookie)
	if !strings.Contains(html.UnescapeString(res.Body), "Jeton révoqué : il ne donne plus accès à l'API.") || strings.Contains(res.Body, "Logiciel de caisse") {
		t.Errorf("after the revocation: %s", res.Body)
	}

	// A form from another site makes no token.
	req := httptest.NewRequest("POST", "/espace/jetons", strings.NewReader("nom=pi%C3%A8ge"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	if res := ts.do(t, req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site creation: %d", res.StatusCode)
	}

	entries, err := ts.store.Audit(ctx, "compte", strconv.FormatInt(ada, 10))
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Action == "jeton.cree" && e.Actor != "compte:"+strconv.FormatInt(ada, 10) {
			t.Errorf("made by %s", e.Actor)
		}
		if strings.Contains(string(e.After), token) {
			t.Errorf("the journal holds the token")
		}
	}
	if got := strings.Join(actions, " "); got != "compte.cree jeton.cree jeton.cree jeton.revoque" {
		t.Errorf("journal: %s", got)
	}
}

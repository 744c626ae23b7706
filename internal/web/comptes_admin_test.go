package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/failure"
)

// The only administrator can neither demote nor delete themselves: then
// nobody would administer. With a second one, both work.
func TestLastAdministratorStays(t *testing.T) {
	ts, m := withMail(t)
	ctx := context.Background()
	ada := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	cookie := signIn(t, ts, m, "ada@hub.fr")
	res := postForm(t, ts, fmt.Sprintf("/admin/comptes/%d", ada), url.Values{"role": {"coordinateur"}, "territoires": {"departement:31"}}, cookie)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "seul compte administrateur") {
		t.Errorf("demoting the only administrator: %d", res.StatusCode)
	}
	res = postForm(t, ts, "/espace/supprimer", url.Values{"confirmer": {"oui"}}, cookie)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "seul compte administrateur") {
		t.Errorf("deleting the only administrator: %d", res.StatusCode)
	}
	if u, err := ts.store.User(ctx, ada); err != nil || u.Role != account.Administrateur {
		t.Fatalf("the only administrator: %+v %v", u, err)
	}
	bob := mustUser(t, ts, account.User{Email: "bob@hub.fr", Role: account.Administrateur})
	if res := postForm(t, ts, fmt.Sprintf("/admin/comptes/%d", bob), url.Values{"role": {"contributeur"}}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Errorf("demoting another administrator: %d %s", res.StatusCode, res.Body)
	}
	if res := postForm(t, ts, fmt.Sprintf("/admin/comptes/%d", bob), url.Values{"role": {"administrateur"}}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Errorf("promoting: %d %s", res.StatusCode, res.Body)
	}
	if res := postForm(t, ts, "/espace/supprimer", url.Values{"confirmer": {"oui"}}, cookie); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Votre compte est supprimé") {
		t.Errorf("deleting oneself with another administrator: %d", res.StatusCode)
	}
	if _, err := ts.store.User(ctx, ada); err == nil {
		t.Errorf("the account is still there")
	}
}

// "Supprimer mon compte" asks first, then says what happened.
func TestDeleteOwnAccountAsksFirst(t *testing.T) {
	ts, m := withMail(t)
	ctx := context.Background()
	id := mustUser(t, ts, account.User{Email: "epn@exemple.fr", Name: "Camille", Role: account.Contributeur})
	cookie := signIn(t, ts, m, "epn@exemple.fr")
	res := postForm(t, ts, "/espace/supprimer", nil, cookie)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="confirmer" value="oui"`) || !strings.Contains(res.Body, "epn@exemple.fr") {
		t.Errorf("the confirmation page: %d", res.StatusCode)
	}
	if _, err := ts.store.User(ctx, id); err != nil {
		t.Fatalf("deleted without confirmation: %v", err)
	}
	res = postForm(t, ts, "/espace/supprimer", url.Values{"confirmer": {"oui"}}, cookie)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Votre compte est supprimé") || !strings.Contains(res.Body, account.Pseudonym(id)) {
		t.Errorf("after deletion: %d %s", res.StatusCode, res.Body)
	}
	cleared := false
	for _, c := range res.Cookies() {
		cleared = cleared || c.Name == sessionCookie && c.MaxAge < 0
	}
	if !cleared {
		t.Errorf("the session cookie is kept")
	}
	if _, err := ts.store.User(ctx, id); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("the account is still there: %v", err)
	}
}

// Claims in moderation name the account: name, address, structure.
func TestModerationNamesClaimant(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "benevole@gmail.com", Name: "Camille Martin", Structure: "Association Relais", Role: account.Contributeur})
	mustUser(t, ts, account.User{Email: "coord@toulouse.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	if res := postForm(t, ts, "/lieux/tls-1/revendiquer", nil, signIn(t, ts, m, "benevole@gmail.com")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.StatusCode)
	}
	q := getAs(t, ts, "/moderation", signIn(t, ts, m, "coord@toulouse.fr"))
	for _, want := range []string{"Camille Martin", "benevole@gmail.com", "Association Relais"} {
		if !strings.Contains(q.Body, want) {
			t.Errorf("the claim does not show %q", want)
		}
	}
	if strings.Contains(q.Body, "le compte ") {
		t.Errorf("the claim names an account number")
	}
}

// A contributor sees their pending proposals in their space.
func TestEspaceListsPendingProposals(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "benevole@gmail.com", Role: account.Contributeur})
	cookie := signIn(t, ts, m, "benevole@gmail.com")
	form := formOf(ts, "tls-1")
	form.Set("telephone", "05 61 00 00 00")
	if res := postForm(t, ts, "/lieux/tls-1/modifier", form, cookie); !strings.Contains(res.Header.Get("Location"), "propose") {
		t.Fatalf("proposal: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	nouveau := url.Values{"nom": {"Point numérique de Blagnac"}, "adresse": {"1 place de la Mairie"}, "code_postal": {"31700"}, "commune": {"Blagnac"}}
	if res := postForm(t, ts, "/contribuer/nouveau-lieu", nouveau, cookie); !strings.Contains(res.Header.Get("Location"), "propose") {
		t.Fatalf("new place: %d %s", res.StatusCode, res.Body)
	}
	page := getAs(t, ts, "/espace", cookie)
	for _, want := range []string{"Mes propositions", "EPN du Capitole", "Point numérique de Blagnac", "en attente"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the space lacks %q", want)
		}
	}
}

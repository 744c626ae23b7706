package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
)

// Only a place's address may say the place was perhaps withdrawn.
func TestNotFoundWording(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	const gone = "Le lieu a peut-être été retiré"
	if res := ts.get(t, "/pas-une-page"); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, gone) {
		t.Errorf("404 of a page that is not a place: %d, speaks of a place: %v", res.StatusCode, strings.Contains(res.Body, gone))
	}
	if res := ts.get(t, "/lieux/inconnu"); res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "retiré") {
		t.Errorf("404 of an unknown place: %d", res.StatusCode)
	}
}

// The only administrator is told before confirming that they cannot
// delete their account, and why; an administrator deleting their own
// account from the accounts page is told where to do it.
func TestAdminSelfDeletionWording(t *testing.T) {
	ts, m := withMail(t)
	id := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	ada := signIn(t, ts, m, "ada@hub.fr")
	res := postForm(t, ts, "/espace/supprimer", nil, ada)
	if strings.Contains(res.Body, `name="confirmer"`) || !strings.Contains(res.Body, "seul compte administrateur") {
		t.Errorf("the only administrator is asked to confirm (%d):\n%s", res.StatusCode, between(t, res.Body, "<main", "</main>"))
	}
	res = postForm(t, ts, "/espace/supprimer", url.Values{"confirmer": {"oui"}}, ada)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "seul compte administrateur") || !strings.Contains(res.Body, "<h1>Supprimer mon compte</h1>") {
		t.Errorf("confirmed anyway: %d\n%s", res.StatusCode, between(t, res.Body, "<main", "</main>"))
	}
	res = postForm(t, ts, "/admin/comptes/"+strconv.FormatInt(id, 10)+"/supprimer", nil, ada)
	if !strings.Contains(res.Body, "Mon espace") || !strings.Contains(res.Body, "Supprimer mon compte") {
		t.Errorf("deleting oneself from the accounts page does not say where: %s", between(t, res.Body, "<main", "</main>"))
	}
}

// Proposals name their author as claims do; sessions show their time.
func TestModerationAndSessionsWording(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	mustUser(t, ts, account.User{Email: "benevole@gmail.com", Name: "Bénédicte", Structure: "Asso du Capitole", Role: account.Contributeur})
	admin, bene := signIn(t, ts, m, "ada@hub.fr"), signIn(t, ts, m, "benevole@gmail.com")
	form := formOf(ts, "tls-1")
	form.Set("telephone", "05 61 00 00 00")
	if res := postForm(t, ts, "/lieux/tls-1/modifier", form, bene); !strings.Contains(res.Header.Get("Location"), "propose") {
		t.Fatalf("proposal: %d", res.StatusCode)
	}
	mod := getAs(t, ts, "/moderation", admin)
	if !strings.Contains(mod.Body, "Proposé par Bénédicte, benevole@gmail.com (Asso du Capitole)") {
		t.Errorf("the proposal does not name its author as claims do:\n%s", between(t, mod.Body, "Propositions", "</section>"))
	}
	comptes := getAs(t, ts, "/admin/comptes", admin)
	if !strings.Contains(comptes.Body, "Fermer la session du 23 novembre 2026 à 10:00") {
		t.Errorf("sessions without their time:\n%s", between(t, comptes.Body, "Fermer la session", "</form>"))
	}
}

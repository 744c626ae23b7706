package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
)

// A contributor with a pending claim deletes their account: the claim
// leaves moderation, and the page that confirms the deletion is that of
// someone signed out.
func TestDeletedAccountLeavesModeration(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	mustUser(t, ts, account.User{Email: "benevole@gmail.com", Name: "Bénédicte", Role: account.Contributeur})
	admin, bene := signIn(t, ts, m, "ada@hub.fr"), signIn(t, ts, m, "benevole@gmail.com")
	if res := postForm(t, ts, "/lieux/tls-1/revendiquer", nil, bene); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/moderation", admin); !strings.Contains(res.Body, "benevole@gmail.com") {
		t.Fatalf("the claim is not in moderation")
	}
	res := postForm(t, ts, "/espace/supprimer", url.Values{"confirmer": {"oui"}}, bene)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Votre compte est supprimé") {
		t.Fatalf("deletion: %d", res.StatusCode)
	}
	header := between(t, res.Body, "<header", "</header>")
	if strings.Contains(header, "Se déconnecter") || strings.Contains(header, "Mon espace") || !strings.Contains(header, "Se connecter") {
		t.Errorf("the confirmation's header is a signed-in one:\n%s", header)
	}
	mod := getAs(t, ts, "/moderation", admin)
	if strings.Contains(mod.Body, "supprime-") || strings.Contains(mod.Body, `/revendications/`) {
		t.Errorf("the deleted account's claim is still in moderation:\n%s", between(t, mod.Body, "<main", "</main>"))
	}
}

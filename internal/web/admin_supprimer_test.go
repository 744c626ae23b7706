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

// TestAdminDeleteAsksConfirmation: deleting someone else's account from
// the accounts page first shows what will be erased; only the confirmed
// form deletes.
func TestAdminDeleteAsksConfirmation(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	carole := mustUser(t, ts, account.User{Email: "carole@asso.fr", Name: "Carole", Structure: "Asso", Role: account.Contributeur})
	admin := signIn(t, ts, m, "ada@hub.fr")
	target := fmt.Sprintf("/admin/comptes/%d/supprimer", carole)

	res := postForm(t, ts, target, nil, admin)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "carole@asso.fr") || !strings.Contains(res.Body, `name="confirmer"`) {
		t.Fatalf("first step: %d\n%s", res.StatusCode, between(t, res.Body, "<main", "</main>"))
	}
	if _, err := ts.store.User(context.Background(), carole); err != nil {
		t.Fatalf("the account was deleted without confirmation: %v", err)
	}
	res = postForm(t, ts, target, url.Values{"confirmer": {"oui"}}, admin)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", res.StatusCode)
	}
	if _, err := ts.store.User(context.Background(), carole); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("after confirmation the account is still there: %v", err)
	}
}

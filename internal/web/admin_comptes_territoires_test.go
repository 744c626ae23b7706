package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/failure"
)

// TestAdminAccountTerritories: the accounts form checks a coordinator's
// territories as maillage utilisateurs does — each in the referential of
// territories, refused naming the value; at least one — and gives no
// territory to another role (what was typed is dropped; an account that
// stops being a coordinator loses its territories). Nothing refused is
// stored.
func TestAdminAccountTerritories(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	_, admin := passSession(t, ts, account.Administrateur)
	for _, tc := range []struct {
		role, territories string
		want              string
	}{
		{"coordinateur", "epci:999999999", "epci:999999999 : aucun EPCI de ce numéro SIREN dans le référentiel des territoires"},
		{"coordinateur", "departement:81,departement:999", "departement:999 : aucun département de ce code dans le référentiel des territoires"},
		{"coordinateur", "", "Un coordinateur a au moins un territoire"},
		{"coordinateur", "region:76", "territoire « region:76 » : attendu departement:CODE ou epci:SIREN"},
	} {
		email := "refuse-" + strconv.Itoa(len(tc.territories)) + "@hub.fr"
		res := postForm(t, ts, "/admin/comptes", url.Values{"email": {email}, "role": {tc.role}, "territoires": {tc.territories}}, admin)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
			t.Errorf("creating a %s of %q: %d, want 422 saying %q", tc.role, tc.territories, res.StatusCode, tc.want)
		}
		if _, err := ts.store.UserByEmail(ctx, email); !errors.Is(err, failure.ErrNotFound) {
			t.Errorf("creating a %s of %q: the account exists (%v)", tc.role, tc.territories, err)
		}
	}
	territoriesOf := func(email string) (int64, string) {
		t.Helper()
		u, err := ts.store.UserByEmail(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		return u.ID, account.FormatTerritories(u.Territories, ",")
	}
	for _, tc := range []struct{ email, role, territories, want string }{
		{"coord@hub.fr", "coordinateur", "departement:81, epci:248100737", "departement:81,epci:248100737"},
		{"contrib@hub.fr", "contributeur", "departement:81", ""},
	} {
		res := postForm(t, ts, "/admin/comptes", url.Values{"email": {tc.email}, "role": {tc.role}, "territoires": {tc.territories}}, admin)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("creating %s: %d %s", tc.email, res.StatusCode, res.Body)
		}
		if _, got := territoriesOf(tc.email); got != tc.want {
			t.Errorf("%s: territories %q, want %q", tc.email, got, tc.want)
		}
	}
	// Changing an account checks the same.
	coord, _ := territoriesOf("coord@hub.fr")
	path := "/admin/comptes/" + strconv.FormatInt(coord, 10)
	res := postForm(t, ts, path, url.Values{"role": {"coordinateur"}, "territoires": {"epci:200054808"}}, admin)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "epci:200054808 : aucun EPCI") {
		t.Errorf("an unknown EPCI: %d", res.StatusCode)
	}
	res = postForm(t, ts, path, url.Values{"role": {"coordinateur"}, "territoires": {""}}, admin)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Un coordinateur a au moins un territoire") {
		t.Errorf("no territory: %d", res.StatusCode)
	}
	if _, got := territoriesOf("coord@hub.fr"); got != "departement:81,epci:248100737" {
		t.Errorf("after the refusals: %q", got)
	}
	res = postForm(t, ts, path, url.Values{"role": {"contributeur"}, "territoires": {"departement:81,epci:248100737"}}, admin)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("becoming contributeur: %d", res.StatusCode)
	}
	if _, got := territoriesOf("coord@hub.fr"); got != "" {
		t.Errorf("a contributeur keeps territories %q", got)
	}
}

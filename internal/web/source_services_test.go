package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/harvest"
)

// From the site, a coop or data-inclusion source calls only the
// configured API: an administrator cannot make the server send its key or
// token elsewhere.
func TestSourceDeclareServiceURL(t *testing.T) {
	ts := newTestServer(t)
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}), monday10h)
	for _, tt := range []struct {
		form   url.Values
		status int
	}{
		{url.Values{"nom": {"coop"}, "type": {"coop"}, "url": {"https://pirate.example/collecte"}}, http.StatusUnprocessableEntity},
		{url.Values{"nom": {"coop"}, "type": {"coop"}, "url": {"https://coop-numerique.anct.gouv.fr.pirate.example/api/v1/lieux-activite"}}, http.StatusUnprocessableEntity},
		{url.Values{"nom": {"di"}, "type": {"data-inclusion"}, "url": {"http://127.0.0.1:9999/api/v1"}}, http.StatusUnprocessableEntity},
		{url.Values{"nom": {"coop"}, "type": {"coop"}, "url": {""}}, http.StatusSeeOther},
		{url.Values{"nom": {"di"}, "type": {"data-inclusion"}, "url": {harvest.DataInclusionURL}}, http.StatusSeeOther},
	} {
		res := postForm(t, ts, "/sources", tt.form, admin)
		if res.StatusCode != tt.status {
			t.Errorf("declare %v: %d, want %d\n%s", tt.form, res.StatusCode, tt.status, res.Body)
		}
		if tt.status == http.StatusUnprocessableEntity && !strings.Contains(res.Body, "que l&#39;API configurée") {
			t.Errorf("declare %v: the refusal is not explained", tt.form)
		}
	}
	if _, err := ts.store.Source(context.Background(), "coop"); err != nil {
		t.Errorf("coop without address: %v", err)
	}
}

// A server whose harvests call another Coop API (MAILLAGE_COOP_URL)
// accepts that API's address from the site, and refuses the national one.
func TestSourceDeclareConfiguredServiceURL(t *testing.T) {
	ts := newTestServer(t)
	ts.cfg.Harvest = &harvest.Options{CoopURL: "https://coop.hub.example/api"}
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}), monday10h)
	for _, tt := range []struct {
		name, url string
		status    int
	}{
		{"coop-hub", "https://coop.hub.example/api/v1/lieux-activite", http.StatusSeeOther},
		{"coop-nationale", harvest.CoopURL, http.StatusUnprocessableEntity},
	} {
		res := postForm(t, ts, "/sources", url.Values{"nom": {tt.name}, "type": {"coop"}, "url": {tt.url}}, admin)
		if res.StatusCode != tt.status {
			t.Errorf("declare %s: %d, want %d\n%s", tt.url, res.StatusCode, tt.status, res.Body)
		}
	}
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

// TestSourceAddressSecretsHidden: a source's address often carries its
// key (user:password@, ?token=…); the page coordinators read shows the
// address without them.
func TestSourceAddressSecretsHidden(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	coord := session(t, ts, mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	src := store.Source{Name: "secrete", Type: store.SourceStandard, URL: "https://hub:S3CRETpw@api.exemple.fr/v0/lieux.csv?token=TOK3N123&format=csv"}
	if err := ts.store.DeclareSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	res := getAs(t, ts, "/sources/secrete", coord)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/sources/secrete: %d", res.StatusCode)
	}
	for _, secret := range []string{"S3CRETpw", "TOK3N123"} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("the page shows the secret %q", secret)
		}
	}
	if !strings.Contains(res.Body, "api.exemple.fr/v0/lieux.csv") {
		t.Errorf("the page no longer shows where the source is: %s", res.Body)
	}
}

// TestSourceHarvestSecretsHidden: the reports and errors of a source's
// harvests, on /sources and on the source's page, never show the
// credentials its address carries.
func TestSourceHarvestSecretsHidden(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}), monday10h)
	coord := session(t, ts, mustUser(t, ts, account.User{Email: "coord@gers.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "32"}}}), monday10h)
	found := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !found {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("id,nom,commune,code_postal,adresse,date_maj\nh1,Médiathèque,Albi,81000,12 rue Pasteur,2026-01-01\n"))
	}))
	defer srv.Close()
	const password, token = "S3CRETpw", "TOK3N123"
	src := store.Source{Name: "secrete", Type: store.SourceStandard, URL: strings.Replace(srv.URL, "http://", "http://hub:"+password+"@", 1) + "/l.csv?token=" + token}
	if err := ts.store.DeclareSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	if _, err := harvest.Harvest(ctx, ts.store, src, harvest.Options{PrivateAddresses: true}); err != nil {
		t.Fatal(err)
	}
	found = false
	if _, err := harvest.Harvest(ctx, ts.store, src, harvest.Options{PrivateAddresses: true, Force: true}); err == nil {
		t.Fatal("a harvest answered 404 succeeded")
	}
	runs, err := ts.store.HarvestRuns(ctx, "secrete", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []struct{ path, cookie string }{{"/sources", admin}, {"/sources/secrete", coord}, {"/sources/secrete", admin},
		{fmt.Sprintf("/sources/secrete?moisson=%d", runs[0].ID), coord}, {fmt.Sprintf("/sources/secrete?moisson=%d", runs[1].ID), coord}} {
		res := getAs(t, ts, page.path, page.cookie)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", page.path, res.StatusCode)
		}
		for _, secret := range []string{password, token} {
			if strings.Contains(res.Body, secret) {
				t.Errorf("%s shows the secret %q", page.path, secret)
			}
		}
	}
	if res := getAs(t, ts, "/sources", admin); !strings.Contains(res.Body, "404") {
		t.Errorf("/sources no longer says the harvest failed")
	}
}

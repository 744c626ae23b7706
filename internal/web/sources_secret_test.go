package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
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

package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestSourceKilledHarvestShown: a harvest whose process was killed (its
// run recorded running, its lease expired) is shown interrupted on the
// sources' pages, not « en cours » forever.
func TestSourceKilledHarvestShown(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord := session(t, ts, mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	if err := ts.store.DeclareSource(ctx, store.Source{Name: "hub-tarn", Type: store.SourceStandard, URL: "https://exemple.fr/lieux.csv", Interval: 24 * 3600e9}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.StartHarvest(ctx, "hub-tarn"); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/sources", "/sources/hub-tarn"} {
		res := getAs(t, ts, page, coord)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", page, res.StatusCode)
		}
		if !strings.Contains(res.Body, "interrompue") || strings.Contains(res.Body, "en cours") {
			t.Errorf("%s after a killed harvest:\n%s", page, between(t, res.Body, "<main", "</main>"))
		}
	}
}

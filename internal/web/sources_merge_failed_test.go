package web

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

// TestSourceMergeFailedShown: a harvest whose import committed but whose
// merge run failed is not shown « réussie » alone, on the list and on the
// source's page, with the merge's error.
func TestSourceMergeFailedShown(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord := session(t, ts, mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	if err := ts.store.DeclareSource(ctx, store.Source{Name: "hub-tarn", Type: store.SourceStandard, URL: "https://exemple.fr/lieux.csv"}); err != nil {
		t.Fatal(err)
	}
	harvested(t, ts, store.HarvestRun{Source: "hub-tarn", Status: store.HarvestDone, Created: 12,
		Error: "lieux.csv : import validé, mais la recherche des doublons a échoué : panne simulée"})
	for _, page := range []string{"/sources", "/sources/hub-tarn"} {
		res := getAs(t, ts, page, coord)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", page, res.StatusCode)
		}
		body := html.UnescapeString(res.Body)
		for _, want := range []string{harvest.MergeFailedWords(store.HarvestRun{Status: store.HarvestDone}), "panne simulée"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", page, want)
			}
		}
	}
}

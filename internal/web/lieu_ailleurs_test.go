package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/store"
)

// A merged place's old addresses answer 301 to the surviving place (under
// the configured address, whatever the request's Host, with the request's
// query), a withdrawn
// place's 410, an unknown one's 404.
func TestMovedAndWithdrawnPlaces(t *testing.T) {
	ls := fixture()
	ts := newTestServer(t, ls...)
	ctx := context.Background()
	if err := ts.store.MergePlaces(ctx, "tls-1", "tls-2", store.MergeInfo{Actor: "dedup", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	im, err := ts.store.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls[:2] {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Withdraw(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "t2"); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path     string
		status   int
		location string
		body     string
	}{
		{"/lieux/tls-2", http.StatusMovedPermanently, "http://maillage.test/lieux/tls-1", ""},
		{"/lieux/tls-2/fiche", http.StatusMovedPermanently, "http://maillage.test/lieux/tls-1/fiche", ""},
		{"/api/v1/lieux/tls-2", http.StatusMovedPermanently, "http://maillage.test/api/v1/lieux/tls-1", `"id":"tls-1"`},
		// The query goes along (a print's options…).
		{"/lieux/tls-2?x=1&y=%C3%A9", http.StatusMovedPermanently, "http://maillage.test/lieux/tls-1?x=1&y=%C3%A9", ""},
		{"/lieux/tls-2/fiche?format=a4", http.StatusMovedPermanently, "http://maillage.test/lieux/tls-1/fiche?format=a4", ""},
		{"/lieux/tls-1", http.StatusOK, "", "EPN du Capitole"},
		{"/lieux/albi-1", http.StatusGone, "", "« Médiathèque d&#39;Albi » n&#39;est plus publié dans le registre depuis le"},
		{"/lieux/albi-1/fiche", http.StatusGone, "", "n&#39;est plus publié"},
		{"/api/v1/lieux/albi-1", http.StatusGone, "", `"erreur":"lieu retiré du registre"`},
		{"/lieux/inconnu", http.StatusNotFound, "", "Page introuvable"},
		{"/api/v1/lieux/inconnu", http.StatusNotFound, "", "lieu introuvable"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := ts.get(t, tt.path, "Host", "evil.example", "X-Forwarded-Host", "evil.example")
			if res.StatusCode != tt.status || res.Header.Get("Location") != tt.location || !strings.Contains(res.Body, tt.body) {
				t.Errorf("%d %q\n%s\nwant %d %q with %q", res.StatusCode, res.Header.Get("Location"), res.Body, tt.status, tt.location, tt.body)
			}
		})
	}
}

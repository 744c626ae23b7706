package harvest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"maillage/internal/store"
)

// Harvests go through the proxy of the environment (HTTP_PROXY,
// HTTPS_PROXY, NO_PROXY) — a hub behind one harvests — and the SSRF guard
// still holds: the target's address is checked before the request is
// given to the proxy (a private one refused unless allowed), while the
// proxy itself, named by the operator, may be on loopback.
func TestHarvestThroughProxy(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.String())
		mu.Unlock()
		if !r.URL.IsAbs() {
			http.Error(w, "not a proxy request", http.StatusBadRequest)
			return
		}
		w.Write([]byte(harvestNowCSVForProxy))
	}))
	defer proxy.Close()
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"} {
		t.Setenv(k, proxy.URL)
	}
	for _, k := range []string{"NO_PROXY", "no_proxy"} {
		t.Setenv(k, "")
	}
	seen := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := asked
		asked = nil
		return out
	}
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		// A name this machine does not resolve: the proxy does.
		src := declare(t, st, store.Source{Name: "par-le-proxy", Type: store.SourceStandard, URL: "http://lieux.exemple.test/lieux.csv"})
		run, err := Harvest(ctx, st, src, Options{})
		if err != nil || run.Created != 2 {
			t.Fatalf("through the proxy: %+v, %v", run, err)
		}
		if got := seen(); len(got) != 1 || got[0] != "http://lieux.exemple.test/lieux.csv" {
			t.Errorf("the proxy was asked %q", got)
		}
		// A private address is refused before the proxy is asked.
		src = declare(t, st, store.Source{Name: "interne", Type: store.SourceStandard, URL: "http://10.0.0.1/lieux.csv"})
		run, err = Harvest(ctx, st, src, Options{})
		if err == nil || !strings.Contains(run.Error, "connexion à 10.0.0.1 refusée : adresse privée") {
			t.Errorf("a private address through the proxy: %+v, %v", run, err)
		}
		if got := seen(); len(got) != 0 {
			t.Errorf("the proxy was asked %q for a refused address", got)
		}
		// Allowed, it goes through the proxy.
		if run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); err != nil || run.Created != 2 {
			t.Errorf("a private address allowed: %+v, %v", run, err)
		}
		if got := seen(); len(got) != 1 {
			t.Errorf("the proxy was asked %q", got)
		}
		// Loopback is never proxied (NO_PROXY's rule): the dial guard
		// refuses it.
		src = declare(t, st, store.Source{Name: "boucle", Type: store.SourceStandard, URL: "http://127.0.0.1:1/lieux.csv"})
		if run, err := Harvest(ctx, st, src, Options{}); err == nil || !strings.Contains(run.Error, "adresse de bouclage") {
			t.Errorf("loopback with a proxy: %+v, %v", run, err)
		}
		if got := seen(); len(got) != 0 {
			t.Errorf("the proxy was asked %q for loopback", got)
		}
	})
}

const harvestNowCSVForProxy = `id,nom,commune,code_postal,adresse,date_maj
p-1,EPN du Proxy,Albi,81000,1 rue Croix-Verte,2026-01-01
p-2,Médiathèque du Proxy,Carmaux,81400,Place Gambetta,2026-01-01
`

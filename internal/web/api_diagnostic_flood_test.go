package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A client flooding the diagnostic with distinct thresholds gets 429
// after diagnosticNewOptions new sets of options; the default options,
// the options already kept and the other clients still get answers.
func TestDiagnosticFloodOfOptions(t *testing.T) {
	ts := newDiagnosticServer(t)
	get := func(path, addr string) response {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = addr
		return ts.do(t, req)
	}
	const flooder, other = "192.0.2.1:1000", "192.0.2.2:1000"
	for n := range diagnosticNewOptions {
		if res := get(fmt.Sprintf("/api/v1/diagnostic/departement/01?seuil_km=%d.1", 30+n), flooder); res.StatusCode != http.StatusOK {
			t.Fatalf("new options %d: %d %s", n, res.StatusCode, res.Body)
		}
	}
	for _, path := range []string{"/api/v1/diagnostic/departement/01?seuil_km=99.1", "/diagnostic/departement/01?seuil_km=98.1",
		"/api/v1/diagnostic/departement/01/implanter?nombre=2&seuil_km=97.1"} {
		res := get(path, flooder)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Body, "Trop de calculs du diagnostic") {
			t.Errorf("%s beyond the limit: %d (Retry-After %q) %s", path, res.StatusCode, res.Header.Get("Retry-After"), res.Body)
		}
	}
	for _, path := range []string{"/api/v1/diagnostic/departement/01", "/diagnostic/departement/01", "/api/v1/diagnostic/france/implanter?nombre=1",
		"/api/v1/diagnostic/departement/01?seuil_km=35.1", "/api/v1/diagnostic/departement/01?methode=e2sfca&seuil_km=10"} {
		if res := get(path, flooder); res.StatusCode != http.StatusOK {
			t.Errorf("%s (default or kept options) refused to the flooder: %d %s", path, res.StatusCode, res.Body)
		}
	}
	if res := get("/api/v1/diagnostic/departement/01?seuil_km=99.1", other); res.StatusCode != http.StatusOK {
		t.Errorf("another client refused: %d %s", res.StatusCode, res.Body)
	}
}

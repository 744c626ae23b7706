package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// raw serves a request without the OpenAPI check of ts.do (the requests
// here are outside the document on purpose).
func raw(t *testing.T, ts *testServer, method, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	ts.h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// Missing assets are the site's French "page introuvable", not Go's
// English "404 page not found".
func TestMissingStaticIsFrench(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/static/", "/static/absent.css", "/static/vendor/leaflet/absent.js", "/static/vendor/leaflet/"} {
		res, body := raw(t, ts, "GET", path)
		if res.StatusCode != 404 || !strings.Contains(body, "Page introuvable") || strings.Contains(body, "404 page not found") {
			t.Errorf("%s: %d %.200s", path, res.StatusCode, body)
		}
	}
	if res, _ := raw(t, ts, "GET", "/static/maillage.css"); res.StatusCode != 200 {
		t.Errorf("an existing asset: %d", res.StatusCode)
	}
}

// Under /api/, a method the route does not take is a JSON 405 with Allow,
// and an unknown route a JSON 404, whatever the method.
func TestAPIMethodsAnswerJSON(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"PUT", "/api/v1/lieux", 405},
		{"DELETE", "/api/v1/lieux/tls-1", 405},
		{"POST", "/api/v1/clusters", 405},
		{"PUT", "/api/v2/rien", 404},
	} {
		res, body := raw(t, ts, tc.method, tc.path)
		var e struct {
			Erreur string `json:"erreur"`
		}
		if err := json.Unmarshal([]byte(body), &e); err != nil || e.Erreur == "" || res.StatusCode != tc.status ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: %d %q %.200s", tc.method, tc.path, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		if tc.status == 405 && !strings.Contains(res.Header.Get("Allow"), "GET") {
			t.Errorf("%s %s: Allow %q", tc.method, tc.path, res.Header.Get("Allow"))
		}
	}
}

// An unknown parameter's answer names its value, not "".
func TestUnknownParamNamesItsValue(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res, body := raw(t, ts, "GET", "/api/v1/lieux?limite=5")
	var e struct {
		Erreur string  `json:"erreur"`
		Param  string  `json:"parametre"`
		Value  *string `json:"valeur"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || res.StatusCode != 400 || e.Erreur == "" || e.Param != "limite" || e.Value == nil || *e.Value != "5" {
		t.Errorf("%d %s", res.StatusCode, body)
	}
}

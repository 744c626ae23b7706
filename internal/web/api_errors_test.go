package web

import (
	"context"
	"net/http/httptest"
	"testing"
)

// Every error of the API has one shape: « code » (the failure's code)
// and « erreur » (the French message), whatever refused the request; a
// refused parameter adds « parametre », « valeur » and « message ».
func TestAPIErrorsHaveOneShape(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	_, head, _ := ts.changes(t, 0, 500)
	importPlaces(t, ts.store, "test", lieu("new-1", 43.6, 1.44, nil))
	if err := ts.store.PruneChanges(ctx, head); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		status       int
		code         string
		param        bool
		outside      bool // outside the OpenAPI document on purpose
	}{
		{"GET", "/api/v1/lieux/changements?depuis=0", 409, "conflit", false, false},
		{"GET", "/api/v1/lieux/changements?depuis=abc", 400, "invalide", true, false},
		{"GET", "/api/v1/lieux?services=inconnu", 400, "invalide", true, false},
		{"GET", "/api/v1/lieux?inconnu=1", 400, "invalide", true, false},
		{"GET", "/api/v1/lieux/absent", 404, "introuvable", false, false},
		{"GET", "/api/v1/route-inconnue", 404, "introuvable", false, true},
		{"POST", "/api/v1/lieux", 405, "methode_non_acceptee", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			var status int
			var text string
			if tt.outside {
				res, b := raw(t, ts, tt.method, tt.path)
				status, text = res.StatusCode, b
			} else {
				res := ts.do(t, httptest.NewRequest(tt.method, tt.path, nil))
				status, text = res.StatusCode, res.Body
			}
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, text)
			}
			var body map[string]any
			decode(t, text, &body)
			if body["code"] != tt.code {
				t.Errorf("code %v, want %q: %s", body["code"], tt.code, text)
			}
			if msg, ok := body["erreur"].(string); !ok || msg == "" {
				t.Errorf("no French message in « erreur »: %s", text)
			}
			_, hasParam := body["parametre"]
			if hasParam != tt.param {
				t.Errorf("parametre given: %v, want %v: %s", hasParam, tt.param, text)
			}
		})
	}
}

package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A template that fails halfway gives a complete 500 page, not the start
// of the page with a 200.
func TestRenderFailureIsA500(t *testing.T) {
	ts := newTestServer(t)
	if _, err := ts.templates.New("casse.html").Parse(`{{template "top" .}}<p>début de la page</p>{{.Absent}}<p>fin</p>{{template "bottom" .}}`); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	ts.render(rec, httptest.NewRequest("GET", "/casse", nil), http.StatusOK, "casse.html", errorPage{pageMeta: pageMeta{Title: "Casse"}})
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError || strings.Contains(body, "début de la page") || !strings.Contains(body, "Erreur interne") ||
		!strings.Contains(body, "</html>") {
		t.Errorf("status %d, body:\n%s", rec.Code, body)
	}
	// The error page itself failing still answers a complete 500.
	ts = newTestServer(t)
	if _, err := ts.templates.New("erreur.html").Parse(`<p>début</p>{{.Absent}}`); err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	ts.render(rec, httptest.NewRequest("GET", "/casse", nil), http.StatusNotFound, "erreur.html", errorPage{})
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "début") || !strings.Contains(rec.Body.String(), "</html>") {
		t.Errorf("error page failing: %d %s", rec.Code, rec.Body.String())
	}
}

package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var diagCostSelected = regexp.MustCompile(`<select id="diag-cout" name="cout">.*?<option value="([^"]*)" selected>`)

// Filling only « Seuil en minutes » on the page measures in minutes, as
// the CLI's --seuil-min alone does (review 9N, minor 4): the cost list's
// default sends no cost, which the server reads as detour when only the
// minutes are given (it selected vol-d-oiseau, and the form gave a 400).
func TestDiagnosticFormMinutesAlone(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res := ts.get(t, "/diagnostic/departement/31")
	m := diagCostSelected.FindStringSubmatch(res.Body)
	if m == nil || m[1] != "" {
		t.Fatalf("the cost list's default sends %q, want no cost (%v)", m, m == nil)
	}
	// The form as a browser sends it with only the minutes filled.
	sent := ts.get(t, "/diagnostic/departement/31?methode=e2sfca&cout=&seuil_km=&seuil_min=30&service=&ponderation=lieu&nombre=")
	if sent.StatusCode != http.StatusOK || !strings.Contains(sent.Body, "seuil : 30 minutes") {
		t.Fatalf("only the minutes: %d, lacks « seuil : 30 minutes »: %s", sent.StatusCode, diagAlert(sent.Body))
	}
	if m := diagCostSelected.FindStringSubmatch(sent.Body); m == nil || m[1] != "" {
		t.Errorf("after the computation, the list selects %q", m)
	}
	// A cost chosen stays chosen.
	if m := diagCostSelected.FindStringSubmatch(ts.get(t, "/diagnostic/departement/31?cout=detour").Body); m == nil || m[1] != "detour" {
		t.Errorf("cout=detour: the list selects %q", m)
	}
	// No OSRM server: the minutes' help and errors do not offer it.
	if strings.Contains(res.Body, "OSRM") {
		t.Error("the form offers OSRM, which is not configured")
	}
}

// With an OSRM server configured, the cost list and the error of minutes
// with the crow-fly cost offer it (no request is made: the options are
// refused first).
func TestDiagnosticFormOffersOSRMWhenConfigured(t *testing.T) {
	ctx := context.Background()
	plain := newTestServer(t, fixture()...)
	s, err := NewServer(ctx, Config{Store: plain.store, Now: func() time.Time { return monday10h }, DownloadDir: t.TempDir(),
		OSRMURL: "http://127.0.0.1:9/osrm", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: s, h: s.Handler(), store: plain.store}
	res := ts.get(t, "/diagnostic/departement/31?cout=vol-d-oiseau&seuil_min=20")
	want := "ou choisissez le coût « Temps estimé (détour à vitesse moyenne), en minutes » ou « Temps de trajet par la route (OSRM), en minutes »."
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, want) {
		t.Errorf("%d, lacks %q: %s", res.StatusCode, want, diagAlert(res.Body))
	}
	if !strings.Contains(res.Body, `<option value="osrm">Temps de trajet par la route (OSRM), en minutes</option>`) || !strings.Contains(res.Body, "(temps estimé ou OSRM ; 20 si vide)") {
		t.Error("the form does not offer OSRM")
	}
}

// Every field label the page's errors use is a label of the form (or
// names a part of the page).
func TestDiagnosticErrorLabelsAreTheForm(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	body := ts.get(t, "/diagnostic/departement/31").Body
	for _, p := range diagOptionParams {
		if !strings.Contains(body, `">`+diagFieldLabels[p]) {
			t.Errorf("the form has no field labelled %q (%s)", diagFieldLabels[p], p)
		}
	}
	if !strings.Contains(body, ">"+diagFieldLabels["nombre"]) {
		t.Errorf("the form has no field labelled %q", diagFieldLabels["nombre"])
	}
}

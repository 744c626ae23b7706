package web

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var diagVersion = regexp.MustCompile(`<dt>Version des données</dt><dd title="révision ([^"]+)">([^<]*)</dd>`)

// « Version des données » says the revision in words, as the stale notice
// does (« lieux 3, territoires 1, aucune donnée de demande »), not the raw
// token, which stays in a title and the JSON (review 9N, minor 8).
func TestDiagnosticVersionInWords(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	body := ts.get(t, "/diagnostic/departement/31").Body
	m := diagVersion.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no « Version des données » with the revision in a title")
	}
	var doc struct{ Revision string }
	if err := json.Unmarshal([]byte(ts.get(t, "/api/v1/diagnostic/departement/31").Body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Revision == "" || m[1] != doc.Revision {
		t.Errorf("title %q, JSON revision %q", m[1], doc.Revision)
	}
	if strings.Contains(m[2], doc.Revision) || !regexp.MustCompile(`^Calcul fait sur l&#39;état suivant des données : lieux \d+, territoires \d+, aucune donnée de demande \(`).MatchString(m[2]) {
		t.Errorf("the version says %q", m[2])
	}
}

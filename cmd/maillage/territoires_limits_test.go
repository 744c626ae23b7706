package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `territoires import` bounds a layer (--limite-couche, --limite-points):
// past a bound the import stops with an error naming the file and the
// rule, and nothing is replaced.
func TestTerritoiresLayerLimits(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	qpv := abs(t, "../../internal/territory/testdata/qpv.geojson")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--limite-couche", "1Ko"}, 1, "qpv.geojson : fichier de plus de 1 Ko : lecture arrêtée ; une couche en a 1 Ko au plus (--limite-couche)"},
		{[]string{"--limite-points", "10"}, 1, "qpv.geojson : objet 2 (QN06902M) : champ geometry.coordinates[0][0] : plus de 10 positions dans la couche : une couche en a 10 au plus (--limite-points)"},
		{[]string{"--limite-points", "0"}, 2, "--limite-couche et --limite-points : une valeur strictement positive est attendue"},
	} {
		r := runCmd(t, dir, nil, append([]string{"territoires", "import", "--db", db, "--qpv", qpv, "--millesime-qpv", "2024"}, tt.args...)...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: exit %d, %q\nwant %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
		}
	}
	r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", qpv, "--millesime-qpv", "2024", "--limite-couche", "1Mo")
	if r.code != 0 || !strings.Contains(r.stdout, "Couche QPV chargée : 2 quartiers prioritaires") {
		t.Errorf("within bounds: %+v", r)
	}
}

// A QPV file whose rings cross themselves (as a file rounded to 4
// decimals) is loaded, and the import says how many rings cross and
// names them: nothing is refused for it.
func TestTerritoiresLayerCrossingRings(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	qpv := filepath.Join(dir, "qpv.geojson")
	body := `{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","properties":{"code_qp":"QN06901M","lib_qp":"Noeud"},"geometry":{"type":"Polygon","coordinates":[[[4,45],[4.1,45.1],[4.1,45],[4,45.1],[4,45]]]}},` +
		`{"type":"Feature","properties":{"code_qp":"QN06902M","lib_qp":"Carré"},"geometry":{"type":"Polygon","coordinates":[[[5,45],[5.1,45],[5.1,45.1],[5,45.1],[5,45]]]}}]}`
	if err := os.WriteFile(qpv, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", qpv, "--millesime-qpv", "2024")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"Avertissement : 1 anneau irrégulier (un anneau qui se croise lui-même est gardé, un point y est placé par la règle pair-impair",
		"  - " + qpv + " : objet 1 (QN06901M) : champ geometry.coordinates[0] : anneau qui se croise lui-même : ses côtés 1",
		"Couche QPV chargée : 2 quartiers prioritaires",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

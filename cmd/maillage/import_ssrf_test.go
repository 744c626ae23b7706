package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestImportPrivateAddresses: « import URL » and « validate URL » connect
// only where harvests may (the same guard): a file on the machine's own
// network is refused unless --moisson-adresses-privees (or
// MAILLAGE_MOISSON_ADRESSES_PRIVEES=1) allows it.
func TestImportPrivateAddresses(t *testing.T) {
	dir := t.TempDir()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(harvestCSV)) }))
	defer srv.Close()
	strict := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + dir + "/m.db", "MAILLAGE_MOISSON_ADRESSES_PRIVEES": ""}
	for _, cmd := range []string{"import", "validate"} {
		r := runCmd(t, dir, strict, cmd, srv.URL+"/lieux.csv")
		if r.code == 0 || !strings.Contains(r.stderr, srv.URL+"/lieux.csv : téléchargement impossible : connexion à 127.0.0.1 refusée : adresse de bouclage") ||
			!strings.Contains(r.stderr, "--moisson-adresses-privees") {
			t.Errorf("%s of a loopback address without the option: %+v", cmd, r)
		}
	}
	if r := runCmd(t, dir, strict, "import", "--moisson-adresses-privees", srv.URL+"/lieux.csv"); r.code != 0 || !strings.Contains(r.stdout, "4 créés") {
		t.Errorf("import with --moisson-adresses-privees: %+v", r)
	}
	if r := runCmd(t, dir, strict, "validate", "--moisson-adresses-privees", srv.URL+"/lieux.csv"); r.code != 0 {
		t.Errorf("validate with --moisson-adresses-privees: %+v", r)
	}
	allowed := map[string]string{"MAILLAGE_DATABASE_URL": strict["MAILLAGE_DATABASE_URL"], "MAILLAGE_MOISSON_ADRESSES_PRIVEES": "1"}
	if r := runCmd(t, dir, allowed, "import", srv.URL+"/lieux.csv"); r.code != 0 || !strings.Contains(r.stdout, "4 inchangés") {
		t.Errorf("import with MAILLAGE_MOISSON_ADRESSES_PRIVEES=1: %+v", r)
	}
	// Link-local addresses (the cloud's metadata) stay refused.
	if r := runCmd(t, dir, allowed, "import", "http://169.254.169.254/latest/meta-data/"); r.code == 0 || !strings.Contains(r.stderr, "lien-local") {
		t.Errorf("import of a link-local address: %+v", r)
	}
}

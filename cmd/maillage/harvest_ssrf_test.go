package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHarvestPrivateAddresses: « moissonner » refuses a source on the
// machine's own network unless --moisson-adresses-privees (or
// MAILLAGE_MOISSON_ADRESSES_PRIVEES=1) allows it; « sources ajouter »
// refuses file:// addresses.
func TestHarvestPrivateAddresses(t *testing.T) {
	dir := t.TempDir()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(harvestCSV)) }))
	defer srv.Close()
	strict := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + dir + "/m.db", "MAILLAGE_MOISSON_ADRESSES_PRIVEES": ""}
	if r := runCmd(t, dir, strict, "sources", "ajouter", "fichier", "--type", "standard", "--url", "file:///etc/passwd"); r.code != 2 || !strings.Contains(r.stderr, "seules les adresses http:// et https:// sont moissonnées") {
		t.Errorf("file:// declared: %+v", r)
	}
	if r := runCmd(t, dir, strict, "sources", "ajouter", "interne", "--type", "standard", "--url", srv.URL+"/lieux.csv"); r.code != 0 {
		t.Fatalf("ajouter: %+v", r)
	}
	r := runCmd(t, dir, strict, "moissonner", "interne")
	if r.code != 1 || !strings.Contains(r.stdout, "Source « interne » : "+srv.URL+"/lieux.csv : connexion à 127.0.0.1 refusée : adresse de bouclage") ||
		!strings.Contains(r.stdout, "--moisson-adresses-privees") {
		t.Errorf("loopback source harvested without the option: %+v", r)
	}
	if r := runCmd(t, dir, strict, "moissonner", "--moisson-adresses-privees", "interne"); r.code != 0 || !strings.Contains(r.stdout, "4 créés") {
		t.Errorf("with --moisson-adresses-privees: %+v", r)
	}
	allowed := map[string]string{"MAILLAGE_DATABASE_URL": strict["MAILLAGE_DATABASE_URL"], "MAILLAGE_MOISSON_ADRESSES_PRIVEES": "1"}
	if r := runCmd(t, dir, allowed, "moissonner", "--forcer", "interne"); r.code != 0 || !strings.Contains(r.stdout, "interne : réussie") {
		t.Errorf("with MAILLAGE_MOISSON_ADRESSES_PRIVEES=1: %+v", r)
	}
}

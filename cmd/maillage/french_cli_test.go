package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The CLI counts in French: « 1 créé », « 0 inchangé », « 1 lieu lu ».
func TestCLICountsInFrench(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	one := filepath.Join(dir, "un.csv")
	writeFile(t, one, "id,nom,commune,code_postal,adresse,latitude,longitude,date_maj,services\n"+
		"seul,Espace numérique,Albi,81000,1 rue du Test,43.93,2.15,2026-10-01,Aide aux démarches administratives\n")
	r := runCmd(t, dir, nil, "import", "--db", db, "--source", "hub", one)
	if r.code != 0 || !strings.Contains(r.stdout, ": 1 créé, 0 mis à jour, 0 inchangé, 0 rejeté — ") {
		t.Errorf("import of one place: %+v", r)
	}
	r = runCmd(t, dir, nil, "import", "--db", db, "--source", "hub", one)
	if r.code != 0 || !strings.Contains(r.stdout, ": 0 créé, 0 mis à jour, 1 inchangé, 0 rejeté — ") {
		t.Errorf("import again: %+v", r)
	}
	for _, bad := range []string{" 1 créés", " 1 inchangés", " 0 rejetés", " 1 avertissements", " 1 normalisations"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("the import says %q: %s", bad, r.stdout)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesHistorique: « sources historique NOM » lists the source's
// last harvests, newest first, with their counts, warnings and error.
func TestSourcesHistorique(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db"), "MAILLAGE_GEOCODER_URL": "aucun"}
	file := filepath.Join(dir, "hub.csv")
	write := func(body string) {
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("id,pivot,nom,commune,code_postal,adresse,date_maj,telephone\nh1,,Médiathèque,Albi,81000,12 rue Pasteur,2026-01-01,pas un numéro\nh2,,EPN,Albi,81000,3 rue Neuve,2026-01-01,\n")
	if r := runCmd(t, dir, env, "sources", "ajouter", "hub", "--type", "standard", "--url", file); r.code != 0 {
		t.Fatalf("sources ajouter: %+v", r)
	}
	if r := runCmd(t, dir, env, "sources", "historique", "hub"); r.code != 0 || !strings.Contains(r.stdout, "n'a jamais été moissonnée") {
		t.Errorf("historique before any harvest: %+v", r)
	}
	if r := runCmd(t, dir, env, "moissonner", "hub"); r.code != 0 {
		t.Fatalf("first harvest: %+v", r)
	}
	write("pas,un,fichier,du,standard\n")
	runCmd(t, dir, env, "moissonner", "hub") // fails: not the standard
	r := runCmd(t, dir, env, "sources", "historique", "hub")
	if r.code != 0 {
		t.Fatalf("historique: %+v", r)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "N°\tDÉBUT\tFIN\tSTATUT\tCRÉÉS") {
		t.Fatalf("historique: want a title, a header and two harvests:\n%s", r.stdout)
	}
	newest, oldest := strings.Split(lines[2], "\t"), strings.Split(lines[3], "\t")
	if newest[3] != "échouée" || newest[10] == "" {
		t.Errorf("newest harvest: %q, want échouée with its error", lines[2])
	}
	if oldest[3] != "réussie" || oldest[4] != "2" || oldest[9] == "0" || oldest[10] != "" {
		t.Errorf("oldest harvest: %q, want réussie, 2 created, its warnings, no error", lines[3])
	}
	if r := runCmd(t, dir, env, "sources", "historique", "inconnue"); r.code == 0 || !strings.Contains(r.stderr, "inconnue") {
		t.Errorf("historique of an unknown source: %+v", r)
	}
}

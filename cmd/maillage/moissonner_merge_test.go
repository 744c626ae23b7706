package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHarvestSeveralSourcesMergesOnce: `moissonner --toutes` runs one
// merge once every source is in (not one per source, each comparing the
// whole registry), says so in its summary, and merges what the sources
// share; on both engines.
func TestHarvestSeveralSourcesMergesOnce(t *testing.T) {
	for name, db := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": db(t), "MAILLAGE_GEOCODER_URL": "aucun"}
			for name, path := range albiCopies(t, dir) {
				if r := runCmd(t, dir, env, "sources", "ajouter", name, "--type", "standard", "--url", path); r.code != 0 {
					t.Fatalf("sources ajouter %s: %+v", name, r)
				}
			}
			r := runCmd(t, dir, env, "moissonner", "--toutes")
			if r.code != 0 || strings.Count(r.stdout, "recherche des doublons : ") != 1 || !strings.Contains(r.stdout, "1 fusion,") {
				t.Fatalf("moissonner --toutes: %+v", r)
			}
			if strings.Contains(r.stdout, "Doublons : ") {
				t.Errorf("a source's harvest ran its own merge: %s", r.stdout)
			}
			if r := runCmd(t, dir, env, "export", "--format", "csv"); r.code != 0 || strings.Count(r.stdout, "\n") != 2 {
				t.Errorf("registry after the merge: %+v", r)
			}
			if r := runCmd(t, dir, env, "doublons", "--comparer"); r.code != 0 || !strings.Contains(r.stdout, "Aucun enregistrement n'attend") {
				t.Errorf("records still waiting after the harvest: %+v", r)
			}
		})
	}
}

// albiCopies writes two sources' copies of one médiathèque, national.csv
// and hub.csv, in dir, and returns their paths by source.
func albiCopies(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for source, body := range map[string]string{
		"national": "id,pivot,nom,commune,code_postal,adresse,date_maj\nn1,,Médiathèque Jean Moulin,Albi,81000,12 rue Pasteur,2026-01-01\n",
		"hub":      "id,pivot,nom,commune,code_postal,adresse,date_maj\nh1,,Mediatheque Jean-Moulin,Albi,81000,12 rue Pasteur,2026-02-01\n",
	} {
		out[source] = filepath.Join(dir, source+".csv")
		if err := os.WriteFile(out[source], []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHarvestMergeFailedIsNotSuccess: a harvest whose import committed
// but whose merge run failed is not reported « réussie » alone: the
// summary, `sources liste` and the run say that the search for
// duplicates failed and will resume.
func TestHarvestMergeFailedIsNotSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.db")
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + path}
	files := map[string]string{
		"national.csv": "id,pivot,nom,commune,code_postal,adresse,date_maj\nn1,,Médiathèque Jean Moulin,Albi,81000,12 rue Pasteur,2026-01-01\n",
		"hub.csv":      "id,pivot,nom,commune,code_postal,adresse,date_maj\nh1,,Mediatheque Jean-Moulin,Albi,81000,12 rue Pasteur,2026-02-01\n",
	}
	for f, body := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(f, ".csv")
		if r := runCmd(t, dir, env, "sources", "ajouter", name, "--type", "standard", "--url", filepath.Join(dir, f)); r.code != 0 {
			t.Fatalf("sources ajouter %s: %+v", name, r)
		}
	}
	if r := runCmd(t, dir, env, "moissonner", "national"); r.code != 0 {
		t.Fatalf("moissonner national: %+v", r)
	}
	// Every merge fails: a redirection cannot be written.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER panne BEFORE INSERT ON redirections BEGIN SELECT RAISE(ABORT, 'panne simulée'); END`); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, dir, env, "moissonner", "hub")
	const failed = "réussie, mais la recherche des doublons a échoué (elle reprendra"
	summary := r.stdout[strings.Index(r.stdout, "Résumé :"):]
	if !strings.Contains(summary, "hub : "+failed) {
		t.Errorf("summary of a harvest whose merge failed:\n%s", summary)
	}
	if r := runCmd(t, dir, env, "sources", "liste"); !strings.Contains(r.stdout, failed) {
		t.Errorf("sources liste after a harvest whose merge failed:\n%s", r.stdout)
	}
}

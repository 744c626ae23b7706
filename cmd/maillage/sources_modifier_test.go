package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesModifier: « sources modifier --priorite » makes a source's
// records give at once the fields of the places they feed with another
// source's (the newer record gave them before), and says how many places
// were computed again; the other settings change too; an unknown source
// or nothing to change is refused.
func TestSourcesModifier(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	const header = "id,pivot,nom,commune,code_postal,adresse,telephone,date_maj,services\n"
	writeFile(t, filepath.Join(dir, "hub.csv"), header+
		"a-1,21810004000011,Médiathèque de Carmaux,Carmaux,81400,Place Gambetta,+33563000000,2026-01-01,Accès internet et matériel informatique\n"+
		"a-2,,EPN de Gaillac,Gaillac,81600,2 rue Portal,,2026-01-01,Aide aux démarches administratives\n")
	writeFile(t, filepath.Join(dir, "dept.csv"), header+
		"b-1,21810004000011,Médiathèque municipale de Carmaux,Carmaux,81400,Place Gambetta,+33563000000,2026-02-01,Accès internet et matériel informatique\n")
	for _, args := range [][]string{
		{"sources", "ajouter", "hub", "--type", "standard", "--url", filepath.Join(dir, "hub.csv")},
		{"sources", "ajouter", "dept", "--type", "standard", "--url", filepath.Join(dir, "dept.csv")},
		{"moissonner", "hub"},
		{"moissonner", "dept"},
	} {
		if r := runCmd(t, dir, env, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	r := runCmd(t, dir, env, "export", "--format", "csv")
	if r.code != 0 || !strings.Contains(r.stdout, "Médiathèque municipale de Carmaux") || strings.Contains(r.stdout, ",Médiathèque de Carmaux,") {
		t.Fatalf("before: the two records are not one place named by the newer: %+v", r)
	}
	r = runCmd(t, dir, env, "sources", "modifier", "hub", "--priorite", "5", "--tous-les", "7j")
	if r.code != 0 || !strings.Contains(r.stdout, "Source « hub » modifiée : priorité 0 → 5, fréquence à la demande → 7j.") ||
		!strings.Contains(r.stdout, "\n1 lieu alimenté aussi par une autre source recalculé.\n") {
		t.Fatalf("modifier: %+v", r)
	}
	r = runCmd(t, dir, env, "export", "--format", "csv")
	if r.code != 0 || !strings.Contains(r.stdout, ",Médiathèque de Carmaux,") || strings.Contains(r.stdout, "Médiathèque municipale de Carmaux") {
		t.Errorf("after: the place is not named by the source of higher priority: %+v", r)
	}
	if r := runCmd(t, dir, env, "sources", "liste"); !strings.Contains(r.stdout, "hub\tstandard\t"+filepath.Join(dir, "hub.csv")+"\t7j\t5\t") {
		t.Errorf("liste: %s", r.stdout)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"hub"}, 2, "rien à modifier"},
		{[]string{"inconnue", "--priorite", "1"}, 1, "Source « inconnue » introuvable"},
		{[]string{"hub", "--url", "file:///etc/passwd"}, 2, "seules les adresses http:// et https://"},
		{[]string{"hub", "--perte-max", "3"}, 2, "entre 0 et 1"},
		{[]string{"hub", "--priorite", "5000"}, 2, "priorité 5000 hors limites"},
		{[]string{"hub", "--tous-les", "1s"}, 2, "--tous-les"},
	} {
		if r := runCmd(t, dir, env, append([]string{"sources", "modifier"}, tt.args...)...); r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("modifier %v: %+v, want exit %d and %q", tt.args, r, tt.code, tt.want)
		}
	}
	if r := runCmd(t, dir, env, "audit", "verifier"); r.code != 0 {
		t.Errorf("verifier: %+v", r)
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// --db, which the general help gives for every command, may come before
// the command; a source declared with a local file that is not there is
// refused with the file's name.
func TestGlobalDBAndMissingSourceFile(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "autre.db")
	file := filepath.Join(dir, "lieux.csv")
	writeFile(t, file, "id,nom\n")
	if r := runCmd(t, dir, nil, "--db", db, "sources", "ajouter", "hub", "--type", "standard", "--url", file); r.code != 0 {
		t.Fatalf("--db before the command: %+v", r)
	}
	for _, args := range [][]string{{"--db", db, "sources", "liste"}, {"--db=" + db, "sources", "liste"}, {"sources", "liste", "--db", db}} {
		if r := runCmd(t, dir, nil, args...); r.code != 0 || !strings.Contains(r.stdout, "hub") {
			t.Errorf("%q: %+v", args, r)
		}
	}
	// The default database (data/maillage.db in the folder) has no source.
	if r := runCmd(t, dir, nil, "sources", "liste"); r.code != 0 || strings.Contains(r.stdout, "hub") {
		t.Errorf("default database: %+v", r)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--db"}, "--db demande une valeur"},
		{[]string{"--strict", "import", "x.csv"}, "option « --strict » inconnue avant la commande"},
		{[]string{"--db", db, "sources", "ajouter", "y", "--type", "standard", "--url", filepath.Join(dir, "nope.csv")},
			"le fichier « " + filepath.Join(dir, "nope.csv") + " » (--url) est introuvable"},
		{[]string{"--db", db, "sources", "ajouter", "z", "--type", "tableur", "--correspondance", "france-services", "--url", dir},
			"« " + dir + " » (--url) est un dossier, pas un fichier"},
	} {
		if r := runCmd(t, dir, nil, tt.args...); r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: %+v, want %q", tt.args, r, tt.want)
		}
	}
}

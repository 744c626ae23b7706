package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two imports in the same second do not share a report: the second gets a
// suffix instead of overwriting the first.
func TestCreateReportExclusive(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rapports", "import-20261201-144252.txt")
	var names []string
	for range 3 {
		f, err := createReport(path, true)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name())
		if _, err := f.WriteString("rapport " + f.Name()); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{path, filepath.Join(dir, "rapports", "import-20261201-144252-2.txt"), filepath.Join(dir, "rapports", "import-20261201-144252-3.txt")}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("report %d: %s, want %s", i, names[i], want[i])
		}
		if string(readFile(t, want[i])) != "rapport "+want[i] {
			t.Errorf("report %d was overwritten", i)
		}
	}
	// A path the person chose is theirs to replace.
	f, err := createReport(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if f.Name() != path {
		t.Errorf("chosen path: %s", f.Name())
	}
}

// A file whose reading stops has the reason in its report, not only on
// stderr.
func TestReportHoldsFatalReason(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	src := filepath.Join(dir, "long.csv")
	writeFile(t, src, "id,nom,commune,code_postal,adresse,date_maj\n1,"+strings.Repeat("a", 400<<10)+",Albi,81000,1 rue,2026-01-01\n")
	for _, ext := range []string{"txt", "json", "csv"} {
		report := filepath.Join(dir, "rapport."+ext)
		r := runCmd(t, dir, env, "import", "--limite-enregistrement", "1Ko", "--limite-valeur", "0", "--rapport", report, src)
		if r.code == 0 {
			t.Fatalf("import of a too long record: %+v", r)
		}
		b, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "lecture arrêtée") || !strings.Contains(string(b), "--limite-enregistrement") {
			t.Errorf("%s report lacks the reason: %q (stderr %q)", ext, b, r.stderr)
		}
	}
}

package main

import (
	"encoding/csv"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// `maillage diagnostic implanter --candidats` writes back the ids and
// names of the file: in CSV a value that would start a formula gets a
// leading apostrophe (as the doublons' lists); in text, a control
// character cannot reach the terminal (the file is refused).
func TestDiagnosticImplanterCSVNeutralisesFormulas(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	diagnosticDB(t, dir, db)
	cands := filepath.Join(dir, "candidats.csv")
	writeFile(t, cands, "id;nom;latitude;longitude;code_insee\n"+
		"@x;\"=HYPERLINK(\"\"http://example.invalid\"\";\"\"clic\"\")\";45.1798643212;4;\n"+
		"-y;+Site Y;;;02002\n")
	r := runCmd(t, dir, nil, "diagnostic", "implanter", "--db", db, "--territoire", "departement:02", "--nombre", "2",
		"--service", "Aide aux démarches administratives", "--candidats", cands)
	if r.code != 0 {
		t.Fatalf("implanter: %+v", r)
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows %q", rows)
	}
	for _, row := range rows[1:] {
		for _, v := range row {
			if _, err := strconv.ParseFloat(v, 64); v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) && err != nil {
				t.Errorf("a cell starts a formula: %q in %q", v, row)
			}
		}
	}
	for _, want := range []string{`'=HYPERLINK("http://example.invalid";"clic")`, "'@x", "'+Site Y", "'-y"} {
		if !strings.Contains(strings.Join(append(rows[1], rows[2]...), "|"), want) {
			t.Errorf("no %s in %q", want, rows)
		}
	}
	writeFile(t, cands, "id;nom;latitude;longitude\na;\"Site\x1b]0;titre\x07\";45.1;4\n")
	r = runCmd(t, dir, nil, "diagnostic", "implanter", "--db", db, "--territoire", "departement:02", "--nombre", "1", "--candidats", cands, "--format", "text")
	if want := `candidats.csv, ligne 2, colonne « nom », valeur « Site\x1b]0;titre\x07 » : caractère de contrôle`; r.code != 1 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("control characters: %+v\nwant %q", r, want)
	}
}

package main

import (
	"encoding/csv"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDoublonsCSVNeutralisesFormulas: the lists of `doublons` in CSV are
// opened by coordinators in a spreadsheet: a value that would start a
// formula (=, +, -, @; numbers such as -77 excepted) gets a leading
// apostrophe, as in the reports.
func TestDoublonsCSVNeutralisesFormulas(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	hub := filepath.Join(dir, "hub.csv")
	writeFile(t, hub, dedupHeader+
		"=1+2,,@Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n"+
		"@a1,,+Association Alpha,Albi,81000,81004,Le Bourg,,,,2025-01-10,\n")
	national := filepath.Join(dir, "national.csv")
	writeFile(t, national, dedupHeader+
		"-77,,@MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2026-01-10,\n"+
		"+78,,-Association Alpha,Albi,81000,81004,Centre-ville,,,,2026-01-10,\n")
	if r := runCmd(t, dir, env, "import", "--source", "hub", hub); r.code != 0 {
		t.Fatalf("import hub: %+v", r)
	}
	if r := runCmd(t, dir, env, "import", "--source", "national", national); r.code != 0 {
		t.Fatalf("import national: %+v", r)
	}
	for _, args := range [][]string{{"doublons", "--format", "csv"}, {"doublons", "--a-verifier", "--format", "csv"}} {
		r := runCmd(t, dir, env, args...)
		if r.code != 0 {
			t.Fatalf("%s: %+v", strings.Join(args, " "), r)
		}
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 {
			t.Fatalf("%s: %q", strings.Join(args, " "), rows)
		}
		for _, row := range rows[1:] {
			for _, v := range row {
				if _, err := strconv.ParseFloat(v, 64); v != "" && strings.ContainsRune("=+-@", rune(v[0])) && err != nil { // numbers are numbers
					t.Errorf("%s: a cell starts a formula: %q in %q", strings.Join(args, " "), v, row)
				}
			}
		}
		if !strings.Contains(r.stdout, "'=") && !strings.Contains(r.stdout, "'@") {
			t.Errorf("%s: no value kept with an apostrophe:\n%s", strings.Join(args, " "), r.stdout)
		}
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// inseeCSV has places whose INSEE code is missing (derived or not) or is
// their postcode: import derives or corrects it against the referential,
// and so must validate.
const inseeCSV = `id,nom,commune,code_postal,code_insee,adresse,services,date_maj
a,EPN de Gaillac,Gaillac,81600,,1 place de la Libération,Aide aux démarches administratives,2026-01-02
b,EPN de Toulouse,Toulouse,31000,31000,2 rue du Taur,Aide aux démarches administratives,2026-01-02
c,EPN perdu,Nullepart,99999,,3 rue X,Aide aux démarches administratives,2026-01-02
d,EPN d'Albi,Albi,81000,81004,4 rue Y,Aide aux démarches administratives,2026-01-02
`

// reportRules reads a JSON report and returns the rules of its
// diagnostics about code_insee, sorted.
func reportRules(t *testing.T, data []byte) []string {
	t.Helper()
	var ds []struct {
		Champ, Regle, Gravite string
	}
	if err := json.Unmarshal(data, &ds); err != nil {
		t.Fatalf("report: %v\n%s", err, data)
	}
	var out []string
	for _, d := range ds {
		if d.Champ == "code_insee" {
			out = append(out, d.Gravite+" "+d.Regle)
		}
	}
	slices.Sort(out)
	return out
}

// TestValidateDerivesINSEE: validate says about code_insee what import
// says, with the referential of the database and without one.
func TestValidateDerivesINSEE(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "hub.csv")
	if err := os.WriteFile(file, []byte(inseeCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	tdata := "../../internal/territory/testdata/"
	for _, loaded := range []bool{false, true} {
		db := "sqlite:" + filepath.Join(dir, "vide.db")
		if loaded {
			db = "sqlite:" + filepath.Join(dir, "m.db")
			if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", abs(t, tdata+"centres.csv"), abs(t, tdata+"decoupage")); r.code != 0 {
				t.Fatalf("territoires import: %+v", r)
			}
		}
		v := runCmd(t, dir, nil, "validate", "--db", db, "--format", "json", file)
		if v.code != 0 {
			t.Fatalf("validate: %+v", v)
		}
		validated := reportRules(t, []byte(v.stdout))
		report := filepath.Join(dir, "rapport.json")
		if r := runCmd(t, dir, nil, "import", "--db", db, "--rapport", report, file); r.code != 0 {
			t.Fatalf("import: %+v", r)
		}
		imported := reportRules(t, readFile(t, report))
		if len(imported) == 0 || !slices.Equal(validated, imported) {
			t.Errorf("loaded=%v: validate says %q about code_insee, import %q", loaded, validated, imported)
		}
		// The summaries agree too.
		vsum := v.stderr[strings.LastIndex(v.stderr, ":")+1:]
		if !strings.Contains(vsum, "avertissement") {
			t.Errorf("validate's summary: %q", v.stderr)
		}
	}
}

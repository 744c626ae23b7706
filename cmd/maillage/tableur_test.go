package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is a spreadsheet of internal/tableur's tests.
func fixture(name string) string {
	return filepath.Join(packageDir, "..", "..", "internal", "tableur", "testdata", name)
}

func TestValidateSpreadsheet(t *testing.T) {
	for _, name := range []string{"france-services.xlsx", "france-services.csv"} {
		f := fixture(name)
		r := runCmd(t, "", nil, "validate", "--correspondance", "france-services", f)
		if r.code != 0 {
			t.Fatalf("%s: %+v", name, r)
		}
		// The conversion's diagnostics and the standard's both name the
		// spreadsheet's lines.
		line105 := map[string]string{"france-services.xlsx": "ligne 6", "france-services.csv": "ligne 8"}[name]
		for _, want := range []string{
			f + ", " + line105 + " : avertissement [id 105] champ h_lundi valeur « sur rendez-vous »",
			f + " : 5 × avertissement champ pivot (règle pivot-fictif), par exemple ligne 2 [id 101], ligne 3 [id 102], ",
			"(règle correspondance-valeur)",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s: report lacks %q:\n%s", name, want, r.stdout)
			}
		}
		if strings.Contains(r.stdout, ", élément ") {
			t.Errorf("%s: a diagnostic names a JSON element:\n%s", name, r.stdout)
		}
		// The columns the correspondence reads or keeps are not unknown.
		if strings.Contains(r.stdout, "colonne-inconnue") {
			t.Errorf("%s: columns the correspondence reads called unknown:\n%s", name, r.stdout)
		}
		if !strings.Contains(r.stderr, "correspondance « france-services ») : 5 lieux lus : 5 acceptés") {
			t.Errorf("%s: summary %q", name, r.stderr)
		}
	}
}

func TestValidateBadCorrespondence(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "hub.yaml")
	writeFile(t, bad, "champs:\n  id: code\n  typologies: type\n")
	for _, tt := range []struct {
		corr, want string
	}{
		{"france-service", "ni une correspondance intégrée (france-services), ni un fichier"},
		{bad, bad + ", ligne 3 : champs.typologies : « typologies » n'est pas un champ du standard"},
	} {
		r := runCmd(t, "", nil, "validate", "--correspondance", tt.corr, fixture("france-services.csv"))
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("--correspondance %s: code %d, stderr %q, want %q", tt.corr, r.code, r.stderr, tt.want)
		}
	}
	// A spreadsheet without the columns of the correspondence.
	other := filepath.Join(dir, "autre.csv")
	writeFile(t, other, "a;b\n1;2\n")
	r := runCmd(t, "", nil, "validate", "--correspondance", "france-services", other)
	if r.code != 1 || !strings.Contains(r.stderr, "colonnes absentes de l'en-tête : « id_fs »") {
		t.Errorf("other layout: %+v", r)
	}
}

func TestImportSpreadsheet(t *testing.T) {
	for name, db := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": db(t)}
			report := filepath.Join(dir, "rapport.csv")
			r := runCmd(t, dir, env, "import", "--correspondance", "france-services", "--source", "france-services", "--rapport", report, fixture("france-services.xlsx"))
			if r.code != 0 || !strings.Contains(r.stdout, "(source « france-services », XLSX") || !strings.Contains(r.stdout, "5 créés") {
				t.Fatalf("import: %+v", r)
			}
			text := string(readFile(t, report))
			if !strings.Contains(text, "france-services.xlsx,6,,105,avertissement,h_lundi,sur rendez-vous,correspondance-horaires") ||
				!strings.Contains(text, "france-services.xlsx,2,,101,avertissement,pivot") || strings.Contains(text, "colonne-inconnue") {
				t.Errorf("report:\n%s", text)
			}
			r = runCmd(t, dir, env, "export", "--format", "json")
			var all []map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
				t.Fatal(err, r.stdout)
			}
			byNom := map[string]map[string]any{}
			for _, l := range all {
				byNom[l["nom"].(string)] = l
			}
			bus := byNom["Bus France services du Lauragais imaginaire"]
			if len(all) != 5 || bus == nil || bus["itinerance"] != "Itinérant" || bus["dispositif_programmes_nationaux"] != "France Services" {
				t.Errorf("exported %d places, the bus: %v", len(all), bus)
			}
			// The file's modification time dates the places.
			fi, err := os.Stat(fixture("france-services.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			if want := fi.ModTime().Format("2006-01-02"); bus["date_maj"] != want {
				t.Errorf("date_maj = %v, want the file's date %s", bus["date_maj"], want)
			}
		})
	}
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoublonsExplainsComponents: for a merged place, every output of
// « maillage doublons » gives each component's points of the pair that
// joined a record, not only the total.
func TestDoublonsExplainsComponents(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": url(t)}
			hub := filepath.Join(dir, "hub.csv")
			writeFile(t, hub, dedupHeader+
				"m1,,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n")
			national := filepath.Join(dir, "national.csv")
			writeFile(t, national, dedupHeader+
				"N-77,,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2026-01-10,\n")
			for _, src := range [][2]string{{"hub", hub}, {"national", national}} {
				if r := runCmd(t, dir, env, "import", "--source", src[0], src[1]); r.code != 0 {
					t.Fatalf("import %s: %+v", src[0], r)
				}
			}
			// The pair: same words of the name (+4), same number in the
			// same street (+3), 345 m (+1), same INSEE code (+0,5), same
			// phone (+1,5).
			wantParts := []string{"Nom +4 (mêmes mots distinctifs)", "Adresse +3 (même numéro, même voie)", "Distance +1 (", "Téléphone +1,5"}

			r := runCmd(t, dir, env, "doublons", "--format", "csv")
			if r.code != 0 {
				t.Fatalf("doublons csv: %+v", r)
			}
			rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			ci, ok := col["composantes"]
			if !ok || len(rows) != 3 {
				t.Fatalf("csv %q: want a column composantes and two records", rows)
			}
			for _, row := range rows[1:] {
				for _, want := range wantParts {
					if !strings.Contains(row[ci], want) {
						t.Errorf("csv row %q: composantes does not say %q", row, want)
					}
				}
			}
			if rows[1][col["paire_source"]] != "national" || rows[1][col["paire_id"]] != "N-77" {
				t.Errorf("csv row %q: want the pair's other record national N-77", rows[1])
			}

			r = runCmd(t, dir, env, "doublons", "--format", "json")
			if r.code != 0 {
				t.Fatalf("doublons json: %+v", r)
			}
			var clusters []struct {
				Enregistrements []struct {
					ID          string
					Composantes []struct {
						Composante string
						Points     float64
						Note       string
					}
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &clusters); err != nil {
				t.Fatalf("%v: %s", err, r.stdout)
			}
			if len(clusters) != 1 || len(clusters[0].Enregistrements) != 2 {
				t.Fatalf("json %s", r.stdout)
			}
			c := clusters[0].Enregistrements[0].Composantes
			if len(c) == 0 || c[0].Composante != "Nom" || c[0].Points != 4 || c[0].Note != "mêmes mots distinctifs" {
				t.Errorf("json components %+v", c)
			}

			r = runCmd(t, dir, env, "doublons")
			if r.code != 0 {
				t.Fatalf("doublons text: %+v", r)
			}
			for _, want := range wantParts {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("text does not say %q:\n%s", want, r.stdout)
				}
			}
		})
	}
}

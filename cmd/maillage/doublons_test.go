package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

const dedupHeader = "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,telephone,date_maj,itinerance\n"

// TestDoublons: two sources describe the same médiathèque (merged by the
// import of the second), an association twice without address (to review),
// and a mairie beside a France services in its building (distinct).
func TestDoublons(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": url(t)}
			hub := filepath.Join(dir, "hub.csv")
			writeFile(t, hub, dedupHeader+
				"m1,,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n"+
				"a1,,Association Alpha,Albi,81000,81004,Le Bourg,,,,2025-01-10,\n"+
				"mairie,,Mairie d'Albi,Albi,81000,81004,16 rue de l'Hôtel de ville,43.9290,2.1460,,2025-01-10,Fixe\n")
			national := filepath.Join(dir, "national.csv")
			writeFile(t, national, dedupHeader+
				"N-77,,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2026-01-10,\n"+
				"N-78,,Association Alpha,Albi,81000,81004,Centre-ville,,,,2026-01-10,\n"+
				"fs,,France services d'Albi,Albi,81000,81004,16 rue de l'Hôtel de ville,43.9290,2.1460,,2026-01-10,Fixe\n")
			if r := runCmd(t, dir, env, "import", "--source", "hub", hub); r.code != 0 {
				t.Fatalf("import hub: %+v", r)
			}
			r := runCmd(t, dir, env, "import", "--source", "national", national)
			if r.code != 0 || !strings.Contains(r.stdout, "doublons : ") || !strings.Contains(r.stdout, "1 fusion,") {
				t.Fatalf("import national: %+v", r)
			}

			r = runCmd(t, dir, env, "doublons", "--format", "csv")
			if r.code != 0 {
				t.Fatalf("doublons: %+v", r)
			}
			rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 || strings.Join(rows[0][:6], ",") != "cluster_id,source,id,lieu,score,decision" {
				t.Fatalf("csv %q", rows)
			}
			// The survivor is the older place (hub's m1); the national
			// record keeps the id its source gave it.
			got := []string{strings.Join(rows[1][:4], ","), strings.Join(rows[2][:4], ",")}
			want := []string{"m1,hub,m1,m1", "m1,national,N-77,m1"}
			if got[0] != want[0] || got[1] != want[1] {
				t.Errorf("csv rows %q, want %q", got, want)
			}
			for _, row := range rows[1:] {
				if row[4] == "" || row[5] != "auto" {
					t.Errorf("row %q: want a score and decision auto", row)
				}
			}
			// The absorbed place's id redirects to the survivor.
			if r := runCmd(t, dir, env, "export", "--format", "json"); strings.Contains(r.stdout, `"N-77"`) {
				t.Errorf("the absorbed place is still published: %s", r.stdout)
			}

			r = runCmd(t, dir, env, "doublons", "--a-verifier", "--format", "json")
			if r.code != 0 {
				t.Fatalf("doublons --a-verifier: %+v", r)
			}
			var pairs []struct {
				A, B        struct{ Source, ID string }
				Score       float64
				Composantes struct {
					Nom struct {
						Points float64
						Note   string
					}
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &pairs); err != nil {
				t.Fatalf("%v: %s", err, r.stdout)
			}
			if len(pairs) != 1 || pairs[0].A.ID+pairs[0].B.ID != "a1N-78" && pairs[0].A.ID+pairs[0].B.ID != "N-78a1" ||
				pairs[0].Composantes.Nom.Note == "" {
				t.Errorf("pairs to review: %+v", pairs)
			}
			r = runCmd(t, dir, env, "doublons", "--a-verifier")
			for _, want := range []string{"1. score", "Association Alpha", "Nom", "Adresse", "1 paire à vérifier"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("text review: no %q in %s", want, r.stdout)
				}
			}
			r = runCmd(t, dir, env, "doublons")
			if !strings.Contains(r.stdout, "1 lieu fusionné") || !strings.Contains(r.stdout, "fusion automatique") {
				t.Errorf("text: %s", r.stdout)
			}
			if r := runCmd(t, dir, env, "doublons", "--format", "xml"); r.code != 2 {
				t.Errorf("bad format: %+v", r)
			}
		})
	}
}

// The thresholds are configuration: with a merge threshold no pair
// reaches, the same médiathèque waits for review instead.
func TestDoublonsThresholds(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db"), "MAILLAGE_DOUBLONS_FUSION": "99,5"}
	hub := filepath.Join(dir, "hub.csv")
	writeFile(t, hub, dedupHeader+"m1,,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n")
	national := filepath.Join(dir, "national.csv")
	writeFile(t, national, dedupHeader+"N-77,,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2026-01-10,\n")
	for src, f := range map[string]string{"hub": hub, "national": national} {
		if r := runCmd(t, dir, env, "import", "--source", src, f); r.code != 0 {
			t.Fatalf("import %s: %+v", src, r)
		}
	}
	if r := runCmd(t, dir, env, "doublons", "--format", "csv"); strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("merged places with a threshold of 99,5: %q", r.stdout)
	}
	if r := runCmd(t, dir, env, "doublons", "--a-verifier", "--format", "csv"); strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("pairs to review: %q", r.stdout)
	}
	env["MAILLAGE_DOUBLONS_A_VERIFIER"] = "beaucoup"
	if r := runCmd(t, dir, env, "import", "--source", "hub", hub); r.code != 2 || !strings.Contains(r.stderr, "MAILLAGE_DOUBLONS_A_VERIFIER") {
		t.Errorf("a threshold that is no number: %+v", r)
	}
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoublonsClusterIDStable: a merged place's cluster_id in the CSV and
// the JSON is the same after another harvest brings a new merged place that
// sorts before it, and after a re-harvest of the same sources: it names the
// surviving place (its public id), never a position in the list.
func TestDoublonsClusterIDStable(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	hub := filepath.Join(dir, "hub.csv")
	writeFile(t, hub, dedupHeader+
		"m1,,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n")
	national := filepath.Join(dir, "national.csv")
	writeFile(t, national, dedupHeader+
		"N-77,,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2026-01-10,\n")
	// Another pair, published under ids that sort before m1.
	early := filepath.Join(dir, "early.csv")
	writeFile(t, early, dedupHeader+
		"a0,,Espace public numérique Victor Hugo,Castres,81100,81065,3 place Victor Hugo,43.6060,2.2400,05 63 00 00 09,2025-01-10,Fixe\n")
	early2 := filepath.Join(dir, "early2.csv")
	writeFile(t, early2, dedupHeader+
		"a00,,EPN VICTOR HUGO,Castres,81100,81065,3 pl. Victor Hugo,43.6061,2.2400,+33 5 63 00 00 09,2026-01-10,Fixe\n")

	clusterOf := func(step string) (csvID, jsonID string) {
		t.Helper()
		r := runCmd(t, dir, env, "doublons", "--format", "csv")
		if r.code != 0 {
			t.Fatalf("%s: doublons: %+v", step, r)
		}
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			if row[1] == "national" && row[2] == "N-77" {
				csvID = row[0]
			}
		}
		r = runCmd(t, dir, env, "doublons", "--format", "json")
		if r.code != 0 {
			t.Fatalf("%s: doublons json: %+v", step, r)
		}
		var cs []struct {
			ClusterID       any `json:"cluster_id"`
			Enregistrements []struct{ Source, ID string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil {
			t.Fatalf("%s: %v: %s", step, err, r.stdout)
		}
		for _, c := range cs {
			for _, m := range c.Enregistrements {
				if m.Source == "national" && m.ID == "N-77" {
					s, ok := c.ClusterID.(string)
					if !ok {
						t.Fatalf("%s: cluster_id %v is not a string", step, c.ClusterID)
					}
					jsonID = s
				}
			}
		}
		return csvID, jsonID
	}

	for _, f := range []struct{ src, path string }{{"hub", hub}, {"national", national}} {
		if r := runCmd(t, dir, env, "import", "--source", f.src, f.path); r.code != 0 {
			t.Fatalf("import %s: %+v", f.src, r)
		}
	}
	c1, j1 := clusterOf("first")
	if c1 != "m1" || j1 != "m1" {
		t.Fatalf("cluster of N-77: csv %q, json %q, want the surviving place m1", c1, j1)
	}
	for _, f := range []struct{ src, path string }{{"early", early}, {"early2", early2}, {"hub", hub}, {"national", national}} {
		if r := runCmd(t, dir, env, "import", "--source", f.src, f.path); r.code != 0 {
			t.Fatalf("import %s: %+v", f.src, r)
		}
	}
	r := runCmd(t, dir, env, "doublons")
	if !strings.Contains(r.stdout, "2 lieux fusionnés") {
		t.Fatalf("the second merge did not happen: %s", r.stdout)
	}
	if c2, j2 := clusterOf("after another harvest"); c2 != c1 || j2 != j1 {
		t.Errorf("cluster of N-77 moved: csv %q → %q, json %q → %q", c1, c2, j1, j2)
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDoublonsSeparerSurvivesHarvests: a wrong merge split from the CLI
// stays split when the same sources are harvested again with changed
// records (so that the merge run compares them again), on both engines.
func TestDoublonsSeparerSurvivesHarvests(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": url(t)}
			write := func(file, date string) (hub, national string) {
				hub, national = filepath.Join(dir, "hub-"+file), filepath.Join(dir, "national-"+file)
				writeFile(t, hub, dedupHeader+
					"m1,,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,"+date+",Fixe\n")
				writeFile(t, national, dedupHeader+
					"N-77,,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,"+date+",\n")
				return hub, national
			}
			harvest := func(hub, national string) {
				t.Helper()
				for _, f := range []struct{ src, path string }{{"hub", hub}, {"national", national}} {
					if r := runCmd(t, dir, env, "import", "--source", f.src, f.path); r.code != 0 {
						t.Fatalf("import %s: %+v", f.src, r)
					}
				}
			}
			harvest(write("1.csv", "2025-01-10"))
			if r := runCmd(t, dir, env, "doublons"); !strings.Contains(r.stdout, "1 lieu fusionné") {
				t.Fatalf("no merge to split: %s", r.stdout)
			}
			r := runCmd(t, dir, env, "doublons", "separer", "national", "N-77")
			if r.code != 0 || !strings.Contains(r.stdout, "séparé du lieu m1") {
				t.Fatalf("separer: %+v", r)
			}
			// The same sources, every record changed: compared again.
			harvest(write("2.csv", "2026-02-01"))
			if r := runCmd(t, dir, env, "doublons"); !strings.Contains(r.stdout, "Aucun lieu fusionné") {
				t.Errorf("after a new harvest of the same sources: %s", r.stdout)
			}
			if r := runCmd(t, dir, env, "doublons", "--format", "csv"); strings.Count(r.stdout, "\n") != 1 {
				t.Errorf("merged records after the harvest: %q", r.stdout)
			}
			// Nothing left to split; an unknown record.
			if r := runCmd(t, dir, env, "doublons", "separer", "national", "N-77"); r.code == 0 || !strings.Contains(r.stderr, "rien à séparer") {
				t.Errorf("splitting again: %+v", r)
			}
			if r := runCmd(t, dir, env, "doublons", "separer", "national", "absent"); r.code == 0 || !strings.Contains(r.stderr, "introuvable") {
				t.Errorf("unknown record: %+v", r)
			}
			if r := runCmd(t, dir, env, "doublons", "separer", "national"); r.code != 2 {
				t.Errorf("one argument: %+v", r)
			}
		})
	}
}

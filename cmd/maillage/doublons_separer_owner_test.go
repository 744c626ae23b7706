package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDoublonsSeparerKeepsTheIDWithItsRecord: splitting off the record a
// place was published from leaves the place's id with that record (the
// id keeps meaning the same real place); the other record leaves, and the
// CLI says so.
func TestDoublonsSeparerKeepsTheIDWithItsRecord(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	hub, national := filepath.Join(dir, "hub.csv"), filepath.Join(dir, "national.csv")
	writeFile(t, hub, dedupHeader+"m1,,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n")
	writeFile(t, national, dedupHeader+"N-77,,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2025-01-10,\n")
	for _, f := range []struct{ src, path string }{{"hub", hub}, {"national", national}} {
		if r := runCmd(t, dir, env, "import", "--source", f.src, f.path); r.code != 0 {
			t.Fatalf("import %s: %+v", f.src, r)
		}
	}
	r := runCmd(t, dir, env, "doublons", "separer", "hub", "m1")
	if r.code != 0 || !strings.Contains(r.stdout, "le lieu m1 vient de lui et reste le sien") || !strings.Contains(r.stdout, "sont désormais le lieu N-77") {
		t.Fatalf("separer: %+v", r)
	}
	r = runCmd(t, dir, env, "doublons", "--format", "csv")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("merged records after the split: %+v", r)
	}
}

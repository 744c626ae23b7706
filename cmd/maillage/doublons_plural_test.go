package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDoublonsCountsInFrench: one pair to review, one merged place are
// counted in the singular, as French does for 0 and 1 (« 1 paire à
// vérifier. », « 1 lieu fusionné. »).
func TestDoublonsCountsInFrench(t *testing.T) {
	for _, tt := range []struct {
		name, fusion string
		args         []string
		want         string
	}{
		{"review", "99,5", []string{"doublons", "--a-verifier"}, "1 paire à vérifier.\n"},
		{"merged", "", []string{"doublons"}, "1 lieu fusionné.\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
			if tt.fusion != "" {
				env["MAILLAGE_DOUBLONS_FUSION"] = tt.fusion
			}
			importAlbiPair(t, dir, env)
			r := runCmd(t, dir, env, tt.args...)
			if r.code != 0 {
				t.Fatal(r)
			}
			if !strings.HasSuffix(r.stdout, tt.want) {
				t.Errorf("%v ends:\n%s\nwant %q", tt.args, r.stdout, tt.want)
			}
		})
	}
}

// importAlbiPair imports one médiathèque of Albi from two sources, hub
// « m1 » and national « N-77 »: one pair, merged or to review by the
// thresholds in env.
func importAlbiPair(t *testing.T, dir string, env map[string]string) {
	t.Helper()
	importPair(t, dir, env, "m1", "N-77")
}

// importPair imports the médiathèque of importAlbiPair under the ids
// hubID and nationalID (CSV fields, quoted if need be).
func importPair(t *testing.T, dir string, env map[string]string, hubID, nationalID string) {
	t.Helper()
	hub := filepath.Join(dir, "hub.csv")
	writeFile(t, hub, dedupHeader+hubID+",,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n")
	national := filepath.Join(dir, "national.csv")
	writeFile(t, national, dedupHeader+nationalID+",,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2026-01-10,\n")
	// hub first: its place is created first, and survives the merge.
	for _, in := range []struct{ src, file string }{{"hub", hub}, {"national", national}} {
		if r := runCmd(t, dir, env, "import", "--source", in.src, in.file); r.code != 0 {
			t.Fatalf("import %s: %+v", in.src, r)
		}
	}
}

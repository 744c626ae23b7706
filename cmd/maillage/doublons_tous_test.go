package main

import (
	"strings"
	"testing"
)

// TestDoublonsCompareAll: `doublons --comparer --tous` compares every
// current record again, not only those waiting; --tous alone is refused.
func TestDoublonsCompareAll(t *testing.T) {
	for name, db := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": db(t), "MAILLAGE_GEOCODER_URL": "aucun"}
			copies := albiCopies(t, dir)
			for _, source := range []string{"national", "hub"} {
				if r := runCmd(t, dir, env, "import", "--source", source, copies[source]); r.code != 0 {
					t.Fatalf("import %s: %+v", source, r)
				}
			}
			if r := runCmd(t, dir, env, "doublons", "--comparer"); r.code != 0 || !strings.Contains(r.stdout, "Aucun enregistrement n'attend") {
				t.Fatalf("records still waiting after the imports: %+v", r)
			}
			r := runCmd(t, dir, env, "doublons", "--comparer", "--tous")
			if r.code != 0 || !strings.Contains(r.stdout, "2 enregistrements actuels à comparer.") || !strings.Contains(r.stdout, "1 paire comparée : 1 même lieu (dont 1 déjà dans un même lieu)") {
				t.Errorf("doublons --comparer --tous: %+v", r)
			}
			if r := runCmd(t, dir, env, "doublons", "--comparer"); r.code != 0 || !strings.Contains(r.stdout, "Aucun enregistrement n'attend") {
				t.Errorf("records still waiting after --tous: %+v", r)
			}
			if r := runCmd(t, dir, env, "doublons", "--tous"); r.code != 2 || !strings.Contains(r.stderr, "--tous ne va qu'avec --comparer") {
				t.Errorf("doublons --tous alone: %+v", r)
			}
		})
	}
}

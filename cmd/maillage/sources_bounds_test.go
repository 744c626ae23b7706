package main

import (
	"strings"
	"testing"
)

// « sources ajouter » refuses, in French, other schemes than http(s) and
// paths, intervals under 5 minutes (1ns was echoed then stored as 0) and
// priorities out of bounds.
func TestSourcesAjouterBounds(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + dir + "/m.db"}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--url", "ftp://x/y"}, "schéma « ftp » refusé"},
		{[]string{"--url", "file:///etc/passwd"}, "schéma « file » refusé"},
		{[]string{"--url", "x.csv", "--tous-les", "1ns"}, "au moins 5 minutes"},
		{[]string{"--url", "x.csv", "--tous-les", "500ms"}, "au moins 5 minutes"},
		{[]string{"--url", "x.csv", "--priorite", "-99999999999"}, "entre -1000 et 1000"},
	} {
		r := runCmd(t, dir, env, append([]string{"sources", "ajouter", "hub", "--type", "standard"}, tt.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("sources ajouter %v: %+v, want exit 2 and %q", tt.args, r, tt.want)
		}
	}
	if r := runCmd(t, dir, env, "sources", "liste"); r.code != 0 || !strings.Contains(r.stdout, "Aucune source déclarée") {
		t.Errorf("something was declared: %+v", r)
	}
}

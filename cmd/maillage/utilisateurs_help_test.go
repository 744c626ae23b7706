package main

import (
	"strings"
	"testing"
)

// "maillage utilisateurs -h" and "maillage help utilisateurs" describe
// every subcommand, not only "ajouter".
func TestUtilisateursHelp(t *testing.T) {
	for _, args := range [][]string{{"utilisateurs", "-h"}, {"utilisateurs", "--help"}, {"help", "utilisateurs"}} {
		r := runCmd(t, "", nil, args...)
		if r.code != 0 {
			t.Errorf("%v: status %d, %s", args, r.code, r.stderr)
		}
		for _, want := range []string{"maillage utilisateurs ajouter --role ROLE", "maillage utilisateurs liste",
			"maillage utilisateurs modifier --role ROLE", "maillage utilisateurs supprimer NUMERO", "--territoires", "maillage utilisateurs modifier -h"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v lacks %q:\n%s", args, want, r.stdout)
			}
		}
	}
}

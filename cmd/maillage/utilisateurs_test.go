package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The command line keeps an administrator too, and can change a role
// (the recovery path when nobody can sign in as an administrator).
func TestUtilisateursKeepAnAdministrator(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	for _, args := range [][]string{{"--role", "administrateur", "admin@hub.fr"}, {"--role", "coordinateur", "--territoires", "departement:81", "coord@tarn.fr"}} {
		if r := runCmd(t, dir, nil, append([]string{"utilisateurs", "ajouter", "--db", db}, args...)...); r.code != 0 {
			t.Fatal(r)
		}
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "supprimer", "--db", db, "1"); r.code != 1 || r.stderr != "maillage : C'est le seul compte administrateur : nommez d'abord un autre administrateur, puis supprimez ce compte.\n" {
		t.Errorf("deleting the only administrator: %+v", r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "modifier", "--db", db, "--role", "contributeur", "admin@hub.fr"); r.code != 1 || r.stderr != "maillage : C'est le seul compte administrateur : nommez d'abord un autre administrateur, puis changez ce rôle.\n" {
		t.Errorf("demoting the only administrator: %+v", r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "modifier", "--db", db, "--role", "roi", "2"); r.code != 2 {
		t.Errorf("unknown role: %+v", r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "modifier", "--db", db, "--role", "administrateur", "coord@tarn.fr"); r.code != 0 || !strings.Contains(r.stdout, "Compte 2 modifié : coord@tarn.fr (administrateur)") {
		t.Errorf("promote: %+v", r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "modifier", "--db", db, "--role", "coordinateur", "--territoires", "departement:31,epci:243100518", "1"); r.code != 0 {
		t.Errorf("demote with another administrator: %+v", r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "modifier", "--db", db, "--role", "coordinateur", "9"); r.code != 1 || !strings.Contains(r.stderr, "aucun compte") {
		t.Errorf("unknown account: %+v", r)
	}
	r := runCmd(t, dir, nil, "utilisateurs", "liste", "--db", db)
	if !strings.Contains(r.stdout, "admin@hub.fr\tcoordinateur\t\tdepartement:31,epci:243100518") || !strings.Contains(r.stdout, "coord@tarn.fr\tadministrateur") {
		t.Errorf("liste: %q", r.stdout)
	}
}

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
	if r := runCmd(t, dir, nil, "utilisateurs", "modifier", "--db", db, "--role", "coordinateur", "--territoires", "departement:81", "9"); r.code != 1 || !strings.Contains(r.stderr, "aucun compte") {
		t.Errorf("unknown account: %+v", r)
	}
	r := runCmd(t, dir, nil, "utilisateurs", "liste", "--db", db)
	if !strings.Contains(r.stdout, "admin@hub.fr\tcoordinateur\t\tdepartement:31,epci:243100518") || !strings.Contains(r.stdout, "coord@tarn.fr\tadministrateur") {
		t.Errorf("liste: %q", r.stdout)
	}
}

// TestUtilisateursTerritories: a coordinator's territories are checked
// against the referential loaded in the database, and the error names
// the value; a coordinator without territory, or territories for another
// role, are refused; with no referential loaded yet, the territories are
// taken and stderr says they were not checked. An unknown role (the
// issue's « prescripteur ») is told that any account may orient. On both
// databases (review 12N minor 11).
func TestUtilisateursTerritories(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := url(t)
			add := func(args ...string) result {
				t.Helper()
				return runCmd(t, dir, nil, append([]string{"utilisateurs", "ajouter", "--db", db}, args...)...)
			}
			// Before any referential: taken, said unchecked.
			if r := add("--role", "coordinateur", "--territoires", "epci:999999999", "avant@hub.fr"); r.code != 0 ||
				!strings.Contains(r.stderr, "aucun référentiel des territoires chargé") || !strings.Contains(r.stderr, "epci:999999999 non vérifié") {
				t.Errorf("no referential: %+v", r)
			}
			if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", "aucun", abs(t, "../../internal/territory/testdata/decoupage")); r.code != 0 {
				t.Fatalf("territoires: %+v", r)
			}
			for _, tc := range []struct {
				args   []string
				code   int
				stderr string
			}{
				{[]string{"--role", "coordinateur", "--territoires", "epci:999999999", "a@hub.fr"}, 1, "epci:999999999 : aucun EPCI de ce numéro SIREN dans le référentiel des territoires"},
				{[]string{"--role", "coordinateur", "--territoires", "departement:81,departement:999", "b@hub.fr"}, 1, "departement:999 : aucun département de ce code dans le référentiel des territoires"},
				{[]string{"--role", "coordinateur", "c@hub.fr"}, 2, "un coordinateur a au moins un territoire"},
				{[]string{"--role", "contributeur", "--territoires", "departement:81", "d@hub.fr"}, 2, "seul un coordinateur a des territoires, pas le rôle contributeur"},
				{[]string{"--role", "prescripteur", "e@hub.fr"}, 2, "pour orienter une personne (prescripteur), tout compte suffit : --role contributeur"},
				{[]string{"--role", "coordinateur", "--territoires", "departement:81,epci:248100737", "ok@hub.fr"}, 0, ""},
			} {
				r := add(tc.args...)
				if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) || (tc.code == 0) != (r.stderr == "") {
					t.Errorf("%q: %+v, want exit %d saying %q", tc.args, r, tc.code, tc.stderr)
				}
			}
			r := runCmd(t, dir, nil, "utilisateurs", "liste", "--db", db)
			if strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stdout, "ok@hub.fr\tcoordinateur\t\tdepartement:81,epci:248100737") {
				t.Errorf("accounts created: %q", r.stdout)
			}
			// modifier checks the same.
			if r := runCmd(t, dir, nil, "utilisateurs", "modifier", "--db", db, "--role", "coordinateur", "--territoires", "epci:200054808", "ok@hub.fr"); r.code != 1 ||
				!strings.Contains(r.stderr, "epci:200054808 : aucun EPCI") {
				t.Errorf("modifier with an unknown EPCI: %+v", r)
			}
		})
	}
}

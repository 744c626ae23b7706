package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesJournaled: « sources ajouter » and « sources supprimer » are
// written to the audit journal as done from the command line, and the
// journal stays intact.
func TestSourcesJournaled(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.db")
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + path}
	if r := runCmd(t, dir, env, "sources", "ajouter", "hub-tarn", "--type", "standard", "--url", "https://exemple.fr/l.csv?cle=S3CRET", "--priorite", "3"); r.code != 0 {
		t.Fatalf("ajouter: %+v", r)
	} else if strings.Contains(r.stdout, "S3CRET") {
		t.Errorf("the key is printed: %s", r.stdout)
	}
	if r := runCmd(t, dir, env, "sources", "supprimer", "hub-tarn"); r.code != 0 {
		t.Fatalf("supprimer: %+v", r)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT action, actor, after || before FROM audit WHERE kind = 'source' AND object_id = 'hub-tarn' AND action LIKE 'source.%' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var action, actor, what string
		if err := rows.Scan(&action, &actor, &what); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(what, "S3CRET") {
			t.Errorf("%s keeps the key: %s", action, what)
		}
		got = append(got, action+" "+actor)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"source.declaree ligne de commande", "source.supprimee ligne de commande"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("journal: %q, want %q", got, want)
	}
	if r := runCmd(t, dir, env, "audit", "verifier"); r.code != 0 || !strings.Contains(r.stdout, "intact") {
		t.Errorf("verifier: %+v", r)
	}
}

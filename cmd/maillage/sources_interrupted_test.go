package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/sqlite"
)

// TestSourcesListKilledHarvest: a harvest whose process was killed (its
// run recorded running, its lease expired) is listed « interrompue », not
// « en cours » forever.
func TestSourcesListKilledHarvest(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.db")
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + path}
	if r := runCmd(t, dir, env, "sources", "ajouter", "hub", "--type", "standard", "--url", "https://exemple.fr/lieux.csv"); r.code != 0 {
		t.Fatalf("sources ajouter: %+v", r)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.StartHarvest(context.Background(), "hub"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, dir, env, "sources", "liste")
	if r.code != 0 || !strings.Contains(r.stdout, "interrompue") || strings.Contains(r.stdout, "en cours") {
		t.Errorf("sources liste after a killed harvest: %+v", r)
	}
}

package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/store"
)

// OrientationCommuneMigration is the migration that gives orientations
// their place's commune and région.
const OrientationCommuneMigration = 41

// RunMigrationOrientationCommune: orientations recorded before the
// migration take their place's commune and its région (the referential's
// commune's, else its département's; none for a département the
// referential does not know), and a commune or a région then selects them.
func RunMigrationOrientationCommune(t *testing.T, open Open, exec ExecArgs) {
	ctx := context.Background()
	c := &Clock{}
	c.Set(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	old := open(t, store.WithClock(c.Now))
	if err := old.ReplaceTerritories(ctx, Referential()); err != nil {
		t.Fatal(err)
	}
	blagnac, nouvelle := Sample("mo-blagnac"), Sample("mo-nouvelle")
	blagnac.Commune, blagnac.CodePostal, blagnac.CodeINSEE = "Blagnac", "31700", "31069"
	nouvelle.Commune, nouvelle.CodePostal, nouvelle.CodeINSEE = "Nouvelle", "81990", "81999"
	put(t, old, "hub", Sample("mo-reims"), blagnac, nouvelle)
	alice, err := old.CreateUser(ctx, account.User{Email: "as@ccas.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, lieu := range []string{"mo-reims", "mo-blagnac", "mo-nouvelle"} {
		o, _ := orient(t, old, alice, lieu)
		ids[lieu] = o.ID
	}
	for _, q := range []string{`DROP INDEX orientations_lieu_commune`, `DROP INDEX orientations_region`,
		`ALTER TABLE orientations DROP COLUMN lieu_commune`, `ALTER TABLE orientations DROP COLUMN region`,
		"DELETE FROM schema_migrations WHERE version = " + strconv.Itoa(OrientationCommuneMigration)} {
		exec(t, old, q)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s := open(t, store.WithClock(c.Now))
	defer s.Close()
	for lieu, want := range map[string][2]string{
		"mo-reims":    {"51454", ""},
		"mo-blagnac":  {"31069", "76"},
		"mo-nouvelle": {"81999", "76"}, // the Tarn's région
	} {
		o, err := s.Orientation(ctx, ids[lieu])
		if err != nil {
			t.Fatal(err)
		}
		if o.LieuCommune != want[0] || o.Region != want[1] {
			t.Errorf("%s migrated: commune %q, région %q, want %v", lieu, o.LieuCommune, o.Region, want)
		}
	}
	os, err := s.ListOrientations(ctx, store.OrientationFilter{Territories: []account.Territory{{Kind: "region", Code: "76"}, {Kind: "commune", Code: "51454"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(os) != 3 {
		t.Errorf("Occitanie or Reims after the migration: %d orientations, want 3", len(os))
	}
}

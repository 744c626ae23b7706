package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/internal/activity"
	"maillage/internal/store"
)

// testActivityPersonalData: rows written around the detector (raw SQL,
// as an older version or a hand in the database would) are found, field
// by field, after more than one batch of rows, with the coordination
// texts' exception (a civility and a name pass); the erasure blanks those
// fields only, in the journal without the text, and a second pass finds
// nothing. The expected findings were decided by hand from the texts.
func testActivityPersonalData(t *testing.T, s store.Store, f *activityFixture, exec TryExec) {
	ctx := context.Background()
	// More rows than one batch (500) of the store, through an import.
	var many []activity.Activity
	for i := range 1100 {
		many = append(many, activity.Activity{Kind: activity.Individuel, Date: "2026-09-01", Duration: 30, PlaceType: activity.ADistance,
			Thematics: []string{"email"}, Notes: "Création d'une adresse", CoopID: fmt.Sprintf("0b4c1e9e-%06d", i)})
	}
	if _, err := s.ImportCoop(ctx, activity.ImportRun{File: "many.csv"}, many, "cli"); err != nil {
		t.Fatal(err)
	}
	individual := addActivity(t, s, individualAt(f))
	workshop := addActivity(t, s, workshopAtHome(f))
	clean := addActivity(t, s, workshopAtHome(f))
	coord, err := s.AddCoordination(ctx, activity.Coordination{Kind: activity.Partenariat, Date: "2026-11-20", Level: "departemental", Territory: "31",
		Natures: []string{"subvention"}, Notes: "Signature", Partners: []activity.Partner{{Type: "departement", Name: "Haute-Garonne"}, {Type: "association", Name: "Emmaüs Connect"}},
		Account: f.other}, actor(f.other))
	if err != nil {
		t.Fatal(err)
	}
	imported, err := s.Activities(ctx, store.ActivityFilter{Source: activity.SourceImportCoop})
	if err != nil || len(imported) != 1100 {
		t.Fatalf("imported: %v %d", err, len(imported))
	}
	last := imported[0].ID
	for _, a := range imported {
		last = max(last, a.ID)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	texts := []string{"rappeler au 06 12 34 56 78", "Atelier chez Mme Martin", "jean@exemple.fr", "NIR 1 61 03 81 004 123 45", "M. Dupont 07 81 22 33 44", "fatima@exemple.fr"}
	for _, q := range []string{
		`UPDATE activites SET notes = '` + texts[0] + `' WHERE id = ` + id(individual.ID),
		`UPDATE activites SET titre_atelier = '` + texts[1] + `' WHERE id = ` + id(workshop.ID),
		`INSERT INTO activite_tags (activite, portee, nom) VALUES (` + id(workshop.ID) + `, 'personnel', '` + texts[2] + `')`,
		`INSERT INTO activite_tags (activite, portee, nom) VALUES (` + id(workshop.ID) + `, 'national', 'Café IA')`,
		`UPDATE activites SET precisions_demarche = 'né en 1958' WHERE id = ` + id(last),
		// A coordination text names partners: « M. Dupont » passes, his phone does not.
		`UPDATE activites_coordination SET notes = 'RDV avec M. Dupont' WHERE id = ` + id(coord.ID),
		`UPDATE activite_coordination_valeurs SET nom = '` + texts[4] + `' WHERE activite = ` + id(coord.ID) + ` AND nom = 'Emmaüs Connect'`,
		`UPDATE orientations SET reference = '` + texts[3] + `' WHERE id = ` + id(f.orientation),
		`UPDATE orientations SET detail = '` + texts[5] + `' WHERE id = ` + id(f.orientation),
		`UPDATE orientation_evenements SET detail = '` + texts[5] + `' WHERE orientation_id = ` + id(f.orientation),
	} {
		if err := exec(t, s, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	want := []store.PersonalFinding{
		{Kind: store.PersonalActivity, ID: last, Field: "precisions_demarche", Label: "Nom de la démarche administrative", Rule: "donnee-personnelle-date-de-naissance", Date: "2026-09-01"},
		{Kind: store.PersonalActivity, ID: individual.ID, Field: "notes", Label: "Notes", Rule: "donnee-personnelle-telephone", Date: "2026-11-20"},
		{Kind: store.PersonalActivity, ID: workshop.ID, Field: "tags", Label: "Tags", Rule: "donnee-personnelle-courriel", Date: "2026-11-05"},
		{Kind: store.PersonalActivity, ID: workshop.ID, Field: "titre_atelier", Label: "Nom de l'atelier", Rule: "donnee-personnelle-nom", Date: "2026-11-05"},
		{Kind: store.PersonalCoordination, ID: coord.ID, Field: "structures_partenaires", Label: "Structures partenaires", Rule: "donnee-personnelle-telephone", Date: "2026-11-20"},
		{Kind: store.PersonalOrientation, ID: f.orientation, Field: "reference", Label: "Référence", Rule: "donnee-personnelle-numero-securite-sociale", Date: "2026-12-02"},
		{Kind: store.PersonalOrientation, ID: f.orientation, Field: "detail", Label: "Précision", Rule: "donnee-personnelle-courriel", Date: "2026-12-02"},
	}
	scan := func(erase bool) []store.PersonalFinding {
		t.Helper()
		var got []store.PersonalFinding
		if err := s.PersonalData(ctx, erase, "ligne de commande", func(f store.PersonalFinding) error {
			got = append(got, f)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := scan(false); !reflect.DeepEqual(got, want) {
		t.Fatalf("findings:\n got %+v\nwant %+v", got, want)
	}
	// Finding erases nothing.
	if a, err := s.Activity(ctx, individual.ID); err != nil || a.Notes != texts[0] {
		t.Fatalf("a scan wrote: %v %q", err, a.Notes)
	}

	later := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	f.clock.Set(later)
	for i := range want {
		want[i].Erased = true
	}
	if got := scan(true); !reflect.DeepEqual(got, want) {
		t.Fatalf("erased:\n got %+v\nwant %+v", got, want)
	}
	if got := scan(false); len(got) != 0 {
		t.Errorf("found again after the erasure: %+v", got)
	}

	// Only the refused fields are blanked, their update time bumped.
	a, err := s.Activity(ctx, individual.ID)
	if err != nil || a.Notes != "" || a.Demarche != "Demande d'APL" || len(a.Tags) != 2 || !a.Updated.Equal(later) {
		t.Errorf("individual after: %v %+v", err, a)
	}
	w, err := s.Activity(ctx, workshop.ID)
	if err != nil || w.Title != "" || !reflect.DeepEqual(w.Tags, []activity.Tag{{Scope: "national", Name: "Café IA"}}) || !w.Updated.Equal(later) {
		t.Errorf("workshop after: %v %+v", err, w)
	}
	if d, err := s.Activity(ctx, last); err != nil || d.Demarche != "" || d.Notes != "Création d'une adresse" {
		t.Errorf("last imported after: %v %+v", err, d)
	}
	if c, err := s.Activity(ctx, clean.ID); err != nil || !reflect.DeepEqual(c, clean) {
		t.Errorf("a clean row changed:\n got %+v\nwant %+v", c, clean)
	}
	c, err := s.Coordination(ctx, coord.ID)
	if err != nil || c.Notes != "RDV avec M. Dupont" || !reflect.DeepEqual(c.Partners, []activity.Partner{{Type: "departement", Name: "Haute-Garonne"}}) || !c.Updated.Equal(later) {
		t.Errorf("coordination after: %v %+v", err, c)
	}
	o, err := s.Orientation(ctx, f.orientation)
	if err != nil || o.Reference != "" || o.Detail != "" || o.Message != "Besoin d'aide pour la déclaration de revenus." {
		t.Errorf("orientation after: %v %+v", err, o)
	}
	for _, e := range o.Events {
		if e.Detail != "" {
			t.Errorf("an event keeps its detail: %+v", e)
		}
	}

	// One journal entry per record, by the actor, without the text.
	for _, j := range []struct {
		kind string
		id   int64
	}{{"activite", individual.ID}, {"activite", workshop.ID}, {"activite", last}, {"activite_coordination", coord.ID}, {"orientation", f.orientation}} {
		entries, err := s.Audit(ctx, j.kind, id(j.id))
		if err != nil || len(entries) == 0 {
			t.Fatalf("journal of %s %d: %v", j.kind, j.id, err)
		}
		e := entries[len(entries)-1]
		if e.Action != "effacer_donnees_personnelles" || e.Actor != "ligne de commande" || !e.At.Equal(later) {
			t.Errorf("journal of %s %d: %+v", j.kind, j.id, e)
		}
		for _, text := range append(texts, "1958") {
			if strings.Contains(string(e.Before)+string(e.After), text) {
				t.Errorf("journal of %s %d holds %q", j.kind, j.id, text)
			}
		}
	}
	if entries, err := s.Audit(ctx, "activite", id(clean.ID)); err != nil || len(entries) != 1 {
		t.Errorf("journal of the clean row: %v %+v", err, entries)
	}
}

package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/orientation"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// testActivityArrondissements: Paris, Lyon and Marseille are chosen as
// communes (75056, 69123, 13055) while their places carry the code of
// their municipal arrondissement. The statistics of a commune count the
// activities, monthly aggregates and orientations of its arrondissements;
// those of an arrondissement only its own; those of an EPCI its
// communes' arrondissements too, also when the referential gives the
// arrondissement no EPCI (69383 here, 13201 absent from it). The Coop
// import finds a place of Paris by its name in 75056. The expected places
// are listed by hand from the fixture.
func testActivityArrondissements(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	ref := (&territory.Referential{
		Regions:      []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}, {Code: "11", Nom: "Île-de-France"}, {Code: "93", Nom: "Provence-Alpes-Côte d'Azur"}},
		Departements: []territory.Departement{{Code: "69", Nom: "Rhône", Region: "84"}, {Code: "75", Nom: "Paris", Region: "11"}, {Code: "13", Nom: "Bouches-du-Rhône", Region: "93"}},
		EPCIs: []territory.EPCI{{Code: "200046977", Nom: "Métropole de Lyon", Type: "METRO"}, {Code: "200054781", Nom: "Métropole du Grand Paris", Type: "METRO"},
			{Code: "200054807", Nom: "Métropole d'Aix-Marseille-Provence", Type: "METRO"}},
		Communes: []territory.Commune{
			{Code: "69123", Nom: "Lyon", Departement: "69", Region: "84", EPCI: "200046977", CodesPostaux: []string{"69001"}},
			{Code: "69383", Nom: "Lyon 3e Arrondissement", Departement: "69", Region: "84", CodesPostaux: []string{"69003"}},
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", EPCI: "200054781", CodesPostaux: []string{"75001"}},
			{Code: "75111", Nom: "Paris 11e Arrondissement", Departement: "75", Region: "11", EPCI: "200054781", CodesPostaux: []string{"75011"}},
			{Code: "75115", Nom: "Paris 15e Arrondissement", Departement: "75", Region: "11", EPCI: "200054781", CodesPostaux: []string{"75015"}},
			{Code: "13055", Nom: "Marseille", Departement: "13", Region: "93", EPCI: "200054807", CodesPostaux: []string{"13001"}},
			{Code: "13201", Nom: "Marseille 1er Arrondissement", Departement: "13", Region: "93", CodesPostaux: []string{"13001"}},
		},
	}).Index()
	if err := s.ReplaceTerritories(ctx, ref); err != nil {
		t.Fatal(err)
	}
	places := []struct{ id, commune, postcode, insee string }{
		{"arr-paris-11", "Paris", "75011", "75111"},
		{"arr-paris-15", "Paris", "75015", "75115"},
		{"arr-paris", "Paris", "75001", "75056"},
		{"arr-lyon-3", "Lyon", "69003", "69383"},
		{"arr-marseille-1", "Marseille", "13001", "13201"},
	}
	prescriber, err := s.CreateUser(ctx, account.User{Email: "prescriptrice@ccas-paris.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range places {
		l := Sample(p.id)
		l.Nom = "Espace numérique " + p.id
		l.Commune, l.CodePostal, l.CodeINSEE, l.Pivot, l.Coordinates = p.commune, p.postcode, p.insee, SIRET(fmt.Sprintf("888888880%04d", i)), nil
		put(t, s, "hub", l)
		a := individualAt(f)
		a.LieuID = p.id
		added := addActivity(t, s, a)
		if added.Commune != p.insee {
			t.Fatalf("activity of %s: commune %q, want the place's %s", p.id, added.Commune, p.insee)
		}
		if _, err := s.SaveAggregate(ctx, activity.Aggregate{LieuID: p.id, Month: "2026-11", Individual: 5, Account: f.mediateur}, f.mediateur, actor(f.mediateur)); err != nil {
			t.Fatal(err)
		}
		_, hash := newLink(t)
		if _, err := s.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: p.id, Mode: orientation.SansRendezVous,
			Age: pass.Age65to74, Commune: "75111", Prescriber: prescriber}, hash); err != nil {
			t.Fatal(err)
		}
	}
	paris := []string{"arr-paris", "arr-paris-11", "arr-paris-15"}
	for _, tt := range []struct {
		kind, code string
		want       []string
	}{
		{"commune", "75056", paris},
		{"commune", "75111", []string{"arr-paris-11"}},
		{"commune", "75115", []string{"arr-paris-15"}},
		{"commune", "69123", []string{"arr-lyon-3"}},
		{"commune", "69383", []string{"arr-lyon-3"}},
		{"commune", "69381", nil},
		{"commune", "13055", []string{"arr-marseille-1"}},
		{"commune", "13201", []string{"arr-marseille-1"}},
		{"epci", "200054781", paris},
		{"epci", "200046977", []string{"arr-lyon-3"}},
		{"epci", "200054807", []string{"arr-marseille-1"}},
		{"departement", "75", paris},
		{"departement", "13", []string{"arr-marseille-1"}},
	} {
		tf := store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: tt.kind, Code: tt.code}}}
		acts, err := s.Activities(ctx, tf)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range acts {
			got = append(got, a.LieuID)
		}
		checkPlaces(t, "activities of "+tt.kind+":"+tt.code, got, tt.want)
		// A coordinator of the territory reads them (and deletes them).
		acts, err = s.Activities(ctx, store.ActivityFilter{Reader: &store.ActivityReader{Account: prescriber, Territories: tf.Territories}})
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, a := range acts {
			got = append(got, a.LieuID)
		}
		checkPlaces(t, "activities a coordinator of "+tt.kind+":"+tt.code+" reads", got, tt.want)
		aggs, err := s.Aggregates(ctx, tf)
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, g := range aggs {
			got = append(got, g.LieuID)
		}
		checkPlaces(t, "aggregates of "+tt.kind+":"+tt.code, got, tt.want)
		os, err := s.ListOrientations(ctx, store.OrientationFilter{Territories: []account.Territory{{Kind: tt.kind, Code: tt.code}}})
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, o := range os {
			got = append(got, o.LieuID)
		}
		checkPlaces(t, "orientations to "+tt.kind+":"+tt.code, got, tt.want)
	}
	// The Coop's export names a place and its commune: Paris (75056) finds
	// the place of the 11e by its name; the 11e does not find the 15e's.
	imported := []activity.Activity{
		{Kind: activity.Individuel, Date: "2026-09-01", Duration: 30, PlaceType: activity.LieuActivite, PlaceName: "espace numérique arr-paris-11", Commune: "75056",
			Thematics: []string{"email"}, CoopID: "0b4c1e9e-7501"},
		{Kind: activity.Individuel, Date: "2026-09-01", Duration: 30, PlaceType: activity.LieuActivite, PlaceName: "Espace numérique arr-lyon-3", Commune: "69123",
			Thematics: []string{"email"}, CoopID: "0b4c1e9e-6901"},
		{Kind: activity.Individuel, Date: "2026-09-01", Duration: 30, PlaceType: activity.LieuActivite, PlaceName: "Espace numérique arr-paris-15", Commune: "75111",
			Thematics: []string{"email"}, CoopID: "0b4c1e9e-7502"},
	}
	if _, err := s.ImportCoop(ctx, activity.ImportRun{File: "export-coop.xlsx"}, imported, "cli"); err != nil {
		t.Fatal(err)
	}
	list, err := s.Activities(ctx, store.ActivityFilter{Source: activity.SourceImportCoop})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"0b4c1e9e-7501": "arr-paris-11", "0b4c1e9e-6901": "arr-lyon-3", "0b4c1e9e-7502": ""}
	if len(list) != len(want) {
		t.Fatalf("%d imported activities, want %d", len(list), len(want))
	}
	for _, a := range list {
		if a.LieuID != want[a.CoopID] {
			t.Errorf("imported %s (%s, %s): place %q, want %q", a.CoopID, a.PlaceName, a.Commune, a.LieuID, want[a.CoopID])
		}
	}
}

// checkPlaces compares the places listed (in any order) with want.
func checkPlaces(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

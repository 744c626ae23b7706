package guide_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"maillage/internal/guide"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// TestBuildArrondissements: the guide of Paris (75056) lists the places of
// its municipal arrondissements, that of the 11e only its own, that of
// Lyon the places of the 3e (names and counts written by hand); the
// arrondissements come by number (1er, 2e, 11e, 15e).
func TestBuildArrondissements(t *testing.T) {
	ref := (&territory.Referential{
		Regions:      []territory.Region{{Code: "11", Nom: "Île-de-France"}, {Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
		Departements: []territory.Departement{{Code: "75", Nom: "Paris", Region: "11"}, {Code: "69", Nom: "Rhône", Region: "84"}},
		Communes: []territory.Commune{
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", CodesPostaux: []string{"75001"}},
			{Code: "75101", Nom: "Paris 1er Arrondissement", Departement: "75", Region: "11", CodesPostaux: []string{"75001"}},
			{Code: "75102", Nom: "Paris 2e Arrondissement", Departement: "75", Region: "11", CodesPostaux: []string{"75002"}},
			{Code: "75111", Nom: "Paris 11e Arrondissement", Departement: "75", Region: "11", CodesPostaux: []string{"75011"}},
			{Code: "75115", Nom: "Paris 15e Arrondissement", Departement: "75", Region: "11", CodesPostaux: []string{"75015"}},
			{Code: "69123", Nom: "Lyon", Departement: "69", Region: "84", CodesPostaux: []string{"69001"}},
			{Code: "69383", Nom: "Lyon 3e Arrondissement", Departement: "69", Region: "84", CodesPostaux: []string{"69003"}},
		},
	}).Index()
	var ls []*place.Lieu
	for _, p := range []struct{ id, commune, postcode, insee string }{
		{"paris-11", "Paris", "75011", "75111"},
		{"paris-2", "Paris", "75002", "75102"},
		{"paris-1", "Paris", "75001", "75101"},
		{"paris-15", "Paris", "75015", "75115"},
		{"lyon-3", "Lyon", "69003", "69383"},
	} {
		l := storetest.Sample(p.id)
		l.Nom, l.Commune, l.CodePostal, l.CodeINSEE = "Espace "+p.id, p.commune, p.postcode, p.insee
		ls = append(ls, &l)
	}
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	ix := search.Build(ls, ref, now)
	for _, tt := range []struct {
		code     string
		count    int
		communes []string
	}{
		// By number, as people read them (strings put 11e, 15e before 1er, 2e).
		{"75056", 4, []string{"Paris 1er Arrondissement", "Paris 2e Arrondissement", "Paris 11e Arrondissement", "Paris 15e Arrondissement"}},
		{"75111", 1, []string{"Paris 11e Arrondissement"}},
		{"69123", 1, []string{"Lyon 3e Arrondissement"}},
	} {
		ter, err := guide.Lookup("commune", tt.code, ref)
		if err != nil {
			t.Fatal(err)
		}
		g, err := guide.Build(ix, ter, "", now)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range g.Communes {
			names = append(names, c.Name)
		}
		if g.Count != tt.count || len(names) != len(tt.communes) {
			t.Errorf("guide of %s: %d places in %v; want %d in %v", tt.code, g.Count, names, tt.count, tt.communes)
			continue
		}
		for i := range names {
			if names[i] != tt.communes[i] {
				t.Errorf("guide of %s: communes %v; want %v", tt.code, names, tt.communes)
			}
		}
	}
}

// TestWeek: the guide says the usual week from the day it is printed
// (openinghours.UsualWeek), as the printable sheet does: summer hours in
// July, a public holiday of the place's département (Saint-Étienne in
// Moselle), a temporary closure, an exception dated in the hours or the
// last days of a season never passes for a weekday's hours, days of the
// same hours go together. Lines written by hand.
func TestWeek(t *testing.T) {
	july := time.Date(2027, 7, 7, 10, 0, 0, 0, time.UTC)
	christmas := time.Date(2026, 12, 23, 10, 0, 0, 0, time.UTC)
	sunday20 := time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC)
	friday26June := time.Date(2026, 6, 26, 10, 0, 0, 0, time.UTC)
	thursday, ok := place.ParseClosureDay("2026-12-24")
	if !ok {
		t.Fatal("closure day unread")
	}
	for _, tt := range []struct {
		name     string
		hours    string
		insee    string
		closures []place.Closure
		now      time.Time
		want     []string
	}{
		{"summer", "Jul-Aug: Mo-Fr 09:00-12:00; Sep-Jun: Mo-Fr 09:00-12:00,14:00-17:00", "81004", nil, july,
			[]string{"du lundi au vendredi : 9 h – 12 h"}},
		{"winter", "Jul-Aug: Mo-Fr 09:00-12:00; Sep-Jun: Mo-Fr 09:00-12:00,14:00-17:00", "81004", nil, christmas,
			[]string{"du lundi au vendredi : 9 h – 12 h, 14 h – 17 h"}},
		{"Moselle", "Mo-Sa 09:00-12:00; PH off", "57463", nil, christmas,
			[]string{"du lundi au samedi : 9 h – 12 h"}},
		{"closure", "Mo-Fr 09:00-12:00; PH off", "81004", []place.Closure{{From: thursday, To: thursday, Reason: place.ClosureOther, Text: "inventaire"}}, christmas,
			[]string{"du lundi au vendredi : 9 h – 12 h"}},
		{"two groups", "Mo,Tu 09:00-12:00; Th 14:00-17:00 \"sur rendez-vous\"", "81004", nil, christmas,
			[]string{"lundi et mardi : 9 h – 12 h", "jeudi : 14 h – 17 h (sur rendez-vous)"}},
		{"closed", "off", "81004", nil, christmas, []string{"fermé toute la semaine"}},
		{"unknown", "", "81004", nil, christmas, nil},
		// Hours the parser refuses: no week, as before.
		{"unparsable", "lundi matin", "81004", nil, christmas, nil},
		// Exceptions dated in the hours and the last days of a season do
		// not pass for the usual week (review 12A major 11).
		{"Christmas break", "Mo-Fr 09:00-18:00; Dec 21-Jan 03 off", "81004", nil, sunday20,
			[]string{"du lundi au vendredi : 9 h – 18 h"}},
		{"only 24 December", "Dec 24 09:00-12:00", "81004", nil, sunday20, []string{"fermé toute la semaine"}},
		{"summer coming", "Jul-Aug: Mo-Fr 09:00-12:00; Sep-Jun: Mo-Fr 14:00-18:00", "81004", nil, friday26June,
			[]string{"du lundi au vendredi : 9 h – 12 h"}},
	} {
		l := place.Lieu{Horaires: tt.hours, CodeINSEE: tt.insee, Closures: tt.closures}
		got := guide.Week(&l, tt.now)
		// The table writes ordinary spaces; the hours hold no-break ones
		// (a phone never wraps « 17 » / « h », review 12N minor 5).
		if openinghours.PlainSpaces(strings.Join(got, " | ")) != strings.Join(tt.want, " | ") || len(got) != len(tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
		if breakable.MatchString(strings.Join(got, " | ")) {
			t.Errorf("%s: an ordinary space inside an hour or a range: %q", tt.name, got)
		}
	}
}

// breakable finds an ordinary space where a line must not break: between
// a number and « h », after « h », or around a range's dash.
var breakable = regexp.MustCompile(`[0-9] h|h [0-9]|h –|– [0-9]`)

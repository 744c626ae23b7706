package diagnostic

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"maillage/internal/access"
	"maillage/internal/fragility"
	"maillage/internal/place"
	"maillage/internal/store"
)

func TestPeopleWords(t *testing.T) {
	tests := []struct {
		v    float64
		w    Words
		want string
	}{
		{0, PersonsAtRisk, "aucune personne à risque"},
		{0.4, PersonsAtRisk, "aucune personne à risque"},
		{0.6, PersonsAtRisk, "1 personne à risque"},
		{1, Inhabitants, "1 habitant"},
		{1.5, PersonsAtRisk, "2 personnes à risque"},
		{12400, PersonsAtRisk, "12\u202f400 personnes à risque"},
		{0, Inhabitants, "aucun habitant"},
		{0, PersonsAtRiskLive, "aucune personne à risque ne vit"},
		{1, PersonsAtRiskLive, "1 personne à risque vit"},
		{3, PersonsAtRiskLive, "3 personnes à risque vivent"},
	}
	for _, tt := range tests {
		if got := tt.w.Of(tt.v); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.v, got, tt.want)
		}
	}
	if got := Sentence(PersonsAtRiskLive.Of(0) + " loin."); got != "Aucune personne à risque ne vit loin." {
		t.Errorf("Sentence: %q", got)
	}
}

// No key figure says « 0 personnes » or « 0 habitants »: nobody is
// « aucune personne », « aucun habitant ».
func TestKeyFiguresNobody(t *testing.T) {
	ref := smallRef()
	// A place in every commune: nobody unserved.
	st := &fakeStore{lieux: []*place.Lieu{
		lieu("p1", "01001", at(0)), lieu("p2", "02001", at(12)), lieu("p3", "02002", at(40)), lieu("p4", "01002", at(4)),
	}}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{Method: access.Kind2SFCA})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.Key[0], "Aucune personne à risque ne vit à plus de 10 km d'un lieu") {
		t.Errorf("first key figure %q", r.Key[0])
	}
	zero := regexp.MustCompile(`(?:^|[^0-9\x{202f} ])0 (?:personne|habitant)`)
	for _, k := range r.Key {
		if zero.MatchString(k) {
			t.Errorf("key figure %q counts 0 people", k)
		}
	}
}

// An implantation that needs fewer sites than asked says why in words:
// every person at risk of the territory is then within the catchment of a
// place, or no other candidate has anyone unserved in reach.
func TestImplantationFewer(t *testing.T) {
	tests := []struct {
		name string
		im   Implantation
		want string
	}{
		{"all picks", Implantation{K: 1, Picks: []Pick{{Rank: 1}}, After: access.Gap{AtRisk: 5}}, ""},
		{"nobody left", Implantation{K: 3, Picks: []Pick{{Rank: 1}}, Before: access.Gap{AtRisk: 5, Communes: 1}, Options: Options{SeuilKm: 10, Cost: access.NameCrowFly}},
			"1 emplacement suffit : avec lui, toutes les personnes à risque du territoire sont à moins de 10 km d'un lieu."},
		{"nobody at the start", Implantation{K: 3, Options: Options{SeuilKm: 10, Cost: access.NameCrowFly}},
			"Aucun emplacement à proposer : toutes les personnes à risque du territoire sont déjà à moins de 10 km d'un lieu."},
		{"out of reach", Implantation{K: 3, Picks: []Pick{{Rank: 1}, {Rank: 2}}, Before: access.Gap{AtRisk: 9, Communes: 2}, After: access.Gap{AtRisk: 4, Communes: 1}, Options: Options{SeuilKm: 10, Cost: access.NameCrowFly}},
			"2 emplacements suffisent : aucun autre site candidat n'a de personne à risque non desservie à moins de 10 km (4 personnes à risque restent sans lieu à moins de 10 km)."},
	}
	for _, tt := range tests {
		if got := tt.im.Fewer(); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// A revision names the demand data by a short fingerprint, and says when
// there is none (it showed the empty data's hash, « demande cbf29ce4 »).
func TestRevisionWords(t *testing.T) {
	for _, tc := range []struct{ rev, want string }{
		{"lieux-41.territoires-3.demande-9f3a0c1d2b4e6f70", "lieux 41, territoires 3, demande 9f3a0c1d"},
		{"lieux-41.territoires-3.demande-aucune", "lieux 41, territoires 3, aucune donnée de demande"},
	} {
		if got := RevisionWords(tc.rev); got != tc.want {
			t.Errorf("RevisionWords(%q) = %q, want %q", tc.rev, got, tc.want)
		}
	}
	ctx := context.Background()
	none, err := Revision(ctx, &fakeStore{rev: store.Revision{Lieux: 41, Territories: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if got := RevisionWords(none); got != "lieux 41, territoires 3, aucune donnée de demande" {
		t.Errorf("no demand data: %q (%s)", got, none)
	}
	some, err := Revision(ctx, &fakeStore{rev: store.Revision{Lieux: 41, Territories: 3}, datasets: []fragility.Dataset{{Kind: "indice"}}})
	if err != nil {
		t.Fatal(err)
	}
	if some == none || !strings.HasPrefix(RevisionWords(some), "lieux 41, territoires 3, demande ") {
		t.Errorf("with demand data: %q", RevisionWords(some))
	}
}

// Without indicators of people at risk, the key figures do not say
// « dont N personnes à risque » as if measured: the population stands in
// for them, in the key figures and the notes (review 9N, minor 2).
func TestKeyFiguresSayPopulationStandsIn(t *testing.T) {
	ref := smallRef()
	for _, tc := range []struct {
		name  string
		table *fragility.Table
		want  string
		stand bool
	}{
		{"no indicator", nil, "2 lieux accueillent les 3800 habitants du territoire ; sans indicateur de personnes à risque chargé, la population en tient lieu : chaque habitant compte comme une personne à risque.", true},
		{"indicators", smallTable(), "2 lieux accueillent les 3800 habitants du territoire, dont 1040 personnes à risque.", false},
	} {
		st := &fakeStore{lieux: smallPlaces(), table: tc.table}
		r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.ReplaceAll(r.Key[1], "\u202f", " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		notes := strings.Join(r.Notes, "\n")
		if has := strings.Contains(notes, "Sans indicateur de personnes à risque chargé, la population en tient lieu"); has != tc.stand {
			t.Errorf("%s: notes %q say the population stands in: %v, want %v", tc.name, notes, has, tc.stand)
		}
	}
}

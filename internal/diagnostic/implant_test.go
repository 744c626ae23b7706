package diagnostic

import (
	"context"
	"errors"
	"strings"
	"testing"

	"maillage/internal/access"
	"maillage/internal/failure"
	"maillage/internal/territory"
)

// emptyRef is four communes on the meridian and no place:
//
//	U1 03001 at 0 km, 100    U2 03002 at 8 km, 100
//	U3 03003 at 16 km, 150   U4 03004 at 50 km, 120
//
// Within 10 km a site at a commune centre covers: U1 → U1, U2 (200);
// U2 → U1, U2, U3 (350); U3 → U2, U3 (250); U4 → U4 (120).
func emptyRef() *territory.Referential {
	ref := &territory.Referential{
		Communes: []territory.Commune{
			{Code: "03001", Nom: "Un", Departement: "03", Region: "84", Population: 100, Centre: at(0)},
			{Code: "03002", Nom: "Deux", Departement: "03", Region: "84", Population: 100, Centre: at(8)},
			{Code: "03003", Nom: "Trois", Departement: "03", Region: "84", Population: 150, Centre: at(16)},
			{Code: "03004", Nom: "Quatre", Departement: "03", Region: "84", Population: 120, Centre: at(50)},
		},
		Departements: []territory.Departement{{Code: "03", Nom: "Allier", Region: "84"}},
		Regions:      []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
	}
	return ref.Index()
}

func TestImplantGreedyHandComputed(t *testing.T) {
	ref := emptyRef()
	st := &fakeStore{}
	terr := Territory{Kind: KindDepartement, Code: "03"}
	tests := []struct {
		name       string
		k          int
		candidates []access.Candidate
		want       string // rank:id:covered …
		after      float64
	}{
		// Round 1: U2 covers 350; round 2: only U4 adds anyone (120).
		{"communes, k=2", 2, nil, "1:03002:350 2:03004:120", 0},
		{"communes, k=1", 1, nil, "1:03002:350", 120},
		// Nobody is left after two picks: the third is not made.
		{"communes, k=3 stops when all are covered", 3, nil, "1:03002:350 2:03004:120", 0},
		// X at 12 km covers U2 (4 km) and U3 (4 km): 250; Y at 50 km U4: 120.
		{"candidates from a file", 1, []access.Candidate{
			{ID: "y", Nom: "Y", Lat: at(50).Lat, Lon: at(50).Lon},
			{ID: "x", Nom: "X", Lat: at(12).Lat, Lon: at(12).Lon},
		}, "1:x:250", 220},
		// Z at 30 km is 20 km from U4's centre, but the file says it lies in
		// U4's commune: a site serves its own commune, as a place does.
		{"a candidate serves its own commune", 2, []access.Candidate{
			{ID: "z", Nom: "Z", CodeINSEE: "03004", Lat: at(30).Lat, Lon: at(30).Lon},
			{ID: "x", Nom: "X", Lat: at(12).Lat, Lon: at(12).Lon},
		}, "1:x:250 2:z:120", 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Implant(context.Background(), st, ref, terr, Options{}, tc.k, tc.candidates)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range im.Picks {
				got = append(got, strings.Join([]string{itoa(p.Rank), p.ID, people(p.Covered)}, ":"))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("picks %s, want %s", g, tc.want)
			}
			if im.Before.AtRisk != 470 || im.Before.Communes != 4 {
				t.Errorf("before %+v, want 4 communes, 470 at risk", im.Before)
			}
			if im.After.AtRisk != tc.after {
				t.Errorf("after %v at risk, want %v", im.After.AtRisk, tc.after)
			}
			if !strings.Contains(im.Guarantee, "1 − 1/e") {
				t.Errorf("guarantee %q", im.Guarantee)
			}
		})
	}
}

func itoa(n int) string { return people(float64(n)) }

func TestImplantOnlyTheTerritorysUnserved(t *testing.T) {
	// In smallRef only D (02002, 300) is unserved; département 01 has none
	// left to cover, so no pick.
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces()}
	im, err := Implant(context.Background(), st, ref, Territory{Kind: KindDepartement, Code: "01"}, Options{}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Picks) != 0 || im.Before.AtRisk != 0 {
		t.Errorf("picks %+v before %+v, want none", im.Picks, im.Before)
	}
	im, err = Implant(context.Background(), st, ref, Territory{Kind: KindDepartement, Code: "02"}, Options{}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Picks) != 1 || im.Picks[0].Code != "02002" || im.Picks[0].Covered != 300 || im.Picks[0].Name != "Dune" {
		t.Errorf("picks %+v, want Dune covering 300", im.Picks)
	}
}

func TestImplantRefusesBadK(t *testing.T) {
	for _, k := range []int{0, -1, MaxPicks + 1} {
		_, err := Implant(context.Background(), &fakeStore{}, emptyRef(), Territory{Kind: KindFrance}, Options{}, k, nil)
		if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(err.Error(), "nombre") {
			t.Errorf("k=%d: %v, want an invalid number", k, err)
		}
	}
}

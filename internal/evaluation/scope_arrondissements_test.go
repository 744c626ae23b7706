package evaluation

import (
	"testing"

	"maillage/internal/store"
	"maillage/internal/territory"
)

// TestInScopeArrondissements: the report's network of places of Paris
// (75056) holds the places coded with its arrondissements, that of the 11e
// only its own; an EPCI holds an arrondissement the referential gives no
// EPCI, by its commune (expectations written by hand).
func TestInScopeArrondissements(t *testing.T) {
	ref := (&territory.Referential{
		Regions:      []territory.Region{{Code: "11", Nom: "Île-de-France"}, {Code: "93", Nom: "Provence-Alpes-Côte d'Azur"}},
		Departements: []territory.Departement{{Code: "75", Nom: "Paris", Region: "11"}, {Code: "13", Nom: "Bouches-du-Rhône", Region: "93"}},
		EPCIs:        []territory.EPCI{{Code: "200054781", Nom: "Métropole du Grand Paris"}, {Code: "200054807", Nom: "Métropole d'Aix-Marseille-Provence"}},
		Communes: []territory.Commune{
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", EPCI: "200054781"},
			{Code: "75111", Nom: "Paris 11e Arrondissement", Departement: "75", Region: "11", EPCI: "200054781"},
			{Code: "13055", Nom: "Marseille", Departement: "13", Region: "93", EPCI: "200054807"},
			{Code: "13201", Nom: "Marseille 1er Arrondissement", Departement: "13", Region: "93"},
		},
	}).Index()
	scope := func(kind, code string) Scope {
		return Scope{Territories: []store.TerritoryRef{{Kind: kind, Code: code}}}
	}
	for _, tt := range []struct {
		sc   Scope
		code string
		want bool
	}{
		{scope("commune", "75056"), "75111", true},
		{scope("commune", "75056"), "75120", true},
		{scope("commune", "75056"), "75056", true},
		{scope("commune", "75111"), "75111", true},
		{scope("commune", "75111"), "75115", false},
		{scope("commune", "75111"), "75056", false},
		{scope("commune", "13055"), "13201", true},
		{scope("commune", "13055"), "75111", false},
		{scope("epci", "200054807"), "13201", true},
		{scope("epci", "200054807"), "13216", true},
		{scope("epci", "200054781"), "13201", false},
		{scope("region", "93"), "13216", true},
		{scope("departement", "75"), "75111", true},
	} {
		if got := inScope(tt.sc, ref, tt.code); got != tt.want {
			t.Errorf("inScope(%v, %s) = %v; want %v", tt.sc.Territories, tt.code, got, tt.want)
		}
	}
}

package web

import (
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// TestCoversArrondissement: the coordinator of the Métropole du Grand
// Paris reads the statistics of Paris and of its 11e arrondissement, also
// when the referential gives the arrondissement no EPCI (its commune's
// counts); the coordinator of Lyon's Métropole does not (expectations
// written by hand).
func TestCoversArrondissement(t *testing.T) {
	ref := (&territory.Referential{
		Regions:      []territory.Region{{Code: "11", Nom: "Île-de-France"}},
		Departements: []territory.Departement{{Code: "75", Nom: "Paris", Region: "11"}},
		EPCIs:        []territory.EPCI{{Code: "200054781", Nom: "Métropole du Grand Paris"}},
		Communes: []territory.Commune{
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", EPCI: "200054781"},
			{Code: "75111", Nom: "Paris 11e Arrondissement", Departement: "75", Region: "11"},
		},
	}).Index()
	mgp := &account.User{Role: account.Coordinateur, Territories: []account.Territory{{Kind: "epci", Code: "200054781"}}}
	lyon := &account.User{Role: account.Coordinateur, Territories: []account.Territory{{Kind: "epci", Code: "200046977"}}}
	for _, tt := range []struct {
		u    *account.User
		code string
		want bool
	}{
		{mgp, "75056", true},
		{mgp, "75111", true},
		{lyon, "75111", false},
		{lyon, "75056", false},
	} {
		if got := coversTerritory(tt.u, ref, store.TerritoryRef{Kind: "commune", Code: tt.code}); got != tt.want {
			t.Errorf("coordinator of %v reads commune %s: %v, want %v", tt.u.Territories, tt.code, got, tt.want)
		}
	}
	if got := ref.CommuneEPCI("75111"); got != "200054781" {
		t.Errorf("CommuneEPCI(75111) = %q, want the Métropole du Grand Paris", got)
	}
}

package diagnostic

import (
	"context"
	"testing"

	"maillage/internal/territory"
)

// A QPV the layer places in Paris (75056) flags the arrondissements
// nearest its points, not all of them and not none.
func TestQPVFlagArrondissements(t *testing.T) {
	ref := &territory.Referential{
		Communes: []territory.Commune{
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", Population: 3000, Centre: at(5)},
			{Code: "75101", Nom: "Paris 1er Arrondissement", Population: 1000, Centre: at(0)},
			{Code: "75102", Nom: "Paris 2e Arrondissement", Population: 2000, Centre: at(10)},
		},
		Departements:    []territory.Departement{{Code: "75", Nom: "Paris", Region: "11"}},
		Regions:         []territory.Region{{Code: "11", Nom: "Île-de-France"}},
		CommunesVintage: territory.Vintage{Layer: "communes", Vintage: "2023"},
	}
	ref = ref.Index()
	c := at(9)
	sq := territory.Polygon{territory.Ring{{Lat: c.Lat - 0.001, Lon: 3.999}, {Lat: c.Lat - 0.001, Lon: 4.001}, {Lat: c.Lat + 0.001, Lon: 4.001}, {Lat: c.Lat + 0.001, Lon: 3.999}}}
	ref.SetLayer(&territory.Layer{Kind: territory.LayerQPV, Vintage: "2024", Zones: []territory.Zone{
		{Code: "QN07501M", Nom: "Les Halles", Communes: []string{"75056"}, Polygons: []territory.Polygon{sq}},
	}})
	r, err := Compute(context.Background(), &fakeStore{}, ref, Territory{Kind: KindFrance}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, row := range r.Rows {
		got[row.Code] = row.InQPV
	}
	if want := map[string]bool{"75101": false, "75102": true}; len(got) != 2 || got["75101"] != want["75101"] || got["75102"] != want["75102"] {
		t.Errorf("in a QPV: %v, want %v", got, want)
	}
}

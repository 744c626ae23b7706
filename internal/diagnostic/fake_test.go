package diagnostic

import (
	"context"
	"iter"
	"time"

	"maillage/internal/fragility"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// fakeStore is a Store in memory.
type fakeStore struct {
	lieux    []*place.Lieu
	index    *fragility.Index
	table    *fragility.Table
	rev      store.Revision
	datasets []fragility.Dataset
	reads    int // calls of Lieux
}

func (f *fakeStore) FragilityIndex(context.Context) (*fragility.Index, error) { return f.index, nil }
func (f *fakeStore) FragilityIndicators(context.Context) (*fragility.Table, error) {
	return f.table, nil
}
func (f *fakeStore) Revision(context.Context) (store.Revision, error) { return f.rev, nil }
func (f *fakeStore) DemandDatasets(context.Context) ([]fragility.Dataset, error) {
	return f.datasets, nil
}
func (f *fakeStore) Lieux(context.Context) iter.Seq2[*place.Lieu, error] {
	f.reads++
	return func(yield func(*place.Lieu, error) bool) {
		for _, l := range f.lieux {
			c := *l
			if !yield(&c, nil) {
				return
			}
		}
	}
}

// kmPerDegree is the length of a degree of latitude on the sphere of
// radius 6371 km: 6371 × π / 180. Points on one meridian are then exactly
// d km apart when their latitudes differ by d / kmPerDegree.
const kmPerDegree = 111.19492664455873

// at is the point d km north of 45°N on the meridian 4°E.
func at(km float64) *territory.Point {
	return &territory.Point{Lat: 45 + km/kmPerDegree, Lon: 4}
}

// smallRef is four communes on one meridian, in two départements of two
// régions:
//
//	A 01001 (dép. 01, EPCI 200000001) at 0 km, 1 000 inhabitants
//	B 01002 (dép. 01, EPCI 200000001) at 4 km, 2 000 inhabitants
//	C 02001 (dép. 02, EPCI 200000002) at 14 km, 500 inhabitants
//	D 02002 (dép. 02, no EPCI)        at 40 km, 300 inhabitants
func smallRef() *territory.Referential {
	ref := &territory.Referential{
		Communes: []territory.Commune{
			{Code: "01001", Nom: "Aval", Departement: "01", Region: "84", EPCI: "200000001", Population: 1000, Centre: at(0)},
			{Code: "01002", Nom: "Bourg", Departement: "01", Region: "84", EPCI: "200000001", Population: 2000, Centre: at(4)},
			{Code: "02001", Nom: "Cense", Departement: "02", Region: "32", EPCI: "200000002", Population: 500, Centre: at(14)},
			{Code: "02002", Nom: "Dune", Departement: "02", Region: "32", Population: 300, Centre: at(40)},
		},
		EPCIs:           []territory.EPCI{{Code: "200000001", Nom: "CC de l'Amont", Population: 3000}, {Code: "200000002", Nom: "CC de l'Aval", Population: 500}},
		Departements:    []territory.Departement{{Code: "01", Nom: "Ain", Region: "84"}, {Code: "02", Nom: "Aisne", Region: "32"}},
		Regions:         []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}, {Code: "32", Nom: "Hauts-de-France"}},
		CommunesVintage: territory.Vintage{Layer: "communes", Vintage: "2023"},
	}
	return ref.Index()
}

// lieu is a published place of a commune at a position (nil: none).
func lieu(id, insee string, p *territory.Point, services ...string) *place.Lieu {
	l := &place.Lieu{ID: id, Nom: "Lieu " + id, CodeINSEE: insee, Services: services, DateMaj: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	if p != nil {
		l.Coordinates = &place.Point{Lat: p.Lat, Lon: p.Lon}
	}
	return l
}

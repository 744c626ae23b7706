package diagnostic

import (
	"context"
	"slices"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/territory"
)

// parisRef is Paris and two of its arrondissements on the meridian 4°E:
// 75101 at 0 km, 75102 at 10 km, Paris's centre at 5 km.
func parisRef() *territory.Referential {
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
	return ref.Index()
}

// A place coded with the whole city's code (75056) counts for the
// arrondissement it lies in: the nearest centre, or the contour holding
// it when the contours are loaded; without coordinates it counts for
// Paris only, and the report says how many have no arrondissement.
func TestPlacesOfPLMCities(t *testing.T) {
	ref := parisRef()
	st := &fakeStore{lieux: []*place.Lieu{
		lieu("near-2e", "75056", at(8)),  // 75102's centre is nearer
		lieu("near-1er", "75056", at(1)), // 75101's
		lieu("nowhere", "75056", nil),    // no coordinates
		lieu("own", "75101", at(0)),
	}}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindCommune, Code: "75056"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsByCode(r)
	if rows["75101"].Places != 2 || rows["75102"].Places != 1 {
		t.Errorf("places per arrondissement: 75101 %d, 75102 %d; want 2 and 1", rows["75101"].Places, rows["75102"].Places)
	}
	if r.Total.Places != 4 {
		t.Errorf("Paris has %d places, want 4", r.Total.Places)
	}
	for _, u := range r.Sub {
		if u.Code == "75102" && u.Places != 1 {
			t.Errorf("sub-unit 75102: %d places, want 1", u.Places)
		}
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "1 lieu sans arrondissement") {
		t.Errorf("notes %q do not count the place without arrondissement", r.Notes)
	}
	// The département says it too; a territory without Paris does not.
	d, err := Compute(context.Background(), st, ref, Territory{Kind: KindDepartement, Code: "75"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(d.Notes, "\n"), "1 lieu sans arrondissement") {
		t.Errorf("département notes %q", d.Notes)
	}

	// With the contours loaded, the contour holding the place wins over
	// the nearest centre: 75101's contour reaches 9 km.
	withContours := parisRef()
	box := func(from, to float64) territory.Polygon {
		a, b := at(from), at(to)
		return territory.Polygon{territory.Ring{{Lat: a.Lat, Lon: 3.9}, {Lat: a.Lat, Lon: 4.1}, {Lat: b.Lat, Lon: 4.1}, {Lat: b.Lat, Lon: 3.9}, {Lat: a.Lat, Lon: 3.9}}}
	}
	withContours.SetLayer(&territory.Layer{Kind: territory.LayerContours, Zones: []territory.Zone{
		{Code: "75101", Polygons: []territory.Polygon{box(-1, 9)}},
		{Code: "75102", Polygons: []territory.Polygon{box(9, 11)}},
	}})
	r, err = Compute(context.Background(), st, withContours, Territory{Kind: KindCommune, Code: "75056"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows = rowsByCode(r)
	if rows["75101"].Places != 3 || rows["75102"].Places != 0 {
		t.Errorf("by contour: 75101 %d, 75102 %d; want 3 and 0", rows["75101"].Places, rows["75102"].Places)
	}
}

// Paris's rows are arrondissements, and the key figures call them so
// (review 9, adversary, m7: « les 20 communes du territoire »).
func TestKeyFiguresNameArrondissements(t *testing.T) {
	ref := parisRef()
	st := &fakeStore{lieux: []*place.Lieu{lieu("own-1er", "75101", at(0)), lieu("own-2e", "75102", at(10))}}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindCommune, Code: "75056"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "les 2 arrondissements du territoire ont tous un lieu à moins de 10 km"; !strings.Contains(r.Key[0], want) {
		t.Errorf("key figure %q lacks %q", r.Key[0], want)
	}
	im, err := Implant(context.Background(), st, ref, Territory{Kind: KindCommune, Code: "75056"}, Options{}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "les 2 arrondissements du territoire (à leur centre)"; im.Candidates != want {
		t.Errorf("candidates %q, want %q", im.Candidates, want)
	}
}

// A place without coordinates coded with the whole city's code counts for
// the arrondissement its postcode names, in the referential's real shape:
// the city lists every arrondissement's postcode too, so a postcode names
// two communes, the city and the arrondissement (review 9A, major 2).
// Only a place without a usable postcode is left « sans arrondissement ».
func TestPLMArrondissementByPostcode(t *testing.T) {
	ref := &territory.Referential{
		Communes: []territory.Commune{
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", Population: 3000, Centre: at(5), CodesPostaux: []string{"75001", "75002", "75116"}},
			{Code: "75101", Nom: "Paris 1er Arrondissement", Population: 1000, Centre: at(0), CodesPostaux: []string{"75001"}},
			{Code: "75102", Nom: "Paris 2e Arrondissement", Population: 2000, Centre: at(10), CodesPostaux: []string{"75002"}},
		},
		Departements:    []territory.Departement{{Code: "75", Nom: "Paris", Region: "11"}},
		Regions:         []territory.Region{{Code: "11", Nom: "Île-de-France"}},
		CommunesVintage: territory.Vintage{Layer: "communes", Vintage: "2023"},
	}
	ref = ref.Index()
	withCP := func(l *place.Lieu, cp string) *place.Lieu { l.CodePostal = cp; return l }
	st := &fakeStore{lieux: []*place.Lieu{
		withCP(lieu("cp-2e", "75056", nil), "75002"),
		withCP(lieu("no-code-1er", "", nil), "75001"),
		withCP(lieu("city-only-cp", "75056", nil), "75116"), // the city's alone: no arrondissement
		lieu("nowhere", "75056", nil),
	}}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindCommune, Code: "75056"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsByCode(r)
	if rows["75101"].Places != 1 || rows["75102"].Places != 1 || r.Total.Places != 4 {
		t.Errorf("places: 75101 %d, 75102 %d, Paris %d; want 1, 1 and 4", rows["75101"].Places, rows["75102"].Places, r.Total.Places)
	}
	if notes := strings.Join(r.Notes, "\n"); !strings.Contains(notes, "2 lieux sans arrondissement") {
		t.Errorf("notes %q do not count the 2 places without a usable postcode", notes)
	}
}

// A commune's list of places (PlacesIn, the CLI's html; Report.Places,
// the page's) holds exactly the places it counts, by one rule (review
// 9N, major 1): Paris lists its arrondissements' places, and a place
// coded 75056 is listed by the arrondissement it counts for.
func TestPlacesListedAsCounted(t *testing.T) {
	ref := parisRef()
	st := &fakeStore{lieux: []*place.Lieu{
		lieu("near-2e", "75056", at(8)),
		lieu("near-1er", "75056", at(1)),
		lieu("nowhere", "75056", nil), // Paris's own: no arrondissement
		lieu("own", "75101", at(0)),
	}}
	for code, want := range map[string]string{
		"75056": "near-1er near-2e nowhere own",
		"75101": "near-1er own",
		"75102": "near-2e",
	} {
		tr := Territory{Kind: KindCommune, Code: code}
		r, err := Compute(context.Background(), st, ref, tr, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(r.Places, " "); got != want || r.Total.Places != len(r.Places) {
			t.Errorf("%s: Report.Places %q (%d counted), want %q", code, got, r.Total.Places, want)
		}
		ls, err := PlacesIn(context.Background(), st, ref, tr, "")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, l := range ls {
			ids = append(ids, l.ID)
		}
		slices.Sort(ids)
		if got := strings.Join(ids, " "); got != want {
			t.Errorf("%s: PlacesIn %q, want %q", code, got, want)
		}
	}
}

package diagnostic

import (
	"context"
	"math"
	"strings"
	"testing"

	"maillage/internal/access"
	"maillage/internal/place"
	"maillage/internal/territory"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-4*math.Max(1, math.Abs(b)) }

// rowsByCode indexes a report's rows.
func rowsByCode(r *Report) map[string]Row {
	out := map[string]Row{}
	for _, row := range r.Rows {
		out[row.Code] = row
	}
	return out
}

// The places of the small referential (see smallRef):
//
//	P1 in A (01001) at 0 km, offering « Aide aux démarches administratives »
//	P2 in C (02001) at 12 km, across the border of département 01
//
// Crow-fly costs within the 10 km catchment: P1–A 0, P1–B 4; P2–B 8,
// P2–C 2. A–P2 is 12, C–P1 14, D is 28 km from P2 and 40 from P1: out.
func smallPlaces() []*place.Lieu {
	return []*place.Lieu{
		lieu("p1", "01001", at(0), string(place.ServiceDemarches)),
		lieu("p2", "02001", at(12)),
	}
}

func TestAccessibilityHandComputed(t *testing.T) {
	ref := smallRef()
	tests := []struct {
		name   string
		o      Options
		places []*place.Lieu
		terr   string
		want   map[string]float64 // accessibility per 10 000
		served map[string]bool
	}{
		{
			// 2SFCA, people at risk = population (no indicator):
			// R1 = 1 / (1000 + 2000) = 1/3000, R2 = 1 / (2000 + 500) = 1/2500
			// A_A = R1 = 3.333333, A_B = R1 + R2 = 7.333333 (P2 lies in
			// département 02 and serves B all the same), A_C = R2 = 4.
			name: "2sfca département 01 served across the border", o: Options{Method: "2sfca"}, places: smallPlaces(), terr: "departement:01",
			want:   map[string]float64{"01001": 10000.0 / 3000, "01002": 10000.0/3000 + 10000.0/2500},
			served: map[string]bool{"01001": true, "01002": true},
		},
		{
			name: "2sfca département 02", o: Options{Method: "2sfca"}, places: smallPlaces(), terr: "departement:02",
			want:   map[string]float64{"02001": 4, "02002": 0},
			served: map[string]bool{"02001": true, "02002": false},
		},
		{
			// E2SFCA, 10 km in thirds: ≤ 3.33 km → 1, ≤ 6.67 → 0.68, ≤ 10 → 0.22.
			// R1 = 1 / (1000·1 + 2000·0.68) = 1/2360
			// R2 = 1 / (2000·0.22 + 500·1) = 1/940
			// A_A = 1/2360 → 4.237288; A_B = 0.68/2360 + 0.22/940 → 5.221787;
			// A_C = 1/940 → 10.638298.
			name: "e2sfca france", o: Options{}, places: smallPlaces(), terr: "france",
			want:   map[string]float64{"01001": 10000.0 / 2360, "01002": 10000 * (0.68/2360 + 0.22/940), "02001": 10000.0 / 940, "02002": 0},
			served: map[string]bool{"01001": true, "01002": true, "02001": true, "02002": false},
		},
		{
			// Only P1 offers the service: R1 = 1/3000 serves A and B; C
			// is 14 km from P1, unserved.
			name: "service filter", o: Options{Method: "2sfca", Service: "aide aux démarches administratives"}, places: smallPlaces(), terr: "france",
			want:   map[string]float64{"01001": 10000.0 / 3000, "01002": 10000.0 / 3000, "02001": 0, "02002": 0},
			served: map[string]bool{"01001": true, "01002": true, "02001": false, "02002": false},
		},
		{
			// P3 has no coordinates: it stands at the centre of D (40 km),
			// which it alone reaches: R3 = 1/300, A_D = 33.333333.
			name: "place without coordinates at its commune centre", o: Options{Method: "2sfca"},
			places: append(smallPlaces(), lieu("p3", "02002", nil)), terr: "departement:02",
			want:   map[string]float64{"02001": 4, "02002": 10000.0 / 300},
			served: map[string]bool{"02001": true, "02002": true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &fakeStore{lieux: tc.places}
			terr, err := ParseTerritory(tc.terr, ref)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Compute(context.Background(), st, ref, terr, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			rows := rowsByCode(r)
			if len(rows) != len(tc.want) {
				t.Errorf("rows %v, want the communes %v", rows, tc.want)
			}
			for code, want := range tc.want {
				row, ok := rows[code]
				if !ok {
					t.Errorf("no row %s", code)
					continue
				}
				if !near(row.Accessibility, want) {
					t.Errorf("%s: accessibility %v, want %v", code, row.Accessibility, want)
				}
				if row.Served != tc.served[code] {
					t.Errorf("%s: served %v, want %v", code, row.Served, tc.served[code])
				}
				if wantU := map[bool]float64{true: 0, false: row.AtRisk}[row.Served]; row.UnservedAtRisk != wantU {
					t.Errorf("%s: unserved at risk %v, want %v", code, row.UnservedAtRisk, wantU)
				}
			}
		})
	}
}

func TestRowsDistancesFlagsAndRanking(t *testing.T) {
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces()}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Ranked by unserved people at risk (D: 300), then people at risk
	// (B 2000, A 1000, C 500).
	var order []string
	for _, row := range r.Rows {
		order = append(order, row.Code)
	}
	if got := strings.Join(order, " "); got != "02002 01002 01001 02001" {
		t.Errorf("order %s", got)
	}
	rows := rowsByCode(r)
	// Nearest places: A 0 km (P1), B 4 (P1), C 0 (P2, its own place, 2 km
	// from its centre), D 28 (P2).
	for code, km := range map[string]float64{"01001": 0, "01002": 4, "02001": 0, "02002": 28} {
		if !near(rows[code].DistanceKm, km) {
			t.Errorf("%s: distance %v km, want %v", code, rows[code].DistanceKm, km)
		}
	}
	// Minutes estimated from km: 28 km × 1.3 / 60 km/h = 36.4 min, beyond
	// 20 and 30; 4 km × 1.3 = 5.2 min.
	if d := rows["02002"]; !d.Beyond20 || !d.Beyond30 {
		t.Errorf("D beyond 20/30 = %v/%v, want true/true", d.Beyond20, d.Beyond30)
	}
	if b := rows["01002"]; b.Beyond20 || b.Beyond30 {
		t.Errorf("B beyond 20/30 = %v/%v, want false/false", b.Beyond20, b.Beyond30)
	}
	// Places per commune: P1 in A, P2 in C.
	for code, n := range map[string]int{"01001": 1, "01002": 0, "02001": 1, "02002": 0} {
		if rows[code].Places != n {
			t.Errorf("%s: %d places, want %d", code, rows[code].Places, n)
		}
	}
	if r.Unserved.Communes != 1 || r.Unserved.AtRisk != 300 {
		t.Errorf("unserved %+v, want D: 1 commune, 300 at risk", r.Unserved)
	}
	if !strings.HasPrefix(r.Key[0], "300 personnes à risque vivent à plus de 10 km d'un lieu") {
		t.Errorf("first key figure %q", r.Key[0])
	}
}

func TestUnitsAggregate(t *testing.T) {
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces()}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{Method: access.Kind2SFCA})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sub) != 2 || r.Sub[0].Code != "32" || r.Sub[1].Code != "84" {
		t.Fatalf("sub-units of France %+v, want the régions 32 and 84", r.Sub)
	}
	// Région 84 = département 01: A and B, 3 000 people, P1.
	// Accessibility Σ P·A / Σ P = (1000·3.333333 + 2000·7.333333) / 3000 = 6.
	reg := r.Sub[1]
	if reg.Population != 3000 || reg.Places != 1 || reg.Communes != 2 || !near(reg.Accessibility, 6) || reg.UnservedAtRisk != 0 {
		t.Errorf("région 84 %+v", reg)
	}
	// Région 32: C and D, 800 people, P2; (500·4 + 300·0) / 800 = 2.5;
	// D unserved: 300.
	reg = r.Sub[0]
	if reg.Population != 800 || reg.Places != 1 || !near(reg.Accessibility, 2.5) || reg.UnservedAtRisk != 300 {
		t.Errorf("région 32 %+v", reg)
	}
	// Σ P·A over France = 10 000 × Σ S = 20 000 (both places have people in reach).
	if !near(r.Total.Accessibility*r.Total.AtRisk, 20000) {
		t.Errorf("France Σ P·A = %v, want 20 000", r.Total.Accessibility*r.Total.AtRisk)
	}
	// A département's sub-units are its EPCI, and its communes without one.
	d, err := Compute(context.Background(), st, ref, Territory{Kind: KindDepartement, Code: "02"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var subs []string
	for _, u := range d.Sub {
		subs = append(subs, u.Kind+":"+u.Code)
	}
	if got := strings.Join(subs, " "); got != "epci:200000002 commune:02002" {
		t.Errorf("sub-units of 02: %s", got)
	}
}

// A place coded in a commune serves it, however far the commune's centre
// (the centroid of its area) lies: distance 0, served, nobody unserved,
// never recommended; and the notes say the rule (review 9, adversary, M4:
// Saint-Laurent-du-Maroni's places 43 km from its centre, recommended).
func TestPlaceServesItsOwnCommune(t *testing.T) {
	ref := smallRef()
	// Dune's place is 30 km from its centre, inside its contour (Dune is
	// large: 25 to 75 km).
	ref.SetLayer(&territory.Layer{Kind: territory.LayerContours, Zones: []territory.Zone{{Code: "02002", Polygons: []territory.Polygon{meridianBox(25, 75)}}}})
	st := &fakeStore{lieux: append(smallPlaces(), lieu("far", "02002", at(70)))}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := rowsByCode(r)["02002"]
	if !d.Served || d.DistanceKm != 0 || d.UnservedAtRisk != 0 || d.Places != 1 || d.Beyond20 || !(d.Accessibility > 0) {
		t.Errorf("Dune with a place of its own: %+v", d)
	}
	if r.Unserved.Communes != 0 {
		t.Errorf("unserved %+v, want none", r.Unserved)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "Un lieu situé dans une commune la dessert") {
		t.Errorf("notes %q do not say the rule", r.Notes)
	}
	im, err := Implant(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Picks) != 0 {
		t.Errorf("picks %+v: Dune is served by its own place", im.Picks)
	}
}

// meridianBox is a contour around the meridian 4°E from km from to km to
// north of 45°N.
func meridianBox(from, to float64) territory.Polygon {
	a, b := at(from), at(to)
	return territory.Polygon{territory.Ring{{Lat: a.Lat, Lon: 3.9}, {Lat: a.Lat, Lon: 4.1}, {Lat: b.Lat, Lon: 4.1}, {Lat: b.Lat, Lon: 3.9}, {Lat: a.Lat, Lon: 3.9}}}
}

// A place coded in a commune but placed far from it (review 9A, minor 5:
// coded Cenves, placed in Lyon 40 km away) does not serve that commune
// at cost 0: beyond 20 km of its contour, or of its centre without the
// contours. It still counts among the commune's places, and the notes
// say how many.
func TestPlaceFarFromItsCommuneDoesNotServeIt(t *testing.T) {
	// Coded Dune (centre at 40 km), placed at Bourg (4 km): 36 km from
	// Dune's centre.
	typo := lieu("typo", "02002", at(4))
	for _, tc := range []struct {
		name     string
		contours []territory.Zone
		places   []*place.Lieu
		served   bool
	}{
		{"no contours, 36 km from the centre", nil, []*place.Lieu{typo}, false},
		{"no contours, 18 km from the centre", nil, []*place.Lieu{lieu("near", "02002", at(58))}, true},
		{"21 km from the contour", []territory.Zone{{Code: "02002", Polygons: []territory.Polygon{meridianBox(25, 75)}}}, []*place.Lieu{typo}, false},
		{"inside the contour, 30 km from the centre", []territory.Zone{{Code: "02002", Polygons: []territory.Polygon{meridianBox(25, 75)}}}, []*place.Lieu{lieu("in", "02002", at(70))}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := smallRef()
			if tc.contours != nil {
				ref.SetLayer(&territory.Layer{Kind: territory.LayerContours, Zones: tc.contours})
			}
			st := &fakeStore{lieux: append(smallPlaces(), tc.places...)}
			r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			d := rowsByCode(r)["02002"]
			if d.Places != 1 || d.Served != tc.served || (d.DistanceKm == 0) != tc.served {
				t.Errorf("Dune: %d places, served %v at %v km; want 1 place, served %v", d.Places, d.Served, d.DistanceKm, tc.served)
			}
			note := "1 lieu placé à plus de 20 km de la commune de son code INSEE ne la dessert qu'à sa distance"
			if got := strings.Contains(strings.Join(r.Notes, " "), note); got == tc.served {
				t.Errorf("notes %q: the far place's note is there: %v", r.Notes, got)
			}
		})
	}
}

// The collectivités d'outre-mer are left out of France (its rows, totals
// and placements), kept by their own codes; no nearest distance beyond
// MaxNearestKm is a figure (review 9, adversary, M5, new user, 4 and 11:
// Nouméa first in France, 11 065 km from a place, Faaa picked first).
func TestOverseasCollectivitiesAndFarDistances(t *testing.T) {
	ref := smallRef()
	ref.Departements = append(ref.Departements, territory.Departement{Code: "988", Nom: "Nouvelle-Calédonie"})
	ref.Communes = append(ref.Communes, territory.Commune{Code: "98818", Nom: "Nouméa", Departement: "988", Population: 94000, Centre: &territory.Point{Lat: -22.27, Lon: 166.44}})
	ref = ref.Index()
	st := &fakeStore{lieux: smallPlaces()}
	fr, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rowsByCode(fr)["98818"]; ok || fr.Total.Population != 3800 {
		t.Errorf("France has Nouméa: %d rows, population %v", len(fr.Rows), fr.Total.Population)
	}
	if !strings.Contains(strings.Join(fr.Notes, " "), "Les collectivités d'outre-mer") {
		t.Errorf("France's notes %q do not say the COM are left out", fr.Notes)
	}
	im, err := Implant(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range im.Picks {
		if p.Code == "98818" {
			t.Errorf("France's placements pick Nouméa: %+v", im.Picks)
		}
	}
	nc, err := Compute(context.Background(), st, ref, Territory{Kind: KindDepartement, Code: "988"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, ok := rowsByCode(nc)["98818"]
	if !ok || !math.IsInf(n.DistanceKm, 1) || n.Served || !n.Beyond30 {
		t.Errorf("Nouméa in its own page: %+v (want no distance: aucun lieu à moins de %d km)", n, MaxNearestKm)
	}
	for _, w := range []string{"Les collectivités d'outre-mer"} {
		if strings.Contains(strings.Join(nc.Notes, " "), w) {
			t.Errorf("New Caledonia's notes say %q", w)
		}
	}
}

// A distance is written with the decimals its flag needs: 10.04 km at a
// 10 km catchment is not « 10,0 » (review 9, new user, 7).
func TestDistanceDigits(t *testing.T) {
	o, _ := Options{}.Normalise()
	tests := []struct {
		km     float64
		served bool
		want   int
	}{
		{10.04, false, 2}, {10.0004, false, 4}, {9.96, true, 1}, {12.3, false, 1}, {0, true, 1}, {math.Inf(1), false, 1},
	}
	for _, tt := range tests {
		if got := DistanceDigits(Row{DistanceKm: tt.km, Served: tt.served}, o, 1); got != tt.want {
			t.Errorf("%v km (served %v): %d decimals, want %d", tt.km, tt.served, got, tt.want)
		}
	}
}

package diagnostic

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/territory"
)

// fakeOSRM answers the OSRM table service on loopback: the duration of a
// trip is 2 minutes a crow-fly km (30 km/h), computed from the
// coordinates in the path with the haversine formula.
func fakeOSRM(t *testing.T) string {
	return fakeOSRMWithout(t, math.Inf(1))
}

// fakeOSRMWithout is fakeOSRM finding no route (null) to the places north
// of a latitude.
func fakeOSRMWithout(t *testing.T, north float64) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, coords, ok := strings.Cut(r.URL.Path, "/table/v1/driving/")
		if !ok {
			http.Error(w, "bad path", http.StatusNotFound)
			return
		}
		var pts [][2]float64
		for _, c := range strings.Split(coords, ";") {
			lon, lat, _ := strings.Cut(c, ",")
			x, err1 := strconv.ParseFloat(lon, 64)
			y, err2 := strconv.ParseFloat(lat, 64)
			if err1 != nil || err2 != nil {
				http.Error(w, "bad coordinates", http.StatusBadRequest)
				return
			}
			pts = append(pts, [2]float64{y, x})
		}
		// The lists are separated by ";", which url.ParseQuery refuses.
		params := map[string]string{}
		for _, kv := range strings.Split(r.URL.RawQuery, "&") {
			k, v, _ := strings.Cut(kv, "=")
			params[k] = v
		}
		index := func(name string) []int {
			var out []int
			for _, s := range strings.Split(params[name], ";") {
				n, err := strconv.Atoi(s)
				if err != nil {
					return nil
				}
				out = append(out, n)
			}
			return out
		}
		var dur [][]*float64
		for _, i := range index("sources") {
			var row []*float64
			for _, j := range index("destinations") {
				if pts[j][0] > north {
					row = append(row, nil)
					continue
				}
				v := haversineKm(pts[i], pts[j]) * 2 * 60 // seconds
				row = append(row, &v)
			}
			dur = append(dur, row)
		}
		json.NewEncoder(w).Encode(map[string]any{"code": "Ok", "durations": dur})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func haversineKm(a, b [2]float64) float64 {
	const r = 6371.0
	φ1, φ2 := a[0]*math.Pi/180, b[0]*math.Pi/180
	dφ, dλ := φ2-φ1, (b[1]-a[1])*math.Pi/180
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// The 20 / 30 minutes flags and the catchment follow the cost: minutes
// by the detour or OSRM cost, estimated from km with the crow-fly cost;
// distance_km stays crow-fly.
func TestCostsAndMinuteFlags(t *testing.T) {
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces()}
	osrm := fakeOSRM(t)
	tests := []struct {
		name string
		o    Options
		// served, beyond 20, beyond 30 by commune: A, B, C, D
		want map[string][3]bool
	}{
		{
			// Detour 1.3 at 60 km/h: 1.3 min a km. 20 min reach 15.38 km:
			// A–P2 12 km (15.6 min) and C–P1 14 km are in, D–P2 28 km (36.4
			// min) is not.
			name: "detour", o: Options{SeuilMin: 20},
			want: map[string][3]bool{"01001": {true, false, false}, "01002": {true, false, false}, "02001": {true, false, false}, "02002": {false, true, true}},
		},
		{
			// Crow-fly 10 km; minutes estimated at 1.3 min a km: D is
			// 28 km from P2, 36.4 min.
			name: "crow-fly", o: Options{},
			want: map[string][3]bool{"01001": {true, false, false}, "01002": {true, false, false}, "02001": {true, false, false}, "02002": {false, true, true}},
		},
		{
			// OSRM (the fake: 2 min a km), 10 min, only P1 (the service):
			// A 0, B 4 km = 8 min: served; C 14 km = 28 min: beyond 20,
			// within 30 (asked of OSRM again up to 30 min); D 40 km = 80 min.
			name: "osrm", o: Options{Cost: "osrm", SeuilMin: 10, OSRMURL: osrm, Service: "Aide aux démarches administratives"},
			want: map[string][3]bool{"01001": {true, false, false}, "01002": {true, false, false}, "02001": {false, true, false}, "02002": {false, true, true}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			rows := rowsByCode(r)
			for code, w := range tc.want {
				row := rows[code]
				if got := [3]bool{row.Served, row.Beyond20, row.Beyond30}; got != w {
					t.Errorf("%s: served, beyond 20, beyond 30 = %v, want %v", code, got, w)
				}
			}
			// distance_km is crow-fly whatever the cost: C has its own
			// place, P2 (0, though 2 km from its centre), and is 14 km
			// from P1.
			wantC := 0.0
			if tc.o.Service != "" {
				wantC = 14
			}
			if !near(rows["02001"].DistanceKm, wantC) {
				t.Errorf("C: %v km, want %v", rows["02001"].DistanceKm, wantC)
			}
		})
	}
}

// A commune with a QPV is flagged when the layer is loaded.
func TestQPVFlag(t *testing.T) {
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces()}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Rows {
		if row.InQPV {
			t.Errorf("%s in a QPV without the layer", row.Code)
		}
	}
	sq := func(km float64) territory.Polygon {
		c := at(km)
		return territory.Polygon{territory.Ring{{Lat: c.Lat - 0.001, Lon: 3.999}, {Lat: c.Lat - 0.001, Lon: 4.001}, {Lat: c.Lat + 0.001, Lon: 4.001}, {Lat: c.Lat + 0.001, Lon: 3.999}}}
	}
	ref.SetLayer(&territory.Layer{Kind: territory.LayerQPV, Vintage: "2024", Zones: []territory.Zone{
		{Code: "QN00201M", Nom: "Les Tours", Communes: []string{"02001"}, Polygons: []territory.Polygon{sq(14)}},
	}})
	r, err = Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Rows {
		if row.InQPV != (row.Code == "02001") {
			t.Errorf("%s: in a QPV %v", row.Code, row.InQPV)
		}
	}
	var qpv bool
	for _, v := range r.Vintages {
		qpv = qpv || v.Layer == territory.LayerQPV && v.Vintage == "2024"
	}
	if !qpv {
		t.Errorf("vintages %+v lack the QPV layer's", r.Vintages)
	}
}

// Pairs without a route (null) are out of reach, and the report says how
// many there were.
func TestOSRMPairsWithoutRoute(t *testing.T) {
	// P2 with no commune: a place serves its own commune whatever the
	// routes (Cense would be served by it at cost 0).
	places := smallPlaces()
	places[1].CodeINSEE = ""
	st := &fakeStore{lieux: places}
	o := Options{Cost: "osrm", SeuilMin: 20, OSRMURL: fakeOSRMWithout(t, at(6).Lat)}
	r, err := NewCache(st, smallRef()).Report(context.Background(), Territory{Kind: KindFrance}, o)
	if err != nil {
		t.Fatal(err)
	}
	note := ""
	for _, n := range r.Notes {
		if strings.Contains(n, "aucun trajet") {
			note = n
		}
	}
	if !strings.Contains(note, "Le serveur OSRM n'a trouvé aucun trajet pour ") || !strings.Contains(note, "couples commune–lieu sur") {
		t.Errorf("notes %q: want the pairs without a route counted", r.Notes)
	}
	// C (4 min from P2 but no route, 28 from P1) is not served; A and B
	// are served by P1.
	if c := rowsByCode(r)["02001"]; c.Served {
		t.Errorf("Cense served through a pair without a route: %+v", c)
	}
}

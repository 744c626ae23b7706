package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"maillage/internal/fragility"
	"maillage/internal/territory"
)

// syntheticDepartement is a département-sized area (1.2° × 0.9°, some
// 8 500 km² at 45° N) cut into 24 × 22 communes of 4 km, their borders
// wiggly lines with a vertex every 55 m (about etalab's communes-50m),
// shared exactly by the two neighbours; 33 EPCI of 4 × 4 communes; 40 QPV
// of 150 vertices; a fragility score per commune. Seeded: the same on
// every run.
func syntheticDepartement() (*territory.Referential, *territory.Layer, *territory.Layer, *fragility.Index, territory.BBox) {
	const (
		nx, ny       = 24, 22
		west, south  = 4.2, 45.3
		dx, dy       = 0.05, 0.041
		step         = 0.0005 // degrees between vertices along a border
		wiggle       = 0.0015 // greatest offset of a border from the straight line
		epciSide     = 4
		departement  = "69"
		region       = "84"
		qpvs         = 40
		qpvVertices  = 150
		qpvRadiusDeg = 0.004
	)
	rng := rand.New(rand.NewPCG(9, 25))
	node := func(i, j int) territory.Point {
		return territory.Point{Lat: south + float64(j)*dy, Lon: west + float64(i)*dx}
	}
	// borders[key] is the line from node a to node b (a < b), its inner
	// vertices offset by a smooth random walk that ends at zero.
	type key struct{ ai, aj, bi, bj int }
	borders := map[key][]territory.Point{}
	line := func(ai, aj, bi, bj int) []territory.Point {
		k := key{ai, aj, bi, bj}
		if l, ok := borders[k]; ok {
			return l
		}
		a, b := node(ai, aj), node(bi, bj)
		n := int(math.Max(math.Abs(b.Lat-a.Lat), math.Abs(b.Lon-a.Lon)) / step)
		pts := []territory.Point{a}
		off := 0.0
		for s := 1; s < n; s++ {
			t := float64(s) / float64(n)
			off += (rng.Float64() - 0.5) * wiggle / 4
			off = math.Max(-wiggle, math.Min(wiggle, off)) * (1 - math.Pow(2*t-1, 8)) // back to 0 at both ends
			p := territory.Point{Lat: a.Lat + t*(b.Lat-a.Lat), Lon: a.Lon + t*(b.Lon-a.Lon)}
			if ai == bi { // a north–south border: offset east–west
				p.Lon += off
			} else {
				p.Lat += off
			}
			p.Lat, p.Lon = math.Round(p.Lat*1e7)/1e7, math.Round(p.Lon*1e7)/1e7
			pts = append(pts, p)
		}
		pts = append(pts, b)
		borders[k] = pts
		return pts
	}
	reversed := func(l []territory.Point) []territory.Point {
		out := make([]territory.Point, len(l))
		for i, p := range l {
			out[len(l)-1-i] = p
		}
		return out
	}
	ref := &territory.Referential{
		Departements: []territory.Departement{{Code: departement, Nom: "Synthétique", Region: region}},
		Regions:      []territory.Region{{Code: region, Nom: "Région"}},
	}
	contours := &territory.Layer{Kind: territory.LayerContours, Vintage: "2025", Source: "synthetique.geojson"}
	idx := &fragility.Index{Level: fragility.LevelCommune, Vintage: "2023", Source: "synthetique.csv", Rows: map[string]fragility.IndexRow{}}
	epcis := map[string]bool{}
	for i := range nx {
		for j := range ny {
			code := fmt.Sprintf("%s%03d", departement, i*ny+j+1)
			epci := fmt.Sprintf("2000%02d%03d", i/epciSide, j/epciSide)
			if !epcis[epci] {
				epcis[epci] = true
				ref.EPCIs = append(ref.EPCIs, territory.EPCI{Code: epci, Nom: "Communauté " + epci})
			}
			ref.Communes = append(ref.Communes, territory.Commune{Code: code, Nom: "Commune " + code, Departement: departement, Region: region, EPCI: epci, Population: 500 + rng.IntN(5000)})
			// Counter-clockwise: south, east, north (reversed), west (reversed).
			var ring territory.Ring
			ring = append(ring, line(i, j, i+1, j)...)
			ring = append(ring, line(i+1, j, i+1, j+1)[1:]...)
			ring = append(ring, reversed(line(i, j+1, i+1, j+1))[1:]...)
			ring = append(ring, reversed(line(i, j, i, j+1))[1:]...)
			contours.Zones = append(contours.Zones, territory.Zone{Code: code, Nom: "Commune " + code, Polygons: []territory.Polygon{{ring}}})
			idx.Rows[code] = fragility.IndexRow{Code: code, Score: 60 + rng.Float64()*80, Population: math.NaN()}
		}
	}
	qpv := &territory.Layer{Kind: territory.LayerQPV, Vintage: "2024", Source: "qpv-synthetique.geojson"}
	for q := range qpvs {
		lat, lon := south+rng.Float64()*ny*dy, west+rng.Float64()*nx*dx
		var ring territory.Ring
		for v := range qpvVertices {
			a := 2 * math.Pi * float64(v) / qpvVertices
			r := qpvRadiusDeg * (0.7 + 0.3*rng.Float64())
			ring = append(ring, territory.Point{Lat: math.Round((lat+r*math.Sin(a))*1e7) / 1e7, Lon: math.Round((lon+r*math.Cos(a))*1e7) / 1e7})
		}
		ring = append(ring, ring[0])
		qpv.Zones = append(qpv.Zones, territory.Zone{Code: fmt.Sprintf("QN0690%02dM", q), Nom: "Quartier " + strconv.Itoa(q), Polygons: []territory.Polygon{{ring}}})
	}
	box := territory.BBox{South: south, West: west, North: south + ny*dy, East: west + nx*dx}
	return ref, contours, qpv, idx, box
}

// BenchmarkMapLayers draws each layer of the map for a whole département
// at zoom 9 (the département on a screen) and 12, and for a phone's view
// at zoom 12 (412 × 823 pixels and the margin the map asks for); it
// reports the answer's size, plain and gzipped as the server sends it.
func BenchmarkMapLayers(b *testing.B) {
	ref, contours, qpv, idx, dept := syntheticDepartement()
	ctx := context.Background()
	ts := newTestServer(b)
	if err := ts.store.ReplaceTerritories(ctx, ref.Index()); err != nil {
		b.Fatal(err)
	}
	for _, l := range []*territory.Layer{contours, qpv} {
		if err := ts.store.ReplaceLayer(ctx, l); err != nil {
			b.Fatal(err)
		}
	}
	if err := ts.store.ReplaceFragilityIndex(ctx, idx); err != nil {
		b.Fatal(err)
	}
	if err := ts.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	loaded := ts.indexOf(ctx).Referential()
	// A phone at zoom 12: 412 × 823 px of 360/(256·2^12)° (×cos 45° in
	// latitude), widened by half on each side as the map asks.
	px := 360 / (256 * math.Pow(2, 12))
	cLat, cLon := (dept.South+dept.North)/2, (dept.West+dept.East)/2
	w, h := 2*412*px, 2*823*px*math.Cos(cLat*math.Pi/180)
	phone := territory.BBox{South: cLat - h/2, West: cLon - w/2, North: cLat + h/2, East: cLon + w/2}
	for _, tt := range []struct {
		name string
		box  territory.BBox
		zoom int
	}{{"departement/zoom9", dept, 9}, {"departement/zoom12", dept, 12}, {"telephone/zoom12", phone, 12}} {
		for _, layer := range []string{layerFragility, layerEPCI, layerQPV} {
			b.Run(layer+"/"+tt.name, func(b *testing.B) {
				var body []byte
				var n int
				for b.Loop() {
					var err error
					body, n, err = ts.layerGeoJSON(ctx, loaded, layer, tt.box, tt.zoom)
					if err != nil {
						b.Fatal(err)
					}
				}
				var gz bytes.Buffer
				zw := gzip.NewWriter(&gz)
				zw.Write(body)
				zw.Close()
				b.ReportMetric(float64(n), "contours")
				b.ReportMetric(float64(len(body)), "octets")
				b.ReportMetric(float64(gz.Len()), "octets-gzip")
			})
		}
	}
}

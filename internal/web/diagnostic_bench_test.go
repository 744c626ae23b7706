package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// gridFrance is a generated France (seeded): 35 000 communes on a 175 ×
// 200 grid over a box the size of metropolitan France, in 100 départements
// of 18 × 20 cells, 16 régions, EPCI of 6 × 5 cells; with contours (the
// cells), the communes' contours layer.
func gridFrance(withContours bool) *territory.Referential {
	const rows, cols = 175, 200
	const south, west, dLat, dLon = 42.3, -4.8, 8.7 / rows, 13.0 / cols
	rng := rand.New(rand.NewPCG(9, 9))
	ref := &territory.Referential{}
	deptCode := func(d int) string {
		if d == 99 {
			return "2A"
		}
		return fmt.Sprintf("%02d", d+1)
	}
	for r := 0; r < 16; r++ {
		ref.Regions = append(ref.Regions, territory.Region{Code: fmt.Sprintf("%d", 11+r), Nom: fmt.Sprintf("Région %d", r+1)})
	}
	for d := 0; d < 100; d++ {
		dr, dc := d/10, d%10
		ref.Departements = append(ref.Departements, territory.Departement{Code: deptCode(d), Nom: fmt.Sprintf("Département %d", d+1),
			Region: fmt.Sprintf("%d", 11+(dr/3)*4+dc/3)})
	}
	epcis := map[string]bool{}
	count := map[string]int{}
	var zones []territory.Zone
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			dept := deptCode((i/18)*10 + j/20)
			count[dept]++
			code := dept + fmt.Sprintf("%03d", count[dept])
			epci := fmt.Sprintf("2%03d%02d%03d", i/6, j/5, 0)
			if !epcis[epci] {
				epcis[epci] = true
				ref.EPCIs = append(ref.EPCIs, territory.EPCI{Code: epci, Nom: "CC " + epci, Type: "CC"})
			}
			lat, lon := south+(float64(i)+0.5)*dLat, west+(float64(j)+0.5)*dLon
			ref.Communes = append(ref.Communes, territory.Commune{Code: code, Nom: "Commune " + code, Departement: dept,
				Region: ref.Departements[(i/18)*10+j/20].Region, EPCI: epci, Population: 50 + int(rng.ExpFloat64()*1800),
				CodesPostaux: []string{dept + "000"}, Centre: &territory.Point{Lat: lat, Lon: lon}})
			if withContours {
				s, w := south+float64(i)*dLat, west+float64(j)*dLon
				zones = append(zones, territory.Zone{Code: code, Nom: "Commune " + code, Polygons: []territory.Polygon{{{
					{Lat: s, Lon: w}, {Lat: s, Lon: w + dLon}, {Lat: s + dLat, Lon: w + dLon}, {Lat: s + dLat, Lon: w}, {Lat: s, Lon: w}}}}})
			}
		}
	}
	if withContours {
		ref.Contours = &territory.Layer{Kind: territory.LayerContours, Vintage: "2025", Source: "grille", Zones: zones}
	}
	return ref.Index()
}

// gridPlaces are n places at random communes of the grid (seeded), near
// their centres.
func gridPlaces(ref *territory.Referential, n int) []place.Lieu {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]place.Lieu, n)
	for i := range out {
		c := ref.Communes[rng.IntN(len(ref.Communes))]
		l := storetest.Sample(fmt.Sprintf("g-%d", i))
		l.Nom = fmt.Sprintf("Lieu %d", i)
		l.CodeINSEE, l.Commune, l.CodePostal = c.Code, c.Nom, c.CodesPostaux[0]
		l.Coordinates = &place.Point{Lat: c.Centre.Lat + (rng.Float64()-0.5)*0.02, Lon: c.Centre.Lon + (rng.Float64()-0.5)*0.02}
		out[i] = l
	}
	return out
}

// BenchmarkDiagnosticPage measures the HTTP response of a département's
// diagnostic page (360 communes, 12 EPCI on the map) from a warm cache:
// France computed once (E2SFCA, 10 km) at the first request, before the
// timer. Each op is one GET through the server's handler: the report's
// selection, the greedy recommendation of 5 sites, the map (squares, or
// the dissolved EPCI contours simplified), the page.
func BenchmarkDiagnosticPage(b *testing.B) {
	for _, withContours := range []bool{false, true} {
		name := "carres"
		if withContours {
			name = "contours"
		}
		b.Run(name, func(b *testing.B) {
			ref := gridFrance(withContours)
			ts := diagServer(b, ref, gridPlaces(ref, 20000)...)
			if withContours {
				if err := ts.store.ReplaceLayer(context.Background(), ref.Contours); err != nil {
					b.Fatal(err)
				}
				if err := ts.Refresh(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			get := func() string {
				rec := httptest.NewRecorder()
				ts.h.ServeHTTP(rec, httptest.NewRequest("GET", "/diagnostic/departement/45", nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
				}
				return rec.Body.String()
			}
			page := get() // computes France
			if strings.Contains(page, "<path d=") != withContours {
				b.Fatalf("contours %v, but the map has paths: %v", withContours, !withContours)
			}
			cpu := diagCPUSeconds()
			for b.Loop() {
				get()
			}
			b.ReportMetric((diagCPUSeconds()-cpu)*1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(len(page))/1024, "KiB/page")
		})
	}
}

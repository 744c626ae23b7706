package diagnostic

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/territory"
)

// franceLike is a referential the size of France: 35 000 communes spread
// over a 1 000 km box in 96 départements (a 12 × 8 grid of blocks), EPCI
// of about 28 neighbouring communes, 13 régions; and np published places,
// half around 200 towns, half anywhere, a tenth without coordinates, with
// opening hours and services.
func franceLike(np int) (*territory.Referential, []*place.Lieu) {
	r := rand.New(rand.NewPCG(9, 35))
	const lat0, lat1, lon0, lon1 = 42.5, 51, -4.5, 8
	const nc, cols, rows = 35000, 12, 8
	ref := &territory.Referential{CommunesVintage: territory.Vintage{Layer: "communes", Vintage: "2023"}}
	for k := range cols * rows {
		code := fmt.Sprintf("%02d", k+1)
		if k+1 >= 20 {
			code = fmt.Sprintf("%02d", k+2) // no 20 (Corse is 2A, 2B)
		}
		reg := fmt.Sprintf("%d", 11+k/8)
		ref.Departements = append(ref.Departements, territory.Departement{Code: code, Nom: "Département " + code, Region: reg})
	}
	for g := range 13 {
		ref.Regions = append(ref.Regions, territory.Region{Code: fmt.Sprintf("%d", 11+g), Nom: fmt.Sprintf("Région %d", 11+g)})
	}
	count := map[string]int{}
	epcis := map[string]bool{}
	for range nc {
		lat, lon := lat0+r.Float64()*(lat1-lat0), lon0+r.Float64()*(lon1-lon0)
		bx := min(int((lon-lon0)/(lon1-lon0)*cols), cols-1)
		by := min(int((lat-lat0)/(lat1-lat0)*rows), rows-1)
		d := ref.Departements[by*cols+bx]
		count[d.Code]++
		n := count[d.Code]
		// EPCI: a 6 × 6 grid inside the block.
		ex := int((lon-lon0)/(lon1-lon0)*cols*6) % 6
		ey := int((lat-lat0)/(lat1-lat0)*rows*6) % 6
		epci := fmt.Sprintf("2%s%02d%02d", d.Code, ex, ey)
		epci = epci + "000000000"[:9-len(epci)]
		epcis[epci] = true
		ref.Communes = append(ref.Communes, territory.Commune{Code: fmt.Sprintf("%s%03d", d.Code, n), Nom: fmt.Sprintf("Commune %s-%d", d.Code, n),
			Departement: d.Code, Region: d.Region, EPCI: epci, Population: int(math.Exp(r.NormFloat64()*1.2 + 6.5)), Centre: &territory.Point{Lat: lat, Lon: lon}})
	}
	for e := range epcis {
		ref.EPCIs = append(ref.EPCIs, territory.EPCI{Code: e, Nom: "EPCI " + e})
	}
	ref.Index()
	towns := make([][2]float64, 200)
	for k := range towns {
		towns[k] = [2]float64{lat0 + r.Float64()*(lat1-lat0), lon0 + r.Float64()*(lon1-lon0)}
	}
	services := []string{string(place.ServiceDemarches), string(place.ServiceOutils)}
	lieux := make([]*place.Lieu, np)
	for j := range lieux {
		c := ref.Communes[r.IntN(len(ref.Communes))]
		l := &place.Lieu{ID: fmt.Sprintf("p%d", j), Nom: "Lieu", CodeINSEE: c.Code, Horaires: "Mo-Fr 09:00-12:00,14:00-17:00",
			Services: services[:1+j%2], DateMaj: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
		if j%10 != 0 {
			lat, lon := lat0+r.Float64()*(lat1-lat0), lon0+r.Float64()*(lon1-lon0)
			if j%2 == 0 {
				t := towns[r.IntN(len(towns))]
				lat, lon = t[0]+r.NormFloat64()*8/111.2, t[1]+r.NormFloat64()*8/(111.2*math.Cos(t[0]*math.Pi/180))
			}
			l.Coordinates = &place.Point{Lat: lat, Lon: lon}
		}
		lieux[j] = l
	}
	return ref, lieux
}

// benchPlaces is the size of the registry in the benchmarks: the national
// registry of lieux de médiation numérique holds some 20 000 places.
const benchPlaces = 20000

// BenchmarkReportFranceCold: the first report after a change of revision:
// reading the places (from memory here: the server reads its index), the
// demand, E2SFCA over 35 000 communes and 20 000 places within 10 km,
// the nearest place of every commune, the units, the France report.
func BenchmarkReportFranceCold(b *testing.B) {
	ref, lieux := franceLike(benchPlaces)
	st := &fakeStore{lieux: lieux, table: nil}
	ctx := context.Background()
	cpu := cpuSeconds()
	for b.Loop() {
		c := NewCache(st, ref)
		r, err := c.Report(ctx, Territory{Kind: KindFrance}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		// 75056 and 69123 are generated with arrondissements, which stand
		// for them.
		if len(r.Rows) < len(ref.Communes)-2 {
			b.Fatalf("%d rows", len(r.Rows))
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkReportDepartementWarm: a département's report from a warm
// cache (target: the département page ≤ 200 ms, this report included).
func BenchmarkReportDepartementWarm(b *testing.B) {
	ref, lieux := franceLike(benchPlaces)
	st := &fakeStore{lieux: lieux}
	ctx := context.Background()
	c := NewCache(st, ref)
	dep := Territory{Kind: KindDepartement, Code: "45"}
	if _, err := c.Report(ctx, dep, Options{}); err != nil {
		b.Fatal(err)
	}
	var rows int
	cpu := cpuSeconds()
	for b.Loop() {
		r, err := c.Report(ctx, dep, Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows = len(r.Rows)
	}
	b.ReportMetric(float64(rows), "communes")
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N)*1000, "cpu-ms/op")
}

// BenchmarkImplantDepartementWarm: 5 new places in a département from a
// warm cache.
func BenchmarkImplantDepartementWarm(b *testing.B) {
	ref, lieux := franceLike(benchPlaces)
	st := &fakeStore{lieux: lieux}
	ctx := context.Background()
	c := NewCache(st, ref)
	dep := Territory{Kind: KindDepartement, Code: "45"}
	if _, err := c.Report(ctx, dep, Options{}); err != nil {
		b.Fatal(err)
	}
	cpu := cpuSeconds()
	for b.Loop() {
		if _, err := c.Implant(ctx, dep, Options{}, 5, nil, ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N)*1000, "cpu-ms/op")
}

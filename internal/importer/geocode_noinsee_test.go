package importer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"maillage/internal/geocode"
	"maillage/internal/geocode/geocodetest"
	"maillage/internal/place"
)

// Records whose INSEE code is absent and not derivable from their
// postcode and commune (a neighbourhood's name, a postcode mistyped): geocoded anywhere, they take the commune of the answer when
// its postcode or commune agrees with theirs, which their provenance
// says; otherwise they keep nothing of it.
const noINSEECSV = `id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj
g1,EPN de Lapanouse,Lapanouse,81000,,Rue de la Mairie,,,2026-01-02
g2,EPN du Taur,Toulouse,75999,,12 rue du Taur,,,2026-01-02
g3,EPN d'ailleurs,Puygouzon,81990,,12 rue du Taur,,,2026-01-02
`

func TestImportGeocodesWithoutINSEE(t *testing.T) {
	for name, open := range engines(t) {
		for _, csvFrom := range []int{1, 20} {
			t.Run(name+"/"+map[int]string{1: "csv", 20: "search"}[csvFrom], func(t *testing.T) {
				ctx := context.Background()
				s := open(t)
				fake := geocodetest.New(t, ban)
				b := geocode.NewBatch(fake.URL)
				b.CSVFrom = csvFrom
				g := &Geocoding{Batch: b, Now: clock}
				res, report := importGeo(t, s, "hub", noINSEECSV, g)
				if res.Counts.Created != 3 {
					t.Fatalf("counts %+v\n%s", res.Counts, report)
				}
				if slices.ContainsFunc(fake.Filters, func(f string) bool { return f != "" }) {
					t.Errorf("asked with a citycode filter: %q", fake.Filters)
				}
				for _, want := range []string{
					`hub.csv,2,,g1,normalisation,latitude,,geocodage,"coordonnées géocodées : « Rue de la Mairie 81000 Albi » (score 0.91, street) ; code INSEE 81004 (Albi) repris du géocodage : le code postal 81000 de la source le dessert"`,
					`hub.csv,3,,g2,normalisation,latitude,,geocodage,"coordonnées géocodées : « 12 Rue du Taur 31000 Toulouse » (score 0.97, housenumber) ; code INSEE 31555 (Toulouse) repris du géocodage : la commune « Toulouse » de la source est la sienne"`,
					`hub.csv,4,,g3,avertissement,latitude,,geocodage-impossible,"lieu sans coordonnées, et l'adresse n'est pas géocodée (résultat à Toulouse (31555), ni au code postal ni dans la commune de la source : « 12 Rue du Taur 31000 Toulouse ») : renseignez latitude et longitude dans la source"`,
				} {
					if !strings.Contains(report, want) {
						t.Errorf("report lacks\n%s\n%s", want, report)
					}
				}
				for id, want := range map[string]struct {
					insee string
					at    *place.Point
				}{"g1": {"81004", &place.Point{Lat: 43.92, Lon: 2.14}}, "g2": {"31555", &place.Point{Lat: 43.604569, Lon: 1.442109}}, "g3": {"", nil}} {
					l, err := s.Lieu(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if l.CodeINSEE != want.insee || (l.Coordinates == nil) != (want.at == nil) || want.at != nil && *l.Coordinates != *want.at {
						t.Errorf("%s: INSEE %q at %+v, want %q at %+v", id, l.CodeINSEE, l.Coordinates, want.insee, want.at)
					}
				}
				recs, err := s.SourceRecords(ctx, "g1")
				if err != nil || len(recs) != 1 {
					t.Fatalf("records of g1: %+v %v", recs, err)
				}
				p := recs[0].Lieu.Provenance
				if v, kept := p.Original["code_insee"]; !kept || v != "" || p.Geocoding == nil || p.Geocoding.CodeINSEE != "81004" {
					t.Errorf("provenance of g1: %+v %+v", p.Original, p.Geocoding)
				}
				// Cached: imported again, nothing is asked.
				before, csvs, _ := fake.Counts()
				if res, _ := importGeo(t, s, "hub", noINSEECSV, g); res.Counts.Unchanged != 3 {
					t.Errorf("again: %+v", res.Counts)
				}
				if after, csvs2, _ := fake.Counts(); after != before || csvs2 != csvs {
					t.Errorf("asked again: %d→%d searches, %d→%d CSVs", before, after, csvs, csvs2)
				}
			})
		}
	}
}

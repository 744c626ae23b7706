package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/territory"
)

// lyonReferential is Lyon (69123) with two arrondissements, its 1er at
// 45.77° and its 8e at 45.73°, and Villeurbanne, in one EPCI.
func lyonReferential() *territory.Referential {
	at := func(lat, lon float64) *territory.Point { return &territory.Point{Lat: lat, Lon: lon} }
	ref := &territory.Referential{
		Regions:      []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
		Departements: []territory.Departement{{Code: "69", Nom: "Rhône", Region: "84"}},
		EPCIs:        []territory.EPCI{{Code: "200046977", Nom: "Métropole de Lyon", Type: "MET"}},
		Communes: []territory.Commune{
			{Code: "69123", Nom: "Lyon", Departement: "69", Region: "84", EPCI: "200046977", Population: 520000, Centre: at(45.76, 4.84), CodesPostaux: []string{"69001", "69008"}},
			{Code: "69381", Nom: "Lyon 1er Arrondissement", Departement: "69", Region: "84", EPCI: "200046977", Population: 30000, Centre: at(45.77, 4.83), CodesPostaux: []string{"69001"}},
			{Code: "69388", Nom: "Lyon 8e Arrondissement", Departement: "69", Region: "84", EPCI: "200046977", Population: 86000, Centre: at(45.73, 4.87), CodesPostaux: []string{"69008"}},
			{Code: "69266", Nom: "Villeurbanne", Departement: "69", Region: "84", EPCI: "200046977", Population: 150000, Centre: at(45.77, 4.88), CodesPostaux: []string{"69100"}},
		},
	}
	return ref.Index()
}

var diagPlaceItem = regexp.MustCompile(`<li><a href="/lieux/([^"]+)">`)

// diagListed returns the ids of the places « Les lieux du territoire »
// lists, and its sentence.
func diagListed(t *testing.T, body string) ([]string, string) {
	t.Helper()
	i := strings.Index(body, `<h2 id="lieux">`)
	j := strings.Index(body, `<h2 id="sources">`)
	if i < 0 || j < i {
		t.Fatal("no list of places")
	}
	part := body[i:j]
	var ids []string
	for _, m := range diagPlaceItem.FindAllStringSubmatch(part, -1) {
		ids = append(ids, m[1])
	}
	_, rest, _ := strings.Cut(part, "<p>")
	sentence, _, _ := strings.Cut(rest, "</p>")
	return ids, sentence
}

// The commune page of Lyon and of its arrondissements list exactly the
// places they count (review 9N, major 1: Paris said « 9 lieux
// accueillent » and listed none): a city lists its arrondissements'
// places, and a place coded with the city's code is listed by the
// arrondissement it lies in, where it is counted.
func TestDiagnosticPLMPlacesAgree(t *testing.T) {
	ts := diagServer(t, lyonReferential(),
		lieu("mediatheque-1er", 45.771, 4.831, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Médiathèque du 1er", "Lyon", "69381", "69001"
		}),
		lieu("bus-8e", 45.731, 4.871, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Bus numérique", "Lyon", "69123", "69008"
		}),
		lieu("epn-8e", 45.732, 4.869, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "EPN Mermoz", "Lyon", "69388", "69008"
		}),
		lieu("villeurbanne", 45.771, 4.881, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Centre social de Villeurbanne", "Villeurbanne", "69266", "69100"
		}),
	)
	for _, tc := range []struct {
		code, key string
		ids       []string
	}{
		{"69123", "3 lieux accueillent", []string{"bus-8e", "epn-8e", "mediatheque-1er"}},
		{"69388", "2 lieux accueillent", []string{"bus-8e", "epn-8e"}},
		{"69381", "1 lieu accueille", []string{"mediatheque-1er"}},
		{"69266", "1 lieu accueille", []string{"villeurbanne"}},
	} {
		res := ts.get(t, "/diagnostic/commune/"+tc.code)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.code, res.StatusCode)
		}
		if !strings.Contains(res.Body, tc.key) {
			t.Errorf("%s: the key figures lack %q", tc.code, tc.key)
		}
		ids, sentence := diagListed(t, res.Body)
		if strings.Join(ids, " ") != strings.Join(tc.ids, " ") {
			t.Errorf("%s lists %v, want %v", tc.code, ids, tc.ids)
		}
		if want := french.Count(len(tc.ids), "lieu publié", "lieux publiés"); !strings.HasPrefix(sentence, want) {
			t.Errorf("%s: %q, want %q", tc.code, sentence, want)
		}
	}
}

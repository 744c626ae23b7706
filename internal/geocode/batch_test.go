package geocode_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"maillage/internal/geocode"
	"maillage/internal/geocode/geocodetest"
)

// Answers recorded from the BAN (properties as it gives them).
var banResults = map[string]geocodetest.Result{
	"12 rue du taur": {Lat: 43.604569, Lon: 1.442109, Label: "12 Rue du Taur 31000 Toulouse", Score: 0.9712, Type: "housenumber",
		Citycode: "31555", Postcode: "31000", City: "Toulouse"},
	"place de la libération": {Lat: 43.901589, Lon: 1.896897, Label: "Place de la Libération 81600 Gaillac", Score: 0.8841, Type: "street",
		Citycode: "81099", Postcode: "81600", City: "Gaillac"},
	"81600 gaillac": {Lat: 43.9016, Lon: 1.8969, Label: "Gaillac", Score: 0.9421, Type: "municipality",
		Citycode: "81099", Postcode: "81600", City: "Gaillac"},
	// The same street name in another commune: the citycode filter keeps
	// it out.
	"rue de la mairie": {Lat: 43.92, Lon: 2.14, Label: "Rue de la Mairie 81000 Albi", Score: 0.91, Type: "street",
		Citycode: "81004", Postcode: "81000", City: "Albi"},
	"3 chemin incertain": {Lat: 43.61, Lon: 1.44, Label: "Chemin Incertain 31000 Toulouse", Score: 0.41, Type: "street",
		Citycode: "31555", Postcode: "31000", City: "Toulouse"},
	"8 rue de rivoli": {Lat: 48.855, Lon: 2.360, Label: "8 Rue de Rivoli 75004 Paris", Score: 0.95, Type: "housenumber",
		Citycode: "75104", Postcode: "75004", City: "Paris"},
}

var requests = []geocode.Request{
	{Adresse: "12 rue du Taur", CodePostal: "31000", Commune: "Toulouse", CodeINSEE: "31555"},
	{Adresse: "Place de la Libération", CodePostal: "81600", Commune: "Gaillac", CodeINSEE: "81099"},
	{Adresse: "", CodePostal: "81600", Commune: "Gaillac", CodeINSEE: "81099"},
	{Adresse: "Rue de la Mairie", CodePostal: "81600", Commune: "Gaillac", CodeINSEE: "81099"},
	{Adresse: "3 chemin incertain", CodePostal: "31000", Commune: "Toulouse", CodeINSEE: "31555"},
	{Adresse: "8 rue de Rivoli", CodePostal: "75004", Commune: "Paris", CodeINSEE: "75056"},
}

// want: whether each request is placed, with the default threshold.
var want = []bool{true, true, true, false, false, true}

func TestBatchEndpoints(t *testing.T) {
	for _, csvFrom := range []int{1, 100} {
		t.Run(fmt.Sprintf("csv from %d", csvFrom), func(t *testing.T) {
			fake := geocodetest.New(t, banResults)
			b := geocode.NewBatch(fake.URL)
			b.CSVFrom, b.ChunkSize = csvFrom, 4
			answers, n, err := b.Geocode(context.Background(), requests)
			if err != nil || n != len(requests) {
				t.Fatalf("%d answered: %v", n, err)
			}
			for i, a := range answers {
				ok, why := geocode.Accept(requests[i], a, geocode.DefaultMinScore)
				if ok != want[i] {
					t.Errorf("%+v: %+v accepted %v (%s)", requests[i], a, ok, why)
				}
			}
			if a := answers[0]; a.Lat != 43.604569 || a.Lon != 1.442109 || a.Label != "12 Rue du Taur 31000 Toulouse" || a.Score != 0.9712 || a.Type != "housenumber" || a.Citycode != "31555" {
				t.Errorf("answer read: %+v", a)
			}
			searches, csvs, rows := fake.Counts()
			if csvFrom == 1 && (searches != 0 || csvs != 2 || rows != len(requests)) {
				t.Errorf("CSV endpoint: %d searches, %d CSV requests, %d rows", searches, csvs, rows)
			}
			if csvFrom == 100 {
				if searches != len(requests) || csvs != 0 {
					t.Errorf("search endpoint: %d searches, %d CSV requests", searches, csvs)
				}
				// Filtered on the commune, but Paris (its addresses are in
				// its arrondissements).
				if fake.Filters[0] != "31555" || fake.Filters[5] != "" || fake.Queries[0] != "12 rue du Taur 31000 Toulouse" {
					t.Errorf("queries %q filters %q", fake.Queries, fake.Filters)
				}
			}
		})
	}
}

func TestBatchDown(t *testing.T) {
	fake := geocodetest.New(t, banResults)
	fake.SetDown(true)
	for _, csvFrom := range []int{1, 100} {
		b := geocode.NewBatch(fake.URL)
		b.CSVFrom = csvFrom
		_, n, err := b.Geocode(context.Background(), requests)
		if n != 0 || !errors.Is(err, geocode.ErrUnreachable) {
			t.Errorf("down: %d answered, %v", n, err)
		}
	}
}

func TestAccept(t *testing.T) {
	toulouse := geocode.Request{Adresse: "12 rue du Taur", CodeINSEE: "31555"}
	hit := geocode.Answer{Found: true, Lat: 43.6, Lon: 1.44, Label: "12 Rue du Taur 31000 Toulouse", Score: 0.7, Type: "housenumber", Citycode: "31555"}
	for _, c := range []struct {
		name string
		r    geocode.Request
		a    func(a geocode.Answer) geocode.Answer
		ok   bool
	}{
		{"found", toulouse, func(a geocode.Answer) geocode.Answer { return a }, true},
		{"not found", toulouse, func(geocode.Answer) geocode.Answer { return geocode.Answer{} }, false},
		{"other commune", toulouse, func(a geocode.Answer) geocode.Answer { a.Citycode = "31069"; return a }, false},
		{"under threshold", toulouse, func(a geocode.Answer) geocode.Answer { a.Score = 0.59; return a }, false},
		{"commune only for an address", toulouse, func(a geocode.Answer) geocode.Answer { a.Type = "municipality"; return a }, false},
		{"commune for le bourg", geocode.Request{Adresse: "Le Bourg", CodeINSEE: "31555"}, func(a geocode.Answer) geocode.Answer { a.Type = "municipality"; return a }, true},
		{"commune for the mairie", geocode.Request{Adresse: "Hôtel de ville", CodeINSEE: "31555"}, func(a geocode.Answer) geocode.Answer { a.Type = "municipality"; return a }, true},
		{"arrondissement", geocode.Request{Adresse: "1 rue X", CodeINSEE: "69123"}, func(a geocode.Answer) geocode.Answer { a.Citycode = "69383"; return a }, true},
	} {
		ok, why := geocode.Accept(c.r, c.a(hit), geocode.DefaultMinScore)
		if ok != c.ok || ok == (why != "") {
			t.Errorf("%s: %v %q", c.name, ok, why)
		}
	}
}

func TestRequestKey(t *testing.T) {
	a := geocode.Request{Adresse: "12, Rue  du Taur ", CodeINSEE: "31555"}
	b := geocode.Request{Adresse: "12 RUE DU TAUR", CodePostal: "31000", CodeINSEE: "31555"}
	c := geocode.Request{Adresse: "12 rue du Taur", CodeINSEE: "31069"}
	if a.Key() != b.Key() || a.Key() == c.Key() {
		t.Errorf("keys %q %q %q", a.Key(), b.Key(), c.Key())
	}
}

package geocode

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"

	"maillage/internal/geocode/geocodetest"
)

// TestBatchPaced: every request of a batch geocoder, search or CSV, waits
// for the pacer; CSV requests go one at a time, even from two imports at
// once; requests without an INSEE code are asked without the citycode
// filter (a CSV of their own).
func TestBatchPaced(t *testing.T) {
	fake := geocodetest.New(t, map[string]geocodetest.Result{
		"12 rue du taur": {Lat: 43.604569, Lon: 1.442109, Label: "12 Rue du Taur 31000 Toulouse", Score: 0.97, Type: "housenumber", Citycode: "31555", Postcode: "31000", City: "Toulouse"},
	})
	// A slow front of the fake that counts the CSV requests in flight.
	var mu sync.Mutex
	inFlight, most := 0, 0
	target, err := url.Parse(fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		proxy.ServeHTTP(w, r)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer front.Close()

	b := NewBatch(front.URL)
	var takes sync.Mutex
	waited := 0
	b.Pace.after = func(d time.Duration, f func()) {
		takes.Lock()
		waited++
		takes.Unlock()
		go f()
	}
	reqs := []Request{
		{Adresse: "12 rue du Taur", CodePostal: "31000", Commune: "Toulouse", CodeINSEE: "31555"},
		{Adresse: "12 rue du Taur", Commune: "Toulouse"},
		{Adresse: "3 rue inconnue", CodePostal: "31000", Commune: "Toulouse", CodeINSEE: "31555"},
	}
	// Search endpoint: one request each.
	if _, n, err := b.Geocode(context.Background(), reqs); err != nil || n != 3 {
		t.Fatalf("search: %d, %v", n, err)
	}
	searches, _, _ := fake.Counts()
	if waited != searches || searches != 3 {
		t.Errorf("%d searches, %d waits for the pacer", searches, waited)
	}
	if fake.Filters[0] != "31555" || fake.Filters[1] != "" {
		t.Errorf("citycode filters %q, want the INSEE code, then none for the request without", fake.Filters)
	}
	// CSV endpoint, two imports at once.
	b.CSVFrom = 1
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers, n, err := b.Geocode(context.Background(), reqs)
			if err != nil || n != 3 || !answers[0].Found || !answers[1].Found || answers[1].Citycode != "31555" || answers[2].Found {
				t.Errorf("csv: %d %+v %v", n, answers, err)
			}
		}()
	}
	wg.Wait()
	_, csvs, _ := fake.Counts()
	// Each batch: one CSV with the citycode filter, one without.
	if csvs != 4 || waited != searches+csvs {
		t.Errorf("%d CSV requests, %d waits for the pacer (searches %d)", csvs, waited, searches)
	}
	if most != 1 {
		t.Errorf("%d CSV requests at once, want one at a time", most)
	}
}

package geocode

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store/storetest"
)

// fakeBAN answers like the BAN API on loopback.
func fakeBAN(t *testing.T, calls *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path != "/search" || r.URL.Query().Get("q") == "" {
			http.Error(w, "bad", 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.4437,43.6045]},"properties":{"label":"12 Rue de la Paix 31000 Toulouse","type":"housenumber","citycode":"31555","postcode":"31000","city":"Toulouse","score":0.93}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[2.0,44.0]},"properties":{"label":"Paix","type":"street","citycode":"81004","score":0.2}}]}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestClientAndCache(t *testing.T) {
	var calls atomic.Int32
	c := NewClient(fakeBAN(t, &calls).URL, time.Now)
	for i := 0; i < 3; i++ {
		ps, err := c.Search(context.Background(), "12 rue de la Paix Toulouse", 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 || ps[0].Commune != "31555" || ps[0].Lat != 43.6045 || !ps[0].Positioned {
			t.Fatalf("places: %+v", ps)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d calls to the geocoder, want 1 (cache)", n)
	}
	down := NewClient("http://127.0.0.1:1", time.Now)
	if _, err := down.Search(context.Background(), "x", 5); !errors.Is(err, ErrUnreachable) || !errors.Is(err, failure.ErrUnavailable) {
		t.Errorf("unreachable geocoder: %v", err)
	}
}

func TestResolve(t *testing.T) {
	var calls atomic.Int32
	ref := storetest.Referential()
	online := &Resolver{Geocoder: NewClient(fakeBAN(t, &calls).URL, time.Now)}
	offline := &Resolver{Geocoder: NewClient("http://127.0.0.1:1", time.Now)}
	ctx := context.Background()
	// Commune names and postcodes need no network.
	for _, r := range []*Resolver{online, offline} {
		ps, err := r.Resolve(ctx, ref, "albi")
		if err != nil || len(ps) == 0 || ps[0].Commune != "81004" || !ps[0].Positioned || ps[0].Label != "Albi (81000)" {
			t.Errorf("albi: %+v", ps)
		}
		ps, err = r.Resolve(ctx, ref, "31700")
		if err != nil || len(ps) != 1 || ps[0].Commune != "31069" {
			t.Errorf("31700: %+v", ps)
		}
		// Castres has no centre loaded: found, but not positioned.
		ps, err = r.Resolve(ctx, ref, "Castres")
		if err != nil || len(ps) != 1 || ps[0].Positioned {
			t.Errorf("castres: %+v", ps)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("the geocoder was called for communes")
	}
	ps, err := online.Resolve(ctx, ref, "12 rue de la Paix Toulouse")
	if err != nil || len(ps) != 1 || ps[0].Kind != "adresse" {
		t.Errorf("address: %+v %v", ps, err)
	}
	// Unreachable: said, nothing invented.
	if ps, err := offline.Resolve(ctx, ref, "12 rue de la Paix Toulouse"); len(ps) != 0 || !errors.Is(err, ErrUnreachable) {
		t.Errorf("offline address: %+v %v", ps, err)
	}
}

func FuzzParseBAN(f *testing.F) {
	f.Add([]byte(`{"features":[{"geometry":{"coordinates":[1.44,43.6]},"properties":{"label":"x","score":0.9,"type":"municipality","city":"Albi","postcode":"81000"}}]}`))
	f.Add([]byte(`{"features":[{"geometry":{"coordinates":[1e308,-1e308]},"properties":{"score":1}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := parseBAN(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 || !p.Positioned {
				t.Fatalf("bad place %+v", p)
			}
		}
	})
}

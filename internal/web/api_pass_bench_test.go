package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/pass"
	"maillage/internal/place"
)

// BenchmarkAPIPassRedeem redeems 2 000 passes over HTTP (a test server in
// this process: the handler, the token's lookup, the store) from 20
// clients, each pass once with its own key; it reports redemptions per
// second and the 99th percentile. Profile it with -cpuprofile;
// scripts/bench-pass.sh measures the real server.
func BenchmarkAPIPassRedeem(b *testing.B) {
	f := newPassAPI(b)
	ctx := context.Background()
	st := f.ts.store
	const n, clients = 2000, 20
	o, err := st.CreateOrder(ctx, pass.Order{Financeur: f.ids["finances"], Carnets: n / 100, PassesPerCarnet: 100, ValueCents: 1000,
		ValidUntil: "2026-12-31", Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "31"}}, Services: []string{place.ServiceDemarches}}, "test")
	if err != nil {
		b.Fatal(err)
	}
	cs, err := st.AssignCarnets(ctx, o.ID, n/100, nil, f.ids["ccas"], "test")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cs {
		if _, err := st.HandCarnet(ctx, c.Code, f.ids["ccas"], "", "", "test"); err != nil {
			b.Fatal(err)
		}
	}
	ps, err := st.Passes(ctx, o.ID, 0)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(f.ts.h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	times := make([]time.Duration, n)
	var next atomic.Int64
	var failed atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				who, lieu := "epn", "tls-1"
				if i%2 == 1 {
					who, lieu = "carmes", "tls-2"
				}
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/pass/"+ps[i].Code+"/utilisation", strings.NewReader(redemptionJSON(lieu, place.ServiceDemarches)))
				req.Header.Set("Authorization", "Bearer "+f.tokens[who])
				req.Header.Set("Idempotency-Key", fmt.Sprint("k", i))
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				times[i] = time.Since(t0)
				if res.StatusCode != 201 {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if failed.Load() > 0 {
		b.Fatalf("%d redemptions failed", failed.Load())
	}
	slices.Sort(times)
	b.ReportMetric(float64(n)/elapsed.Seconds(), "redemptions/s")
	b.ReportMetric(float64(times[n*99/100].Microseconds())/1000, "p99-ms")
}

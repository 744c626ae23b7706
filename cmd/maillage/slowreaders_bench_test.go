package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkSlowReaders: "maillage serve" (the real run(), its deadlines
// and pools) on SQLite with 100 000 places; 50 clients request the
// open-data downloads and never read them. Reported: latencies of /healthz
// (a database query) and of place pages, before and while they hang on
// (target: p99 ≤ 100 ms). Each iteration is one request of each.
func BenchmarkSlowReaders(b *testing.B) {
	db := "sqlite:" + filepath.Join(b.TempDir(), "m.db")
	st, err := openStore(context.Background(), testEnv(b), db)
	if err != nil {
		b.Fatal(err)
	}
	ls := generatedLieux(b, 100000)
	importAll(b, st, "hub", ls)
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	base := startServer(b, db)
	client := &http.Client{Timeout: 10 * time.Second}
	// The files are written once, before the measure.
	for _, format := range []string{"csv", "json", "geojson"} {
		if code, _, _ := fetchURL(b, base+"/donnees/lieux."+format); code != 200 {
			b.Fatalf("%s: %d", format, code)
		}
	}
	measure := func(n int) (health, page []time.Duration) {
		for i := 0; i < n; i++ {
			for _, path := range []string{"/healthz", "/lieux/" + ls[(i*7919)%len(ls)].ID} {
				start := time.Now()
				res, err := client.Get(base + path)
				if err != nil {
					b.Fatalf("%s: %v", path, err)
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("%s: %d", path, res.StatusCode)
				}
				if path == "/healthz" {
					health = append(health, time.Since(start))
				} else {
					page = append(page, time.Since(start))
				}
			}
		}
		return health, page
	}
	report := func(name string, d []time.Duration) {
		slices.Sort(d)
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, name+"-p50-ms")
		b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, name+"-p99-ms")
	}
	quietHealth, quietPage := measure(200)
	addr := strings.TrimPrefix(base, "http://")
	for i := 0; i < 50; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		if err := c.(*net.TCPConn).SetReadBuffer(4096); err != nil {
			b.Fatal(err)
		}
		format := []string{"csv", "json", "geojson"}[i%3]
		if _, err := fmt.Fprintf(c, "GET /donnees/lieux.%s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n", format); err != nil {
			b.Fatal(err)
		}
	}
	time.Sleep(500 * time.Millisecond)
	b.ResetTimer()
	health, page := measure(b.N)
	b.StopTimer()
	report("quiet-healthz", quietHealth)
	report("quiet-page", quietPage)
	report("healthz", health)
	report("page", page)
}

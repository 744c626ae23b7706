package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// startServeArgs starts "maillage serve" with more options and returns its
// address; it stops with the test.
func startServeArgs(t *testing.T, db string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--geocodeur", "aucun", "--npm", t.TempDir()}, args...),
			testEnv(t).getenv, strings.NewReader(""), out, errOut)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if s := out.String(); strings.Contains(s, "écoute sur ") {
			return strings.Fields(s[strings.Index(s, "http://"):])[0]
		}
	}
	t.Fatalf("server did not start: %s", errOut.String())
	return ""
}

// Two "maillage serve" on one database harvest a due source in the
// background: once, never both at the same time.
func TestServeHarvestsDueSourcesOnce(t *testing.T) {
	for name, db := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := db(t)
			var mu sync.Mutex
			active, most, served := 0, 0, 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				active++
				served++
				most = max(most, active)
				mu.Unlock()
				time.Sleep(300 * time.Millisecond) // slow: the other server's ticks come meanwhile
				w.Write([]byte(harvestCSV))
				mu.Lock()
				active--
				mu.Unlock()
			}))
			defer srv.Close()
			if r := runCmd(t, "", nil, "sources", "ajouter", "--db", db, "hub", "--type", "standard", "--url", srv.URL+"/l.csv", "--tous-les", "1h"); r.code != 0 {
				t.Fatal(r)
			}
			startServeArgs(t, db, "--moissons", "20ms")
			startServeArgs(t, db, "--moissons", "20ms")
			var r result
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if r = runCmd(t, "", nil, "sources", "liste", "--db", db); strings.Contains(r.stdout, "réussie") {
					break
				}
			}
			if !strings.Contains(r.stdout, "réussie : 4 créés") {
				t.Fatalf("the due source was not harvested: %+v", r)
			}
			time.Sleep(time.Second) // fifty more ticks of each server
			mu.Lock()
			defer mu.Unlock()
			if served != 1 || most != 1 {
				t.Errorf("the source was fetched %d times, at most %d at once; want once", served, most)
			}
		})
	}
}

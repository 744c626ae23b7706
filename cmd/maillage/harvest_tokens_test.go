package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// The operator may declare a coop source at another address than the
// configured API's, but its key goes there only with
// --jetons-autres-adresses.
func TestCoopKeyOnlyToConfiguredAPI(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var auth []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + dir + "/m.db", "MAILLAGE_COOP_CLE": "client:secret"}
	r := runCmd(t, dir, env, "sources", "ajouter", "coop-ailleurs", "--type", "coop", "--url", srv.URL+"/lieux")
	if r.code != 0 || !strings.Contains(r.stdout, "--jetons-autres-adresses") {
		t.Fatalf("sources ajouter: %+v", r)
	}
	r = runCmd(t, dir, env, "moissonner", "coop-ailleurs")
	if r.code != 1 || !strings.Contains(r.stdout, "ne part que vers le serveur de l'API configurée") {
		t.Errorf("moissonner without the flag: %+v", r)
	}
	mu.Lock()
	if len(auth) != 0 {
		t.Errorf("the key was sent: %q", auth)
	}
	mu.Unlock()
	r = runCmd(t, dir, env, "moissonner", "coop-ailleurs", "--jetons-autres-adresses")
	if r.code != 0 {
		t.Errorf("moissonner with the flag: %+v", r)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(auth) != 1 || auth[0] != "Bearer client:secret" {
		t.Errorf("with the flag, sent %q", auth)
	}
}

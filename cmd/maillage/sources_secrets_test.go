package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestHarvestSecretsNeverShown: a source's address may carry its
// credentials (user:password@, ?token=…). Neither the harvest's output,
// its report (printed and stored), the error of a failed harvest (an
// answer refused, a broken answer whose net/http error names the
// address) nor sources liste ever shows them.
func TestHarvestSecretsNeverShown(t *testing.T) {
	const password, token = "hunter2pw", "SECRETTOKEN42"
	csv, err := os.ReadFile(abs(t, "../../internal/harvest/testdata/standard/hub-v1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	mode := "ok"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		m := mode
		mu.Unlock()
		switch m {
		case "ok":
			w.Write(csv)
		case "404":
			http.NotFound(w, r)
		case "broken": // not HTTP: net/http's error names the address
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			buf.WriteString("BONJOUR\r\n\r\n")
			buf.Flush()
			conn.Close()
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	// A closed port: the connection is refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	addr := "http://hub:" + password + "@" + host + "/lieux.csv?format=csv&token=" + token
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": dbURL(t)}
			var outputs []string // what each command wrote
			cmd := func(args ...string) result {
				r := runCmd(t, dir, env, args...)
				outputs = append(outputs, "maillage "+args[0]+" "+args[1]+" …\n"+r.stdout+r.stderr)
				return r
			}
			set := func(m string) {
				mu.Lock()
				mode = m
				mu.Unlock()
			}
			set("ok")
			if r := cmd("sources", "ajouter", "sec", "--type", "standard", "--url", addr); r.code != 0 {
				t.Fatalf("sources ajouter: %+v", r)
			}
			if r := cmd("moissonner", "sec"); r.code != 0 || !strings.Contains(r.stdout, host+"/lieux.csv") {
				t.Fatalf("moissonner: %+v", r)
			}
			for _, m := range []string{"404", "broken"} {
				set(m)
				if r := cmd("moissonner", "sec", "--forcer"); r.code == 0 {
					t.Errorf("moissonner on %s: %+v", m, r)
				}
				cmd("sources", "liste")
			}
			if r := cmd("sources", "modifier", "sec", "--url", "http://hub:"+password+"@"+closed+"/lieux.csv?token="+token); r.code != 0 {
				t.Errorf("sources modifier: %+v", r)
			}
			if r := cmd("moissonner", "sec"); r.code == 0 {
				t.Errorf("moissonner on a closed port: %+v", r)
			}
			cmd("sources", "liste")
			if r := cmd("sources", "supprimer", "sec"); r.code != 0 {
				t.Errorf("sources supprimer: %+v", r)
			}
			for _, out := range outputs {
				if strings.Contains(out, password) || strings.Contains(out, token) {
					t.Errorf("a secret of the source's address is shown by %s", out)
				}
			}
			if !strings.Contains(strings.Join(outputs, ""), "404") {
				t.Errorf("the failure is no longer said:\n%s", strings.Join(outputs, "\n"))
			}
		})
	}
}

package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/sqlite"
)

// npmWithReferential returns an npm folder holding the referential's
// fixture where @etalab/decoupage-administratif puts its data.
func npmWithReferential(t *testing.T) string {
	t.Helper()
	npm := t.TempDir()
	dst := filepath.Join(npm, decoupagePackage)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"communes.json", "epci.json", "departements.json", "regions.json"} {
		data := readFile(t, filepath.Join("../../internal/territory/testdata/france", name))
		writeFile(t, filepath.Join(dst, name), string(data))
	}
	return npm
}

// closedURL is the URL of a loopback port nothing listens on: a service
// that cannot be reached, as without internet.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return u
}

// serveWith runs "maillage serve" with env on a free port and returns its
// URL and what it printed.
func serveWith(t *testing.T, env map[string]string, db string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	test := testEnv(t).getenv // the journal's key and checkpoints of the tests
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return test(k)
	}
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, getenv, strings.NewReader(""), out, errOut)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	re := regexp.MustCompile(`écoute sur (http://\S+)`)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1], errOut
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s %s", out.String(), errOut.String())
	return "", nil
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// The first start of serve loads the referential from the npm folder with
// the centres of MAILLAGE_CENTRES_URL.
func TestServeFirstStartCentres(t *testing.T) {
	var asked atomic.Int32
	centres := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		io.WriteString(w, "insee,lat,lon\n69383,45.1,4.1\n")
	}))
	defer centres.Close()
	db := filepath.Join(t.TempDir(), "m.db")
	serveWith(t, map[string]string{"MAILLAGE_NPM_DIR": npmWithReferential(t), "MAILLAGE_CENTRES_URL": centres.URL + "/centres.csv",
		"MAILLAGE_GEOCODER_URL": "aucun"}, "sqlite:"+db)
	if asked.Load() == 0 {
		t.Fatal("MAILLAGE_CENTRES_URL was not asked")
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ref, err := st.Territories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := ref.Commune("69383"); !ok || c.Centre == nil || c.Centre.Lat != 45.1 {
		t.Errorf("Lyon 3e: %+v, want the centre the URL gave", c)
	}
	// The others get the copy carried in the binary.
	if n := ref.CountCentres(); n != len(ref.Communes) {
		t.Errorf("%d centres for %d communes", n, len(ref.Communes))
	}
}

// "make run" on a machine without internet: the referential comes from
// the npm folder, the centres from the binary, the geocoder cannot be
// reached; a v0.1 hub export without code_insee is imported, and the
// places are found by commune name and by postcode.
func TestOfflineCommuneSearch(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	env := map[string]string{"MAILLAGE_NPM_DIR": npmWithReferential(t), "MAILLAGE_CENTRES_URL": closedURL(t) + "/communes",
		"MAILLAGE_GEOCODER_URL": closedURL(t)}
	base, _ := serveWith(t, env, db)
	if r := runCmd(t, dir, env, "import", "--db", db, abs(t, "../../internal/importer/testdata/hub-v0.1-sans-insee.csv")); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	lyon, stEtienne := "Médiathèque de la Part-Dieu", "Centre social Saint-Étienne"
	for _, tc := range []struct {
		ou, heading   string
		want, wantNot []string
	}{
		{"Lyon", "Lieux près de Lyon", []string{lyon, "Point info Villeurbanne", ">Lyon 1er</a>"}, []string{stEtienne}},
		{"Saint-Étienne", "Lieux près de Saint-Étienne (42000)", []string{stEtienne, "EPN Saint-Etienne Nord", "Association Cedex"}, []string{lyon}},
		{"St Etienne", "Lieux près de Saint-Étienne (42000)", []string{stEtienne, "EPN Saint-Etienne Nord"}, []string{lyon}},
		{"saint etienne", "Lieux près de Saint-Étienne (42000)", []string{stEtienne}, []string{lyon}},
		{"69003", "Lieux près de Lyon 3e Arrondissement (69003)", []string{lyon, "Vous pensiez peut-être à", "Albigny-sur-Saône (code INSEE 69003)"}, []string{stEtienne}},
		{"LYON 03", "Lieux près de Lyon 3e Arrondissement (69003)", []string{lyon}, []string{stEtienne}},
		{"42000", "Lieux près de Saint-Étienne (42000)", []string{stEtienne}, []string{lyon}},
	} {
		u := base + "/recherche?ou=" + url.QueryEscape(tc.ou)
		var body string
		// The server sees the import within seconds.
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			var code int
			code, body = get(t, u)
			if code != 200 {
				t.Fatalf("%s: %d %s", u, code, body)
			}
			if strings.Contains(body, html(tc.want[0])) || time.Now().After(deadline) {
				break
			}
		}
		if !strings.Contains(body, "<h1>"+html(tc.heading)+"</h1>") {
			t.Errorf("ou=%s: heading is not %q", tc.ou, tc.heading)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, html(w)) {
				t.Errorf("ou=%s: %q not found", tc.ou, w)
			}
		}
		for _, w := range tc.wantNot {
			if strings.Contains(body, html(w)) {
				t.Errorf("ou=%s: %q found", tc.ou, w)
			}
		}
	}
}

// html escapes like html/template does the names of the fixture.
func html(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

// A running server uses the referential "territoires import" stores,
// without a restart: Lyon is unknown to the first referential, known to
// the second.
func TestServeFollowsTerritoiresImport(t *testing.T) {
	for name, newDB := range engines(t) {
		t.Run(name, func(t *testing.T) { testServeFollowsTerritoiresImport(t, newDB(t)) })
	}
}

func testServeFollowsTerritoiresImport(t *testing.T, db string) {
	dir := t.TempDir()
	first := t.TempDir()
	dst := filepath.Join(first, decoupagePackage)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"communes.json", "epci.json", "departements.json", "regions.json"} {
		writeFile(t, filepath.Join(dst, name), string(readFile(t, filepath.Join("../../internal/territory/testdata/decoupage", name))))
	}
	env := map[string]string{"MAILLAGE_NPM_DIR": first, "MAILLAGE_CENTRES_URL": "aucun", "MAILLAGE_GEOCODER_URL": "aucun"}
	base, _ := serveWith(t, env, db)
	if _, body := get(t, base+"/recherche?ou=Lyon"); !strings.Contains(body, "Nous n'avons pas trouvé") {
		t.Fatalf("Lyon found in a referential without it")
	}
	if r := runCmd(t, dir, env, "territoires", "import", "--db", db, "--centres", "aucun", abs(t, "../../internal/territory/testdata/france")); r.code != 0 {
		t.Fatalf("territoires import: %+v", r)
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		_, body := get(t, base+"/recherche?ou=Lyon")
		if strings.Contains(body, "<h1>Lieux près de Lyon</h1>") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server still uses the old referential: %s", body)
		}
	}
}

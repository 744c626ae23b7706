package main

import (
	"database/sql"

	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const fixtures = "../../internal/standard/testdata/"

// result is what one run of the program printed.
type result struct {
	err            error
	stdout, stderr string
	code           int
}

func runCmd(t *testing.T, dir string, env map[string]string, args ...string) result {
	t.Helper()
	return runCmdAt(t, time.Now, dir, env, args...)
}

// runCmdAt is runCmd on the clock now.
func runCmdAt(t *testing.T, now func() time.Time, dir string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	// The journal's key is the tests' (as for startServer), and its
	// checkpoints never land in the repository.
	checkpoints := t.TempDir()
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		switch {
		case k == "MAILLAGE_GEOCODER_URL":
			// No test reaches the national geocoder.
			return "aucun"
		case k == "MAILLAGE_MOISSON_ADRESSES_PRIVEES":
			// The tests' fake sources are on loopback.
			return "1"
		case k == "MAILLAGE_AUDIT_KEY" && env["MAILLAGE_AUDIT_KEY_FILE"] == "":
			return testAuditKey
		case k == "MAILLAGE_AUDIT_CHECKPOINTS" && (dir == "" || postgresArgs(append([]string{env["MAILLAGE_DATABASE_URL"]}, args...))):
			return checkpoints
		}
		return ""
	}
	// Relative paths (data/rapports…) land in the test's folder (for the
	// rest of the test: t.Chdir restores the directory at its end).
	if dir != "" {
		t.Chdir(dir)
	}
	err := runAt(context.Background(), now, args, getenv, strings.NewReader(""), &out, &errOut)
	code := exitCode(err, &errOut)
	return result{err: err, stdout: out.String(), stderr: errOut.String(), code: code}
}

// postgresArgs tells whether a command runs on PostgreSQL, whose
// checkpoint folder must be given.
func postgresArgs(args []string) bool {
	for _, a := range args {
		if strings.HasPrefix(a, "postgres://") || strings.HasPrefix(a, "postgresql://") {
			return true
		}
	}
	return false
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// packageDir is where the tests start: runCmd's t.Chdir moves away from it.
var packageDir = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return wd
}()

// abs resolves p from the package's directory, wherever the test now is.
func abs(t *testing.T, p string) string {
	t.Helper()
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(packageDir, p)
}

// engines returns the database URLs the end-to-end tests run on.
func engines(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "m.db") },
		"postgres": func(t *testing.T) string { return pgtest.URL(t) },
	}
}

func TestHelp(t *testing.T) {
	r := runCmd(t, "", nil, "help")
	for _, c := range []string{"serve", "import", "validate", "export"} {
		if !strings.Contains(r.stdout, c) {
			t.Errorf("help does not name %s", c)
		}
	}
	for _, c := range []string{"import", "validate", "export", "serve"} {
		r := runCmd(t, "", nil, c, "-h")
		if r.code != 0 || !strings.Contains(r.stdout, "Usage : maillage "+c) || !strings.Contains(r.stdout, "Options") {
			t.Errorf("%s -h: code %d, %q", c, r.code, r.stdout)
		}
	}
	if r := runCmd(t, "", nil, "inconnue"); r.code != 2 || !strings.Contains(r.stderr, "commande inconnue") {
		t.Errorf("unknown command: %+v", r)
	}
}

func TestImportExport(t *testing.T) {
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := dbURL(t)
			env := map[string]string{"MAILLAGE_DATABASE_URL": db}
			r := runCmd(t, dir, env, "import", abs(t, fixtures+"lieux-v1.csv"), abs(t, fixtures+"lieux-v0.csv"))
			if r.code != 0 {
				t.Fatalf("import: %+v", r)
			}
			if !strings.Contains(r.stdout, "4 créés, 0 mis à jour, 0 inchangé, 5 rejetés") {
				t.Errorf("import counts: %s", r.stdout)
			}
			m := regexp.MustCompile(`Rapport : (\S+)`).FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("no report path in %q", r.stdout)
			}
			report, err := os.ReadFile(filepath.Join(dir, m[1]))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"lieux-v1.csv, ligne 5 : erreur [id sans-nom] champ nom", "règle id-unique", "cle_ban"} {
				if !bytes.Contains(report, []byte(want)) {
					t.Errorf("report lacks %q:\n%s", want, report)
				}
			}
			// Re-importing changes nothing.
			r = runCmd(t, dir, env, "import", abs(t, fixtures+"lieux-v1.csv"))
			if !strings.Contains(r.stdout, "0 créé, 0 mis à jour, 4 inchangés, 5 rejetés") {
				t.Errorf("re-import counts: %s", r.stdout)
			}
			// Strict: rejected records fail the whole file, the registry is unchanged.
			r = runCmd(t, dir, env, "import", "--strict", "--source", "autre", abs(t, fixtures+"lieux-v1.csv"))
			if r.code != 1 || !strings.Contains(r.stderr, "--strict") {
				t.Errorf("strict import: %+v", r)
			}
			for _, format := range []string{"csv", "json", "geojson"} {
				r = runCmd(t, dir, env, "export", "--format", format)
				if r.code != 0 {
					t.Fatalf("export %s: %+v", format, r)
				}
				golden(t, "export-"+format, []byte(r.stdout))
			}
		})
	}
}

// import → export → import → export gives byte-identical exports.
func TestRoundTrip(t *testing.T) {
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			first := dbURL(t)
			files := []string{"lieux-v1.csv", "lieux-v1-tableur.csv", "lieux-v0.csv", "lieux-v1.json", "lieux-v0.json", "lieux.geojson"}
			args := []string{"import", "--source", "hub", "--db", first}
			for _, f := range files {
				args = append(args, abs(t, fixtures+f))
			}
			if r := runCmd(t, dir, nil, args...); r.code != 0 {
				t.Fatalf("import: %+v", r)
			}
			for _, format := range []string{"csv", "json"} {
				e1 := filepath.Join(dir, "e1."+format)
				if r := runCmd(t, dir, nil, "export", "--db", first, "--format", format, "-o", e1); r.code != 0 {
					t.Fatalf("export: %+v", r)
				}
				second := dbURL(t)
				if r := runCmd(t, dir, nil, "import", "--db", second, "--source", "hub", e1); r.code != 0 || !strings.Contains(r.stdout, "0 rejeté —") {
					t.Fatalf("re-import: %+v", r)
				}
				e2 := filepath.Join(dir, "e2."+format)
				if r := runCmd(t, dir, nil, "export", "--db", second, "--format", format, "-o", e2); r.code != 0 {
					t.Fatalf("export: %+v", r)
				}
				b1, b2 := readFile(t, e1), readFile(t, e2)
				if !bytes.Equal(b1, b2) || len(b1) < 1000 {
					t.Errorf("%s round trip differs (%d / %d bytes)", format, len(b1), len(b2))
				}
			}
		})
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	if r := runCmd(t, dir, env, "import", "absent.csv"); r.code == 0 || !strings.Contains(r.stderr, "absent.csv : fichier introuvable") {
		t.Errorf("missing file: %+v", r)
	}
	bad := filepath.Join(dir, "bad.csv")
	writeFile(t, bad, "a,b\n1,2\n")
	if r := runCmd(t, dir, env, "import", bad); r.code == 0 || !strings.Contains(r.stderr, "en-tête non reconnu") {
		t.Errorf("bad header: %+v", r)
	}
	// A JSON file broken half-way: nothing of it is kept.
	broken := filepath.Join(dir, "broken.json")
	writeFile(t, broken, `[{"id":"1","nom":"a","commune":"b","code_postal":"31000","adresse":"c","date_maj":"2026-01-01"}, {"id": `)
	if r := runCmd(t, dir, env, "import", broken); r.code == 0 || !strings.Contains(r.stderr, "import annulé") {
		t.Errorf("broken file: %+v", r)
	}
	r := runCmd(t, dir, env, "export", "--format", "json")
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("registry not empty after failed imports: %q", r.stdout)
	}
	if r := runCmd(t, dir, env, "export", "--format", "xml"); r.code != 2 {
		t.Errorf("bad format: %+v", r)
	}
	if r := runCmd(t, dir, map[string]string{"MAILLAGE_DATABASE_URL": "mysql://x"}, "export"); r.code != 2 {
		t.Errorf("bad database: %+v", r)
	}
}

func TestImportURL(t *testing.T) {
	data := readFile(t, abs(t, fixtures+"lieux-v1.json"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/absent.json" {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	r := runCmd(t, dir, env, "import", srv.URL+"/export/lieux.json")
	if r.code != 0 || !strings.Contains(r.stdout, "(source « lieux », JSON v1.0) : 2 créés") {
		t.Errorf("URL import: %+v", r)
	}
	if r := runCmd(t, dir, env, "import", srv.URL+"/absent.json"); r.code == 0 || !strings.Contains(r.stderr, "404") {
		t.Errorf("URL 404: %+v", r)
	}
}

func TestValidate(t *testing.T) {
	r := runCmd(t, "", nil, "validate", fixtures+"lieux-v1.csv")
	if r.code != 1 || !strings.Contains(r.stdout, "ligne 5 : erreur [id sans-nom] champ nom") || !strings.Contains(r.stderr, "5 rejetés") {
		t.Errorf("validate with errors: %+v", r)
	}
	r = runCmd(t, "", nil, "validate", "--niveau", "erreur", fixtures+"lieux-v0.csv")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("validate clean file: %+v", r)
	}
	r = runCmd(t, "", nil, "validate", "--format", "json", fixtures+"lieux-v1.json")
	var ds []map[string]any
	// Four diagnostics of the file, and the INSEE code not derived without
	// a referential (as import says).
	if err := json.Unmarshal([]byte(r.stdout), &ds); err != nil || len(ds) != 5 || ds[3]["gravite"] != "erreur" || ds[3]["index"] != 2.0 || ds[2]["regle"] != "code-insee-non-deduit" {
		t.Errorf("validate json: %v %s", err, r.stdout)
	}
	r = runCmd(t, "", nil, "validate", "--format", "csv", fixtures+"lieux-v1-tableur.csv")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "fichier,ligne,index,id,gravite,champ,valeur,regle,message\n") {
		t.Errorf("validate csv: %+v", r)
	}
	if r := runCmd(t, "", nil, "validate", "--format", "xml", fixtures+"lieux-v1.csv"); r.code != 2 {
		t.Errorf("bad format: %+v", r)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(packageDir, "testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, string(got))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (go test -update to accept):\n%s", name, got)
	}
}

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs "maillage serve" on a free port and returns its URL.
func startServer(t testing.TB, db string) string {
	t.Helper()
	return startServerAt(t, db, time.Now)
}

// startServerAt is startServer with the server's clock now.
func startServerAt(t testing.TB, db string, now func() time.Time) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	getenv := testEnv(t).getenv
	go func() {
		done <- runAt(ctx, now, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, getenv, strings.NewReader(""), out, errOut)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	re := regexp.MustCompile(`http://\S+`)
	// The index of a large registry takes a few seconds to build.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if u := re.FindString(out.String()); u != "" {
			return u
		}
	}
	t.Fatalf("server did not start: %s", errOut.String())
	return ""
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	if r := runCmd(t, dir, nil, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
		t.Fatal(r)
	}
	base := startServer(t, db)
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, resp)
	}
	resp.Body.Close()

	want := runCmd(t, dir, nil, "export", "--db", db, "--format", "csv").stdout
	req, err := http.NewRequest("GET", base+"/donnees/lieux.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" {
		t.Errorf("download headers: %v", resp.Header)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("download differs from export:\n%s\n---\n%s", got, want)
	}
	if code, _, _ := fetchURL(t, base+"/donnees/lieux.csv", "Accept-Encoding", "gzip", "If-None-Match", resp.Header.Get("ETag")); code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", code)
	}
	for _, f := range []string{"json", "geojson"} {
		code, body, _ := fetchURL(t, base+"/donnees/lieux."+f)
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil || code != 200 {
			t.Errorf("%s download: %d %v", f, code, err)
		}
	}
	// Every API route answers on the real server.
	for path, status := range map[string]int{
		"/api/v1/lieux?departement=81": 200, "/api/v1/lieux/epn-albi-1": 200, "/api/v1/lieux.geojson": 200,
		"/api/v1/clusters?bbox=-5,41,10,51.5&zoom=5": 200, "/api/v1/facettes": 200, "/api/v1/openapi.json": 200,
		"/api/v1/lieux?services=Cuisine": 400, "/api/v1/lieux/inconnu": 404,
	} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/") {
			t.Errorf("%s: %v %v", path, err, resp)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
	_, body, header := fetchURL(t, base+"/")
	if !strings.Contains(body, `lang="fr"`) || !strings.Contains(body, "4 lieux") {
		t.Errorf("home page: %s", body)
	}
	if header.Get("Content-Security-Policy") == "" || header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers: %v", header)
	}
}

func TestSourceName(t *testing.T) {
	for in, want := range map[string]string{
		"data/2024-07-01_hub.csv":                "2024-07-01_hub",
		"https://x.fr/export/lieux.json?token=1": "lieux",
		"-":                                      "stdin",
		"LIEUX.GEOJSON":                          "LIEUX",
	} {
		if got := sourceName(in); got != want {
			t.Errorf("sourceName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTerritoires(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	tdata := "../../internal/territory/testdata/"
	r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", abs(t, tdata+"centres.csv"), abs(t, tdata+"decoupage"))
	if r.code != 0 || !strings.Contains(r.stdout, "7 communes (7 avec leur centre : 2 lus dans centres.csv, 0 déjà connu, 5 de la copie intégrée), 3 EPCI, 3 départements, 2 régions") {
		t.Fatalf("territoires import: %+v", r)
	}
	// Offline: the centres already known are kept (Gaillac's from the
	// file, not the binary's copy).
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", "http://127.0.0.1:1/centres", abs(t, tdata+"decoupage"))
	if r.code != 0 || !strings.Contains(r.stdout, "non chargés") || !strings.Contains(r.stdout, "(7 avec leur centre : 0 téléchargé, 7 déjà connus, 0 de la copie intégrée)") {
		t.Errorf("offline re-import: %+v", r)
	}
	st, err := openStore(context.Background(), testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := st.Territories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := ref.Commune("81099"); !ok || c.Centre == nil || c.Centre.Lat != 43.9016 {
		t.Errorf("Gaillac's centre: %+v", c)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, abs(t, "nowhere")); r.code == 0 || !strings.Contains(r.stderr, "communes.json") {
		t.Errorf("missing data: %+v", r)
	}
	if r := runCmd(t, dir, nil, "territoires"); r.code != 2 {
		t.Errorf("no subcommand: %+v", r)
	}
}

func TestUtilisateursAndAudit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.db")
	db := "sqlite:" + path
	r := runCmd(t, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "--nom", "Ada", "admin@hub.fr")
	if r.code != 0 || !strings.Contains(r.stdout, "Compte 1 créé : admin@hub.fr (administrateur)") {
		t.Fatalf("ajouter: %+v", r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "ADMIN@hub.fr"); r.code != 1 || !strings.Contains(r.stderr, "existe déjà") {
		t.Errorf("same address: %+v", r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "roi", "x@y.fr"); r.code != 2 {
		t.Errorf("unknown role: %+v", r)
	}
	r = runCmd(t, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "coordinateur", "--territoires", "departement:81,epci:248100737", "coord@tarn.fr")
	if r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "liste", "--db", db); !strings.Contains(r.stdout, "coord@tarn.fr\tcoordinateur\t\tdepartement:81,epci:248100737") {
		t.Errorf("liste: %q", r.stdout)
	}
	if r := runCmd(t, dir, nil, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "supprimer", "--db", db, "2"); r.code != 0 {
		t.Fatal(r)
	}
	r = runCmd(t, dir, nil, "audit", "verifier", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "intact : 4 entrées") {
		t.Fatalf("verifier: %+v", r)
	}
	// Tampering with a past entry is detected.
	sdb, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`UPDATE audit SET actor = 'quelqu''un' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if err := sdb.Close(); err != nil {
		t.Fatal(err)
	}
	r = runCmd(t, dir, nil, "audit", "verifier", "--db", db)
	if r.code != 1 || !strings.Contains(r.stdout, "entrée 2") {
		t.Errorf("tampered journal: %+v", r)
	}
}

func TestRappels(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	// lieux-v0.csv has places updated in 2022 and 2023.
	if r := runCmd(t, dir, nil, "import", "--db", db, abs(t, fixtures+"lieux-v0.csv")); r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmd(t, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "contributeur", "forge@exemple.fr"); r.code != 0 {
		t.Fatal(r)
	}
	st, err := openStore(context.Background(), testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddClaim(context.Background(), store.Claim{UserID: 1, LieuID: "ancien-1", Status: store.StatusApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, dir, nil, "rappels", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "ancien-1\tTiers-lieu La Forge\tmise à jour le 01/03/2023\tforge@exemple.fr") || !strings.Contains(r.stdout, "1 rappel à envoyer (relancez avec --envoyer)") {
		t.Errorf("dry run: %+v", r)
	}
	// The message links to the place: without a public address, nothing is sent.
	if r := runCmd(t, dir, nil, "rappels", "--db", db, "--envoyer"); r.code == 0 || !strings.Contains(r.stderr, "adresse publique du site manquante") {
		t.Errorf("send without a public address: %+v", r)
	}
	r = runCmd(t, dir, nil, "rappels", "--db", db, "--envoyer", "--url-publique", "https://carte.hub.fr/")
	if r.code != 0 || !strings.Contains(r.stdout, "https://carte.hub.fr/lieux/ancien-1") || !strings.Contains(r.stdout, "Votre fiche sur maillage est-elle à jour") || !strings.Contains(r.stdout, "date du 1er mars 2023") || !strings.Contains(r.stdout, "1 rappel envoyé.") {
		t.Errorf("send: %+v", r)
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func gzipped(t *testing.T, parts ...[]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if _, err := zw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A small gzip answer that inflates to an endless line, or to millions of
// bad lines, stops at a limit with a French message, and the report stays
// small: no crash, no report of hundreds of megabytes.
func TestImportURLBombs(t *testing.T) {
	header := []byte("id,nom,commune,code_postal,adresse,date_maj\n")
	bombs := map[string][]byte{
		"/ligne.csv":  gzipped(t, header, bytes.Repeat([]byte("x"), 64<<20)),
		"/lignes.csv": gzipped(t, header, bytes.Repeat([]byte("x\n"), 2<<20)),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bombs[r.URL.Path])
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}

	r := runCmd(t, dir, env, "import", srv.URL+"/ligne.csv")
	if r.code != 1 || !strings.Contains(r.stderr, srv.URL+"/ligne.csv, ligne 2 : enregistrement commençant ligne 2 de plus de 1 Mo") ||
		!strings.Contains(r.stderr, "(limite réglable avec --limite-enregistrement)") {
		t.Errorf("endless line: %+v", r)
	}
	r = runCmd(t, dir, env, "import", "--limite-fichier", "1Mo", "--rapport", "rapport.txt", srv.URL+"/lignes.csv")
	if r.code != 1 || !strings.Contains(r.stderr, "fichier de plus de 1 Mo (après décompression) : lecture arrêtée (limite réglable avec --limite-fichier)") {
		t.Errorf("too big: %+v", r)
	}
	report := readFile(t, filepath.Join(dir, "rapport.txt"))
	if len(report) > 4<<10 || !regexp.MustCompile(`lignes\.csv : \d+\x{202f}\d+ × erreur \(règle format\)`).Match(report) {
		t.Errorf("report of %d bytes:\n%.2000s", len(report), report)
	}
	if r := runCmd(t, dir, env, "import", "--limite-valeur", "beaucoup", srv.URL+"/lignes.csv"); r.code != 2 || !strings.Contains(r.stderr, "taille illisible « beaucoup »") {
		t.Errorf("bad size: %+v", r)
	}
}

// validate writes a few examples of a repeated diagnostic and counts the
// rest; its CSV report keeps every one.
func TestValidateGroupsRepeatedDiagnostics(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,pivot,nom,commune,code_postal,adresse,date_maj\n")
	for i := range 2000 {
		b.WriteString("epn-" + strconv.Itoa(i) + ",00000000000000,EPN,Albi,81000,1 rue,2026-01-01\n")
	}
	path := filepath.Join(dir, "pivots.csv")
	writeFile(t, path, b.String())
	r := runCmd(t, dir, nil, "validate", path)
	if r.code != 0 || strings.Count(r.stdout, "\n") > 10 || !strings.Contains(r.stdout, "2000 × avertissement champ pivot (règle pivot-fictif)") {
		t.Errorf("text: %+v", r)
	}
	r = runCmd(t, dir, nil, "validate", "--format", "csv", path)
	// The header, 2000 pivots, and the INSEE codes not derived without a
	// referential, said once.
	if r.code != 0 || strings.Count(r.stdout, "\n") != 2002 {
		t.Errorf("csv: %d lines", strings.Count(r.stdout, "\n"))
	}
}

package standard

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/place"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var fixtures = []string{"lieux-v1.csv", "lieux-v1-tableur.csv", "lieux-v0.csv", "lieux-v1.json", "lieux-v0.json", "lieux.geojson"}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// scanFile reads a fixture, returning its accepted places and its report.
func scanFile(t *testing.T, name string, data []byte) ([]place.Lieu, string, Summary) {
	t.Helper()
	sc, err := NewScanner(bytes.NewReader(data), name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var report bytes.Buffer
	rw, err := NewReportWriter("text", &report)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sc.FileDiagnostics {
		rw.Write(&sc.FileDiagnostics[i])
	}
	var ls []place.Lieu
	for sc.Scan() {
		e := sc.Entry()
		for i := range e.Diagnostics {
			rw.Write(&e.Diagnostics[i])
		}
		if e.OK {
			ls = append(ls, e.Lieu)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	return ls, report.String(), sc.Summary
}

func encode(t *testing.T, format string, ls []place.Lieu) []byte {
	t.Helper()
	var b bytes.Buffer
	enc, err := NewEncoder(format, &b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if err := enc.Encode(&ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFixtures(t *testing.T) {
	var all []place.Lieu
	var reports strings.Builder
	for _, f := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		ls, report, sum := scanFile(t, f, data)
		reports.WriteString("# " + f + " — " + sum.String() + "\n" + report + "\n")
		all = append(all, ls...)
	}
	golden(t, "reports.txt", []byte(reports.String()))
	for _, format := range Formats {
		golden(t, "export."+format, encode(t, format, all))
	}
}

// Reading an export and writing it again gives the same bytes, in every format.
func TestRoundTrip(t *testing.T) {
	var all []place.Lieu
	for _, f := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		ls, _, _ := scanFile(t, f, data)
		all = append(all, ls...)
	}
	for _, format := range Formats {
		first := encode(t, format, all)
		again, report, sum := scanFile(t, "export."+format, first)
		// What we write is already normalised: reading it back changes nothing.
		if sum.Rejected > 0 || sum.Infos > 0 {
			t.Errorf("%s: our own export is not clean: %s\n%s", format, sum, report)
		}
		second := encode(t, format, again)
		if !bytes.Equal(first, second) {
			t.Errorf("%s round trip differs:\n%s\n---\n%s", format, first, second)
		}
	}
}

func TestCSVExportLayout(t *testing.T) {
	out := encode(t, "csv", nil)
	if got, want := string(out), strings.Join(place.FieldNames[:], ",")+"\n"; got != want {
		t.Errorf("empty CSV export = %q", got)
	}
	if got := string(encode(t, "json", nil)); got != "[]\n" {
		t.Errorf("empty JSON export = %q", got)
	}
}

func TestVersionDetection(t *testing.T) {
	for _, tt := range []struct{ file, format, version string }{
		{"lieux-v1.csv", "csv", "1.0"}, {"lieux-v1-tableur.csv", "csv", "1.0"}, {"lieux-v0.csv", "csv", "0.1"},
		{"lieux-v1.json", "json", "1.0"}, {"lieux-v0.json", "json", "0.1"}, {"lieux.geojson", "json", "1.0"},
	} {
		f, err := os.Open(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(f, tt.file)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if r.Format() != tt.format || r.Version() != tt.version {
			t.Errorf("%s: %s v%s, want %s v%s", tt.file, r.Format(), r.Version(), tt.format, tt.version)
		}
	}
}

func TestFileErrors(t *testing.T) {
	// A file that cannot be read as the standard stops with an error naming it…
	for name, in := range map[string]string{
		"vide":             "",
		"espaces":          "  \n ",
		"en-tête inconnu":  "a,b,c\n1,2,3\n",
		"json invalide":    "[{\"id\": ",
		"json non tableau": "\"texte\"",
		"colonne doublée":  "id,nom,nom\n",
		"sans tableau":     `{"type": "x"}`,
	} {
		err := func() error {
			sc, err := NewScanner(strings.NewReader(in), "f.csv")
			if err != nil {
				return err
			}
			for sc.Scan() {
			}
			return sc.Err()
		}()
		if err == nil || !strings.Contains(err.Error(), "f.csv") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// …a bad line is rejected with a diagnostic naming it, and the rest is
	// read: a line not in UTF-8 after 64 KB of ASCII (sooner, the encoding
	// is guessed and converted).
	var in strings.Builder
	in.WriteString("id,nom,commune,code_postal,adresse,date_maj\n")
	for i := range 2000 {
		fmt.Fprintf(&in, "a%d,EPN,Albi,81000,%d rue de la République,2026-01-01\n", i, i)
	}
	in.WriteString("x,M\xe9diath\xe8que,Albi,81000,1 rue,2026-01-01\nz,B,Albi,81000,2 rue,2026-01-01\n")
	sc, err := NewScanner(strings.NewReader(in.String()), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	var diags []string
	for sc.Scan() {
		for _, d := range sc.Entry().Diagnostics {
			if d.Severity == place.Error {
				diags = append(diags, d.String())
			}
		}
	}
	if sc.Summary.Accepted != 2001 || sc.Summary.Rejected != 1 || len(diags) != 1 || !strings.Contains(diags[0], "f.csv, ligne 2002") || !strings.Contains(diags[0], "non UTF-8") {
		t.Errorf("latin-1 line: %s %q", sc.Summary, diags)
	}
}

func TestJSONFirstElementNotAnObject(t *testing.T) {
	in := `["texte", {"id": "1", "nom": "A", "commune": "Albi", "code_postal": "81000", "adresse": "1 rue", "date_maj": "2026-01-01"}]`
	sc, err := NewScanner(strings.NewReader(in), "f.json")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Reader().Version() != "1.0" {
		t.Errorf("version %q", sc.Reader().Version())
	}
	var ok int
	for sc.Scan() {
		if sc.Entry().OK {
			ok++
		}
	}
	if ok != 1 || sc.Summary.Rejected != 1 {
		t.Errorf("%s", sc.Summary)
	}
}

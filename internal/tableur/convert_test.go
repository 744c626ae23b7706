package tableur

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/standard"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
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
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

// fsDate is the date given as the France Services file's date in tests.
var fsDate = time.Date(2023, 7, 7, 0, 0, 0, 0, time.UTC)

// convertFile converts testdata/name with c.
func convertFile(t *testing.T, name string, c *Correspondence) ([]byte, []standard.Diagnostic) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ds, err := Convert(context.Background(), bytes.NewReader(data), name, c, &out)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return out.Bytes(), ds
}

func diagnosticsText(ds []standard.Diagnostic) []byte {
	var b bytes.Buffer
	for i := range ds {
		b.WriteString(ds[i].String())
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func franceServices(t *testing.T) *Correspondence {
	t.Helper()
	c, err := Builtin("france-services")
	if err != nil {
		t.Fatal(err)
	}
	c.FileDate = fsDate
	return c
}

func TestConvertFranceServicesGolden(t *testing.T) {
	out, ds := convertFile(t, "france-services.csv", franceServices(t))
	golden(t, "france-services.json", out)
	golden(t, "france-services.diagnostics.txt", diagnosticsText(ds))
}

// scan reads Convert's output with the standard's reader, as the
// importer does, and returns the records by id; every record must be
// accepted.
func scan(t *testing.T, out []byte) map[string]place.Lieu {
	t.Helper()
	sc, err := standard.NewScanner(bytes.NewReader(out), "converti.json")
	if err != nil {
		t.Fatalf("the standard's reader refuses the output: %v\n%s", err, out)
	}
	got := map[string]place.Lieu{}
	for sc.Scan() {
		e := sc.Entry()
		if !e.OK {
			t.Fatalf("record rejected: %+v", e.Diagnostics)
		}
		got[e.Lieu.ID] = e.Lieu
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestFranceServicesReadByStandard checks what the importer gets from the
// France Services fixture, field by field.
func TestFranceServicesReadByStandard(t *testing.T) {
	out, ds := convertFile(t, "france-services.csv", franceServices(t))
	got := scan(t, out)
	if len(got) != 5 {
		t.Fatalf("%d records, want 5", len(got))
	}
	tests := []struct {
		id, field, want string
	}{
		{"101", "nom", "France services de Saint-Exemple"},
		{"101", "horaires", "Mo-Tu 09:00-12:00,13:30-17:00; We 09:00-12:00; Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00"},
		{"101", "itinerance", "Fixe"},
		{"101", "dispositif_programmes_nationaux", "France Services"},
		{"101", "typologie", "RFS"},
		{"101", "date_maj", "2023-07-07"},
		{"101", "telephone", "+33561000001"},
		{"101", "presentation_detail", "Prise de rendez-vous conseillée"},
		// The bus: itinerant only, at its base's address, never the fixed site.
		{"102", "itinerance", "Itinérant"},
		{"102", "adresse", "2 place de la Mairie"},
		{"102", "presentation_detail", "Le bus passe :\n- lundi à Villefictive\n- mardi à Bourg-Inventé"},
		// A multi-site with itinerant permanences: fixed and itinerant.
		{"103", "itinerance", "Itinérant|Fixe"},
		{"103", "complement_adresse", "Bâtiment B, 1er étage"},
		{"103", "horaires", "Mo 08:30-17:00; Tu 08:30-12:00; We 14:00-17:00; Th-Fr 08:30-12:00; Sa 09:00-12:00"},
		{"103", "presentation_detail", `Permanences en mairie de "Montagne-Haute" le mardi`},
		{"104", "horaires", "Mo 09:00-12:00; We 14:00-17:00; Fr 09:00-12:00,14:00-16:30"},
		{"104", "courriels", ""},
		// Unreadable hours: none published (unknown, not closed).
		{"105", "horaires", ""},
		// An unknown format: no itinerance published.
		{"105", "itinerance", ""},
		{"105", "code_insee", "2A004"},
	}
	for _, tt := range tests {
		l := got[tt.id]
		if v := l.Value(place.FieldIndex[tt.field]); v != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.id, tt.field, v, tt.want)
		}
	}
	// What no rule maps is kept in the provenance, and said.
	prov := got["105"].Provenance.Original
	if prov["format_fs_anct"] != "Point relais" || prov["h_lundi"] != "sur rendez-vous" {
		t.Errorf("provenance of 105 = %v, want format_fs_anct and h_lundi kept", prov)
	}
	if p := got["103"].Provenance.Original; p["h_lundi"] != "08:30 - 12:00 / 08:30 - 17:00" || p["h_mercredi"] != "00:00 - 00:00 / 14:00 - 17:00" {
		t.Errorf("provenance of 103 = %v, want the normalised days kept", p)
	}
	want := map[string]bool{
		"105 format_fs_anct " + RuleUnmapped:  false,
		"105 h_lundi " + RuleHours:            false,
		"103 h_lundi " + place.RuleNormalised: false,
	}
	for _, d := range ds {
		k := d.RecordID + " " + d.Field + " " + d.Rule
		if _, ok := want[k]; ok {
			want[k] = true
			if d.File != "france-services.csv" || d.Line == 0 || d.Value == "" || !strings.Contains(d.Message, "france-services") {
				t.Errorf("diagnostic %s lacks file, line, value or rule: %+v", k, d)
			}
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("no diagnostic %s", k)
		}
	}
}

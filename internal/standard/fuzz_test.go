package standard

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"maillage/internal/place"
)

// fuzzRead checks that reading never panics and that whatever is accepted
// is written, read back and written again to the same bytes.
func fuzzRead(t *testing.T, data []byte) {
	sc, err := NewScanner(bytes.NewReader(data), "fuzz")
	if err != nil {
		return
	}
	var ls []place.Lieu
	for sc.Scan() {
		e := sc.Entry()
		for _, d := range e.Diagnostics {
			if d.Message == "" || d.Rule == "" {
				t.Fatalf("diagnostic without message or rule: %+v", d)
			}
		}
		if e.OK {
			ls = append(ls, e.Lieu)
		}
	}
	for _, format := range Formats {
		first := encode(t, format, ls)
		sc2, err := NewScanner(bytes.NewReader(first), "again")
		if err != nil {
			t.Fatalf("%s: our export cannot be read: %v\n%s", format, err, first)
		}
		var again []place.Lieu
		for sc2.Scan() {
			if e := sc2.Entry(); e.OK {
				again = append(again, e.Lieu)
			} else {
				t.Fatalf("%s: our export has a rejected record: %+v\n%s", format, e.Diagnostics, first)
			}
		}
		if second := encode(t, format, again); !bytes.Equal(first, second) {
			t.Fatalf("%s: round trip differs\n%s\n---\n%s", format, first, second)
		}
	}
}

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f, "lieux-v1.csv", "lieux-v1-tableur.csv", "lieux-v0.csv")
	f.Add([]byte("id,nom,commune,code_postal,adresse,date_maj\n1,a,b,31000,c,2026-01-01\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data) })
}

func FuzzReadJSON(f *testing.F) {
	addSeeds(f, "lieux-v1.json", "lieux-v0.json", "lieux.geojson")
	f.Add([]byte(`[{"id":"1","nom":"a","commune":"b","code_postal":"31000","adresse":"c","date_maj":"2026-01-01","latitude":1e2}]`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data) })
}

package territory

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func dirOpener(dir string) Opener {
	return func(name string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, name)) }
}

func load(t *testing.T) *Referential {
	t.Helper()
	r, err := LoadDecoupage(dirOpener("testdata/decoupage"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLoadDecoupage(t *testing.T) {
	r := load(t)
	if len(r.Communes) != 7 { // the commune déléguée is left out
		t.Errorf("%d communes", len(r.Communes))
	}
	c, ok := r.Commune("31069")
	if !ok || c.EPCI != "243100518" || c.Departement != "31" {
		t.Errorf("Blagnac: %+v", c)
	}
	if c, ok := r.Commune("13201"); !ok || c.EPCI != "200054807" {
		t.Errorf("an arrondissement belongs to its commune's EPCI: %+v", c)
	}
	if e, ok := r.EPCIOf("248100737"); !ok || e.Type != "CA" {
		t.Errorf("EPCI: %+v", e)
	}
	if d, ok := r.DepartementOf("81"); !ok || d.Nom != "Tarn" {
		t.Errorf("département: %+v", d)
	}
	if _, err := LoadDecoupage(dirOpener("testdata")); err == nil || !strings.Contains(err.Error(), "communes.json") {
		t.Errorf("missing files: %v", err)
	}
}

func TestSearch(t *testing.T) {
	r := load(t)
	names := func(cs []*Commune) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Nom)
		}
		return strings.Join(s, ",")
	}
	for q, want := range map[string]string{
		"toulouse":         "Toulouse",
		"  ALBI ":          "Albi",
		"st sulpice":       "Saint-Sulpice-la-Pointe",
		"saint-sulpice-la": "Saint-Sulpice-la-Pointe",
		"81600":            "Gaillac",
		"31555":            "Toulouse",
		"31100":            "Toulouse",
		"Marseille":        "Marseille,Marseille 1er Arrondissement",
		"zzz":              "",
		"":                 "",
	} {
		if got := names(r.Search(q, 5)); got != want {
			t.Errorf("Search(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestLoadCentres(t *testing.T) {
	for _, f := range []string{"centres.json", "centres.csv"} {
		r := load(t)
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		n, err := r.LoadCentres(bytes.NewReader(data))
		if err != nil || n != 2 {
			t.Errorf("%s: %d, %v", f, n, err)
		}
		if c, ok := r.Commune("31555"); !ok || c.Centre == nil || c.Centre.Lat != 43.6007 || c.Centre.Lon != 1.4328 {
			t.Errorf("%s: Toulouse centre %+v", f, c.Centre)
		}
	}
	r := load(t)
	if _, err := r.LoadCentres(strings.NewReader("a,b\n1,2\n")); err == nil {
		t.Errorf("CSV without the columns accepted")
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Saint-Étienne": "saint etienne", "St Étienne": "saint etienne", "L'Haÿ-les-Roses": "l hay les roses",
		"Ste-Foy": "sainte foy", "  ÉVRY  ": "evry",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzLoadCentres(f *testing.F) {
	for _, n := range []string{"centres.json", "centres.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	base, err := LoadDecoupage(dirOpener("testdata/decoupage"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := *base
		r.Communes = append([]Commune(nil), base.Communes...)
		n, _ := r.LoadCentres(bytes.NewReader(data))
		if n < 0 || n > 3*len(r.Communes) {
			t.Fatalf("n = %d", n)
		}
		for _, c := range r.Communes {
			if c.Centre != nil && (c.Centre.Lat < -90 || c.Centre.Lat > 90) {
				t.Fatalf("centre out of range: %+v", c.Centre)
			}
		}
	})
}

func FuzzLoadDecoupage(f *testing.F) {
	data, err := os.ReadFile("testdata/decoupage/communes.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`[{"code":"01001","type":"commune-actuelle","codesPostaux":null}]`))
	others := map[string][]byte{}
	for _, n := range []string{"epci.json", "departements.json", "regions.json"} {
		b, err := os.ReadFile(filepath.Join("testdata/decoupage", n))
		if err != nil {
			f.Fatal(err)
		}
		others[n] = b
	}
	f.Fuzz(func(t *testing.T, communes []byte) {
		r, err := LoadDecoupage(func(name string) (io.ReadCloser, error) {
			if name == "communes.json" {
				return io.NopCloser(bytes.NewReader(communes)), nil
			}
			return io.NopCloser(bytes.NewReader(others[name])), nil
		})
		if err != nil {
			return
		}
		for _, c := range r.Communes {
			if got, ok := r.Commune(c.Code); !ok || got.Code != c.Code {
				t.Fatalf("commune %q not found back", c.Code)
			}
		}
		r.Search("a", 5)
	})
}

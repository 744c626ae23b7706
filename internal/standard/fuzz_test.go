package standard

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
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
	// Workers change nothing.
	one, sum1, err1 := scanEntries(t, data, 1)
	three, sum3, err3 := scanEntries(t, data, 3)
	if !reflect.DeepEqual(one, three) || sum1 != sum3 || (err1 == nil) != (err3 == nil) {
		t.Fatalf("3 workers differ: %s %v / %s %v", sum1, err1, sum3, err3)
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
	// what spreadsheets save: Windows-1252 and ";", lone CRs, BOMs, UTF-16
	f.Add([]byte("id;nom;commune;code_postal;adresse;date_maj\r\n1;M\xe9diath\xe8que;S\xe8te;34200;c;2026-01-01\r\n"))
	f.Add([]byte("id,nom,commune,code_postal,adresse,date_maj\r1,a,b,31000,c,2026-01-01\r"))
	f.Add([]byte("\xef\xbb\xbf\xef\xbb\xbfid,nom,commune,code_postal,adresse,date_maj\n1,a,b,31000,c,2026-01-01\n"))
	f.Add([]byte("\xff\xfei\x00d\x00,\x00n\x00o\x00m\x00\n\x001\x00,\x00a\x00\n\x00"))
	// hostile values: NUL, path syntax in ids, a header without id or nom
	f.Add([]byte("id,nom,commune,code_postal,adresse,date_maj\n../a?b,a\x00,b,31000,c,2026-01-01\n"))
	f.Add([]byte("adresse,code_postal,latitude\n1 rue,81000,43.9\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data) })
}

func FuzzReadJSON(f *testing.F) {
	addSeeds(f, "lieux-v1.json", "lieux-v0.json", "lieux.geojson")
	f.Add([]byte(`[{"id":"1","nom":"a","commune":"b","code_postal":"31000","adresse":"c","date_maj":"2026-01-01","latitude":1e2}]`))
	f.Add([]byte("[\n {\"id\":\"a/b\",\"nom\":\"a\\u0000\",\"k1\":1,\"k2\":2},\n {\"id\": x}]"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data) })
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"256Mo", "64 Ko", "1,5 Mo", "0", "12 lieues", "1e30", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, n)
		}
		// What FormatSize writes reads back, within its rounding.
		back, err := ParseSize(FormatSize(n))
		if err != nil || n > 0 && (float64(back) < float64(n)*0.94 || float64(back) > float64(n)*1.06) {
			t.Fatalf("%q: %d → %q → %d, %v", s, n, FormatSize(n), back, err)
		}
	})
}

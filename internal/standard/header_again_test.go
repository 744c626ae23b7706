package standard

import (
	"strings"
	"testing"

	"maillage/internal/place"
)

// TestRepeatedHeaderLine: a header line inside a CSV (two exports put end
// to end) is one clear error on its line, not a record « id » with an
// error per value; the records around it are read.
func TestRepeatedHeaderLine(t *testing.T) {
	const header = "id,nom,commune,code_postal,adresse,source,date_maj\n"
	const a = "a1,Médiathèque,Albi,81000,1 rue Croix Verte,hub,2026-01-01\n"
	const b = "b1,Espace numérique,Rodez,12000,2 rue Béteille,hub,2026-01-01\n"
	tests := []struct {
		name, in string
		line     int
	}{
		{"the same header", header + a + header + b, 3},
		{"quoted, upper case, fewer columns", header + a + `"ID","NOM","COMMUNE"` + "\n" + b, 3},
		{"another order, a column of the file only", strings.TrimSuffix(header, "\n") + ",remarque\n" + strings.TrimSuffix(a, "\n") + ",ok\ncommune,nom,id,,,,,remarque\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := NewScanner(strings.NewReader(tt.in), "f.csv")
			if err != nil {
				t.Fatal(err)
			}
			var errs []Diagnostic
			accepted := 0
			for sc.Scan() {
				e := sc.Entry()
				if e.OK {
					accepted++
				}
				for _, d := range e.Diagnostics {
					if d.Severity == place.Error {
						errs = append(errs, d)
					}
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			if len(errs) != 1 || errs[0].Line != tt.line || !strings.Contains(errs[0].Message, "ligne d'en-tête répétée") || errs[0].RecordID != "" {
				t.Errorf("errors %+v, want one « ligne d'en-tête répétée » on line %d", errs, tt.line)
			}
			if want := strings.Count(tt.in, "\n") - 2; accepted != want {
				t.Errorf("%d records accepted, want %d", accepted, want)
			}
		})
	}
	// A record whose values only look like names is a record.
	sc, err := NewScanner(strings.NewReader(header+"id,Mairie,Albi,81000,1 place,hub,2026-01-01\n"), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		for _, d := range sc.Entry().Diagnostics {
			if strings.Contains(d.Message, "en-tête") {
				t.Errorf("a record read as a header: %+v", d)
			}
		}
	}
}

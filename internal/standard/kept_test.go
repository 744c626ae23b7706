package standard

import (
	"io"
	"strings"
	"testing"

	"maillage/internal/place"
)

// Keys given as Kept are not called unknown, whether in the header (the
// first element) or first met in a later element, and their values are
// kept in the provenance as unknown keys' are; other unknown keys are
// still reported.
func TestKeptKeysAreNotUnknown(t *testing.T) {
	for _, tt := range []struct {
		name, file string
	}{
		{"json", `[{"id":"a","nom":"A","commune":"Albi","code_postal":"81000","adresse":"1 rue X","date_maj":"2024-01-01","format_fs":"F"},
{"id":"b","nom":"B","commune":"Albi","code_postal":"81000","adresse":"2 rue X","date_maj":"2024-01-01","Groupe":"G","autre":"Z"}]`},
		{"csv", "id,nom,commune,code_postal,adresse,date_maj,format_fs,groupe,autre\na,A,Albi,81000,1 rue X,2024-01-01,F,,\nb,B,Albi,81000,2 rue X,2024-01-01,,G,Z\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := NewScannerOptions(strings.NewReader(tt.file), "f", Options{Limits: DefaultLimits, Kept: []string{"format_fs", "groupe"}})
			if err != nil {
				t.Fatal(err)
			}
			defer sc.Close()
			var notices []string
			for _, d := range sc.FileDiagnostics {
				if d.Rule == place.RuleUnknownColumn {
					notices = append(notices, d.Message)
				}
			}
			var groupe string
			for sc.Scan() {
				e := sc.Entry()
				for _, d := range e.Diagnostics {
					if d.Rule == place.RuleUnknownColumn {
						notices = append(notices, d.Message)
					}
				}
				if e.Lieu.ID == "b" {
					groupe = e.Lieu.Provenance.Original["groupe"]
				}
			}
			if err := sc.Err(); err != nil && err != io.EOF {
				t.Fatal(err)
			}
			if len(notices) != 1 || !strings.Contains(notices[0], "« autre »") || strings.Contains(notices[0], "format_fs") || strings.Contains(notices[0], "groupe") {
				t.Errorf("unknown notices %q, want one naming only « autre »", notices)
			}
			if groupe != "G" {
				t.Errorf("groupe kept as %q", groupe)
			}
		})
	}
}

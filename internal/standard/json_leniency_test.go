package standard

import (
	"strings"
	"testing"
)

// A JSON object holding several arrays of places (« lieux » and « data »)
// is refused with a message naming both (only one was read, the other
// dropped without a word); an id that is a boolean or a list is refused
// with a diagnostic naming the field, the value and the rule (a number is
// an id, as exports write them).
func TestJSONSeveralArraysAndIDTypes(t *testing.T) {
	const rec = `{"id":%s,"nom":"EPN","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"}`
	one := func(id string) string { return strings.Replace(rec, "%s", id, 1) }
	for _, c := range []struct {
		name, file string
		fileErr    []string // in the error that stops the reading
		diag       []string // in the diagnostics
		accepted   int
	}{
		{name: "lieux then data", file: `{"lieux":[` + one(`"a1"`) + `],` + "\n" + `"data":[` + one(`"b1"`) + `]}`,
			fileErr: []string{"« lieux »", "« data »", "ligne 2"}},
		{name: "data then features", file: `{"data":[` + one(`"a1"`) + `],"meta":{"total":1},"features":[]}`,
			fileErr: []string{"« data »", "« features »"}},
		{name: "one array and other keys", file: `{"meta":{"lieux":[1]},"data":[` + one(`"a1"`) + `],"lieux":"voir data","total":1}`, accepted: 1},
		{name: "id true", file: `[` + one(`true`) + `]`, diag: []string{"champ id", "« true »", "(règle format)"}},
		{name: "id list", file: `[` + one(`["a","b"]`) + `]`, diag: []string{"champ id", `« ["a","b"] »`, "(règle format)"}},
		{name: "id number", file: `[` + one(`12`) + `]`, accepted: 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc, err := NewScannerOptions(strings.NewReader(c.file), "f.json", Options{Limits: DefaultLimits})
			if err == nil {
				var diags []string
				for sc.Scan() {
					for _, d := range sc.Entry().Diagnostics {
						diags = append(diags, d.String())
					}
				}
				err = sc.Err()
				all := strings.Join(diags, "\n")
				for _, w := range c.diag {
					if !strings.Contains(all, w) {
						t.Errorf("diagnostics lack %q:\n%s", w, all)
					}
				}
				if c.fileErr == nil && sc.Summary.Accepted != c.accepted {
					t.Errorf("%d accepted, want %d:\n%s", sc.Summary.Accepted, c.accepted, all)
				}
				sc.Close()
			}
			if c.fileErr == nil {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("read without a word")
			}
			for _, w := range c.fileErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

package standard

import (
	"io"
	"strings"
	"testing"

	"maillage/internal/place"
)

// TestRawIDsCollide: two records whose ids differ as the source wrote
// them but are one id once cleaned (« A/1 » and « A-1 », « B1 » and
// « B1 » with spaces) are not one record silently: the second is refused
// with an error naming its line, the field, the value as written, the id
// it cleans to, the first one's line and value, and the rule; the
// first keeps its id as written in its provenance.
func TestRawIDsCollide(t *testing.T) {
	file := "id,nom,commune,code_postal,adresse,date_maj\n" +
		"A/1,Un,Albi,81000,1 rue X,2024-01-01\n" +
		"A-1,Deux,Albi,81000,2 rue X,2024-01-01\n" +
		"B1,Trois,Albi,81000,3 rue X,2024-01-01\n" +
		"\" B1 \",Quatre,Albi,81000,4 rue X,2024-01-01\n"
	sc, err := NewScannerOptions(strings.NewReader(file), "f.csv", Options{Limits: DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	var refused []Diagnostic
	raw := map[string]string{}
	for sc.Scan() {
		e := sc.Entry()
		for _, d := range e.Diagnostics {
			if d.Rule == place.RuleDuplicateID {
				refused = append(refused, d)
			}
		}
		if e.OK {
			raw[e.Lieu.ID] = e.Lieu.RawID()
		}
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	if raw["A-1"] != "A/1" || raw["B1"] != "B1" {
		t.Errorf("ids as written: %q", raw)
	}
	want := []struct {
		line         int
		value, words string
	}{
		{3, "A-1", "« A-1 » : déjà l'identifiant de la ligne 2 du fichier, écrit « A/1 »"},
		{5, " B1 ", "« B1 » une fois nettoyé : déjà l'identifiant de la ligne 4 du fichier"},
	}
	if len(refused) != len(want) {
		t.Fatalf("refused %+v, want %d", refused, len(want))
	}
	for i, w := range want {
		d := refused[i]
		if d.Line != w.line || d.Field != "id" || d.Value != w.value || d.Severity != place.Error || !strings.Contains(d.Message, w.words) {
			t.Errorf("refusal %d: line %d field %q value %q: %s; want line %d, value %q, %q", i, d.Line, d.Field, d.Value, d.Message, w.line, w.value, w.words)
		}
	}
}

package standard

import (
	"bytes"
	"strings"
	"testing"

	"maillage/internal/place"
)

// The summary of repeated diagnostics gives as examples only the places
// it can name: a diagnostic about the whole file (no line, no element) adds
// none (it printed « par exemple , élément 52 »), and a group without any
// location, or without a file (the geocoder's), says no « par exemple ».
func TestRepeatedSummaryWithoutEmptyLocations(t *testing.T) {
	var diags []Diagnostic
	unknown := place.Problem{Severity: place.Warning, Rule: place.RuleUnknownColumn, Message: "champs inconnus"}
	diags = append(diags, Diagnostic{File: "fs.csv", Index: -1, Problem: unknown})
	for i := range 6 {
		diags = append(diags, Diagnostic{File: "fs.csv", Index: 51 + i, Problem: unknown})
	}
	geo := place.Problem{Severity: place.Warning, Field: "latitude", Rule: "geocodage-impossible", Message: "adresse introuvable"}
	for range 7 {
		diags = append(diags, Diagnostic{Index: -1, Problem: geo})
	}
	var b bytes.Buffer
	rw, err := NewReportWriter("text", &b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range diags {
		rw.Write(&diags[i])
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, want := range []string{
		"fs.csv : 7 × avertissement (règle colonne-inconnue), par exemple élément 52, élément 53, élément 54, élément 55 : champs inconnus\n",
		"\n7 × avertissement champ latitude (règle geocodage-impossible) : adresse introuvable\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"par exemple ,", ", ,", "\n : "} {
		if strings.Contains(text, not) {
			t.Errorf("text report has %q:\n%s", not, text)
		}
	}
}

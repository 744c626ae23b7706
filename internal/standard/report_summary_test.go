package standard

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"maillage/internal/place"
)

// The placeholder pivot is said of most records of many lists (the France
// Services list gives none): the text report sums it up in one line per
// message, with the count and the first lines and ids, and writes none of
// them one by one; a single one is written as it is. JSON and CSV keep
// every one.
func TestTextReportSummarisesPlaceholderPivots(t *testing.T) {
	var diags []Diagnostic
	for i := range 12 {
		diags = append(diags, Diagnostic{File: "f.csv", Line: i + 2, Index: -1, RecordID: fmt.Sprintf("r%d", i), Problem: place.Problem{
			Severity: place.Warning, Field: "pivot", Rule: place.RulePivotPlaceholder, Message: "pivot absent"}})
		if i == 3 {
			diags = append(diags, Diagnostic{File: "f.csv", Line: 5, Index: -1, RecordID: "r3", Problem: place.Problem{
				Severity: place.Error, Field: "nom", Rule: place.RuleRequired, Message: "champ obligatoire vide"}})
		}
	}
	diags = append(diags, Diagnostic{File: "f.csv", Line: 20, Index: -1, RecordID: "z", Problem: place.Problem{
		Severity: place.Warning, Field: "pivot", Value: "00000000000000", Rule: place.RulePivotPlaceholder, Message: "pivot fictif (que des zéros)"}})
	for _, format := range ReportFormats {
		var b bytes.Buffer
		rw, err := NewReportWriter(format, &b)
		if err != nil {
			t.Fatal(err)
		}
		for i := range diags {
			rw.Write(&diags[i])
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if format != "text" {
			if n := strings.Count(out, "pivot-fictif"); n != 13 {
				t.Errorf("%s report: %d placeholder pivots, want all 13:\n%s", format, n, out)
			}
			continue
		}
		var pivots []string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "pivot-fictif") {
				pivots = append(pivots, l)
			}
		}
		want := []string{
			"f.csv : 12 × avertissement champ pivot (règle pivot-fictif), par exemple ligne 2 [id r0], ligne 3 [id r1], ligne 4 [id r2], ligne 5 [id r3], ligne 6 [id r4] : pivot absent",
			"f.csv, ligne 20 : avertissement [id z] champ pivot valeur « 00000000000000 » : pivot fictif (que des zéros) (règle pivot-fictif)",
		}
		if strings.Join(pivots, "\n") != strings.Join(want, "\n") {
			t.Errorf("placeholder pivot lines:\n%s\nwant:\n%s\nreport:\n%s", strings.Join(pivots, "\n"), strings.Join(want, "\n"), out)
		}
		if !strings.Contains(out, "f.csv, ligne 5 : erreur [id r3] champ nom : champ obligatoire vide (règle obligatoire)\n") {
			t.Errorf("other diagnostics are written as they come:\n%s", out)
		}
	}
}

package standard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"maillage/internal/place"
)

// 1 000 records with the same warning: the text report writes five of them
// and one line counting them all; JSON and CSV write every one.
func TestTextReportGroupsRepeatedDiagnostics(t *testing.T) {
	var diags []Diagnostic
	for i := range 1000 {
		diags = append(diags, Diagnostic{File: "f.csv", Line: i + 2, Index: -1, RecordID: fmt.Sprint(i), Problem: place.Problem{
			Severity: place.Warning, Field: "pivot", Rule: place.RulePivotPlaceholder, Message: "pivot absent"}})
	}
	diags = append(diags, Diagnostic{File: "f.csv", Line: 1002, Index: -1, RecordID: "x", Problem: place.Problem{
		Severity: place.Error, Field: "nom", Rule: place.RuleRequired, Message: "champ obligatoire vide"}})
	out := map[string]string{}
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
		out[format] = b.String()
	}
	text := out["text"]
	if n := strings.Count(text, "\n"); n > 12 {
		t.Errorf("text report of %d lines:\n%s", n, text)
	}
	for _, want := range []string{
		"f.csv, ligne 6 : avertissement [id 4] champ pivot : pivot absent (règle pivot-fictif)\n",
		"f.csv, ligne 1002 : erreur [id x] champ nom : champ obligatoire vide (règle obligatoire)\n",
		"f.csv : 1\u202f000 × avertissement champ pivot (règle pivot-fictif), par exemple ligne 2, ligne 3, ligne 4, ligne 5, ligne 6 : pivot absent\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "ligne 7 ") {
		t.Errorf("a sixth example was written:\n%s", text)
	}
	var all []map[string]any
	if err := json.Unmarshal([]byte(out["json"]), &all); err != nil || len(all) != 1001 {
		t.Errorf("json report: %d diagnostics, %v", len(all), err)
	}
	if n := strings.Count(out["csv"], "\n"); n != 1002 {
		t.Errorf("csv report: %d lines", n)
	}
}

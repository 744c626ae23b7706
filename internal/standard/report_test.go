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
			Severity: place.Warning, Field: "courriels", Rule: place.RuleEmail, Message: "courriel invalide"}})
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
		// the same thousands form as the summary (internal/french): « 1000 », « 20 000 »
		"f.csv, ligne 6 : avertissement [id 4] champ courriels : courriel invalide (règle " + place.RuleEmail + ")\n",
		"f.csv, ligne 1002 : erreur [id x] champ nom : champ obligatoire vide (règle obligatoire)\n",
		"f.csv : 1000 × avertissement champ courriels (règle " + place.RuleEmail + "), par exemple ligne 2, ligne 3, ligne 4, ligne 5, ligne 6 : courriel invalide\n",
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

// The CSV report is opened in spreadsheets: a cell that would start a
// formula is prefixed with an apostrophe; numbers stay numbers.
func TestCSVReportNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	rw, err := NewReportWriter("csv", &b)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"=HYPERLINK(\"http://x\")", "+33 1", "-2+3", "@SUM(A1)", "\tcmd", "\rx", "-1.5", "ok"} {
		rw.Write(&Diagnostic{File: "f.csv", Line: 2, Index: -1, RecordID: v, Problem: place.Problem{
			Severity: place.Warning, Field: "nom", Value: v, Rule: "r", Message: "m"}})
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	want := `fichier,ligne,index,id,gravite,champ,valeur,regle,message
f.csv,2,,"'=HYPERLINK(""http://x"")",avertissement,nom,"'=HYPERLINK(""http://x"")",r,m
f.csv,2,,'+33 1,avertissement,nom,'+33 1,r,m
f.csv,2,,'-2+3,avertissement,nom,'-2+3,r,m
f.csv,2,,'@SUM(A1),avertissement,nom,'@SUM(A1),r,m
`
	got := b.String()
	for _, line := range strings.Split(strings.TrimSpace(want), "\n") {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("lacks %q:\n%s", line, got)
		}
	}
	for _, line := range []string{"f.csv,2,,'\tcmd,avertissement,nom,'\tcmd,r,m\n", "f.csv,2,,\"'\rx\",", "f.csv,2,,-1.5,avertissement,nom,-1.5,r,m\n", "f.csv,2,,ok,"} {
		if !strings.Contains(got, line) {
			t.Errorf("lacks %q:\n%s", line, got)
		}
	}
}

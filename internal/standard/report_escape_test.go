package standard

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"maillage/internal/place"
)

// A value, id or file name with terminal escapes is written escaped in the
// text report (it is printed on terminals), and as it is in JSON.
func TestTextReportEscapesControlCharacters(t *testing.T) {
	d := Diagnostic{File: "a\x1b]0;x\x07.csv", Line: 2, Index: -1, RecordID: "id\x1b[31m", Problem: place.Problem{
		Severity: place.Warning, Field: "nom", Value: "\x1b[1A\x1b[2Kfake\u202e", Rule: "r", Message: "m « \x1b[0m »"}}
	for _, examples := range []int{0, 1} {
		var b bytes.Buffer
		rw, err := NewReportWriter("text", &b)
		if err != nil {
			t.Fatal(err)
		}
		rw.SetExamples(examples)
		for range 3 {
			rw.Write(&d)
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		text := b.String()
		if strings.ContainsAny(text, "\x1b\x07\u202e") {
			t.Errorf("examples %d: raw control characters in the text report: %q", examples, text)
		}
		if !strings.Contains(text, `valeur « \x1b[1A\x1b[2Kfake\u202e »`) {
			t.Errorf("examples %d: escaped value missing: %q", examples, text)
		}
	}
	var b bytes.Buffer
	rw, err := NewReportWriter("json", &b)
	if err != nil {
		t.Fatal(err)
	}
	rw.Write(&d)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	var all []map[string]any
	if err := json.Unmarshal(b.Bytes(), &all); err != nil || len(all) != 1 || all[0]["valeur"] != d.Value {
		t.Errorf("json report does not keep the value: %v %v", all, err)
	}
}

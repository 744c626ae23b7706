package standard

import (
	"bytes"
	"strings"
	"testing"

	"maillage/internal/place"
)

// A relocated report names what the function says, for every format,
// and stops relocating when told.
func TestReportRelocate(t *testing.T) {
	for _, format := range ReportFormats {
		var b bytes.Buffer
		rw, err := NewReportWriter(format, &b)
		if err != nil {
			t.Fatal(err)
		}
		d := Diagnostic{File: "converti.json", Index: 2, Problem: place.Problem{Severity: place.Warning, Rule: "r", Message: "m"}}
		rw.SetRelocate(func(d *Diagnostic) { d.File, d.Line, d.Index = "tableur.xlsx", 17, -1 })
		rw.Write(&d)
		rw.SetRelocate(nil)
		rw.Write(&d)
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if d.File != "converti.json" || d.Index != 2 {
			t.Errorf("%s: the caller's diagnostic was changed: %+v", format, d)
		}
		if !strings.Contains(out, "tableur.xlsx") || !strings.Contains(out, "17") || !strings.Contains(out, "converti.json") {
			t.Errorf("%s report:\n%s", format, out)
		}
	}
}
